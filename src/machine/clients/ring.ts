/**
 * The ring client, after ntb_transport: the peer writes each item (payload, then
 * DESC_DONE_FLAG) into the queue's receive ring before it signals (a full ring holds it back),
 * so the item is in the ring when its payload write lands, ahead of its interrupt. Every signal
 * only schedules the queue's tasklet; a tasklet run (ntb_transport_rxc_db) polls the ring until
 * it is empty, up to rx_max_entry = the ring's frame count, and its items book their own
 * end-to-end latency. An interrupt for items an earlier run already took finds an empty ring. In doorbell mode its db callback first reads the doorbell
 * register, and one vector serves every queue, so each doorbell schedules every queue's
 * tasklet. It owns the queues' receive rings.
 */
import { sampleNs } from '../costs.js';
import { MECH_DOORBELL } from '../queue-table.js';
import { defineNtbClient, type NtbClientContext, type NtbClientKind, type NtbClientOps } from './client-ops.js';
import { RxRing } from './rx-ring.js';

function createRing(ctx: NtbClientContext): NtbClientOps {
  const { config, queues, regs, softirq, costs: c } = ctx;
  const sizes: number[] = [];
  for (const p of config.peers) for (let i = 0; i < p.queues; i++) sizes.push(p.client === ringClient.name ? p.ringSize : 0);
  const ring = new RxRing(sizes);
  // Every signal schedules the queue's tasklet on the CPU that took it; the handler's own time
  // is the ISR's, nothing more.
  const schedule = (cpu: number, q: number): number => {
    softirq.schedule(cpu, q);
    return 0;
  };
  return defineNtbClient(ctx, {
    peerPost: (q, triggerNs) => ring.push(q, triggerNs),
    isr: schedule,
    dbEvent: schedule,
    msgEvent: schedule,
    // ntb_transport_rxc_db(): the tasklet's dispatch, then ntb_process_rxc() entry by entry.
    taskletStart: () => c.taskletNs,
    // ntb_process_rxc(): the next entry is there when its payload has landed (DESC_DONE_FLAG),
    // whether or not its interrupt has arrived yet; the run stops at an empty ring or after
    // rx_max_entry entries (the ring's frame count).
    taskletPoll: (_cpu, q, taken, item) => {
      if (taken === queues.rxMaxEntry[q] || ring.count[q] === 0) return false;
      item.workNs = sampleNs(queues.itemWork[q], queues.rng[q]);
      // MODEL: the slot is free for the peer as the run takes the item; the kernel frees it
      // after the item is done, and the peer sees that a link latency later.
      item.arrivalNs = ring.shift(q);
      return true;
    },
    // A run that took a full rx_max_entry is rescheduled (there is more to do); otherwise the
    // tail reads the queue's doorbell bit, also for a queue that signals by MSI (use_msi): its
    // peer never rings that bit, but the tasklet reads the register all the same.
    taskletDone: (cpu, q, items) => {
      if (items === queues.rxMaxEntry[q]) {
        softirq.schedule(cpu, q);
        return 0;
      }
      let tailNs = c.mmioReadNs;
      const r = regs[queues.peer[q]];
      const bit = 1 << queues.dbBit[q];
      if (queues.mech[q] === MECH_DOORBELL && r.read() & bit) {
        // Clear the bit, read back to commit the write; an interrupt may have raced: run again.
        r.clear(bit);
        tailNs += c.mmioWriteNs + c.mmioReadNs;
        softirq.schedule(cpu, q);
      }
      return tailNs;
    },
  });
}

export const ringClient: NtbClientKind = {
  name: 'ring',
  actionName: 'ntb_transport',
  mechanisms: ['msi', 'doorbell', 'message'],
  dbEventReadsDoorbell: true,
  deferredItems: true,
  rxRing: true,
  create: createRing,
};

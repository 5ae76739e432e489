/**
 * The ring client, after ntb_transport: the peer puts each item in the queue's receive ring
 * before it signals (a full ring holds it back), and every signal only schedules the queue's
 * tasklet; the items are done in softirq by the tasklet runs (ntb_transport_rxc_db), which book
 * their own end-to-end latency. In doorbell mode its db callback first reads the doorbell
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
    // ntb_transport_rxc_db(): up to rx_max_entry ring entries, each an item of handler work.
    taskletRun: (_cpu, q, run) => {
      const count = Math.min(ring.count[q], queues.rxMaxEntry[q]);
      run.reserve(count);
      const doneNs = run.doneNs;
      const arrivalNs = run.arrivalNs;
      const rng = queues.rng[q];
      const work = queues.itemWork[q];
      let w = c.taskletNs;
      for (let i = 0; i < count; i++) {
        w += sampleNs(work, rng);
        doneNs[i] = w;
        arrivalNs[i] = ring.shift(q);
      }
      run.count = count;
      run.workNs = w;
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
  create: createRing,
};

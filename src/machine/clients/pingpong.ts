/**
 * ntb_pingpong (drivers/ntb/test/ntb_pingpong.c): one doorbell bounced between host and peer.
 * The peer pings once at time 0; each db_event reads the doorbell, masks and clears the bit,
 * and after delay_ms rings the peer, which answers after its own delay: the next ping.
 * MODEL: the pong timer's own CPU time and the peer's side are folded into one round trip.
 */
import { defineNtbClient, itemWorkNs, type NtbClientContext, type NtbClientKind, type NtbClientOps } from './client-ops.js';

function createPingpong(ctx: NtbClientContext): NtbClientOps {
  const { queues, regs, costs: c } = ctx;
  const delayNs = Float64Array.from(ctx.config.peers, (p) => p.pingDelayNs ?? 0);
  return defineNtbClient(ctx, {
    // db_event for queue q at atNs: read, and for our bit mask + clear, the work, ring the peer.
    dbEvent: (_cpu, q, atNs) => {
      const r = regs[queues.peer[q]];
      const bit = 1 << queues.dbBit[q];
      let ns = c.mmioReadNs;
      if ((r.read() & bit) === 0) return ns;
      r.clear(bit);
      ns += 2 * c.mmioWriteNs + itemWorkNs(queues, q);
      const delay = delayNs[queues.peer[q]];
      // host delay → ring the peer (odb write, across the link, the peer's switch) → the peer's
      // interrupt and its own delay → its ring back, whose landing the peer writes compute.
      const pingNs = atNs + ns + delay + c.mmioWriteNs + queues.wireNs[q] + c.doorbellLatencyNs + c.peerIrqNs + delay;
      ctx.scheduleWriteAt(q, pingNs);
      return ns;
    },
  });
}

export const pingpongClient: NtbClientKind = {
  name: 'pingpong',
  mechanisms: ['doorbell'],
  mechanismRule: 'plays over doorbells (ntb_pingpong)',
  ownTraffic: {
    arrival: { type: 'trace', timestamps: [0] },
    why: 'a pingpong peer pings once at time 0 and then answers each pong: give pingDelay, not an arrival',
  },
  dbEventReadsDoorbell: false,
  deferredItems: false,
  rxRing: false,
  create: createPingpong,
};

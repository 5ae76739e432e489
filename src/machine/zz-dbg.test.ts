import { it } from 'vitest';
import { runSimulation } from '../run.js';
import { EVENT_NAMES, EV_SOURCE_WRITE_LANDS, EV_ACTION_DONE, EV_CPU_FREE } from '../events.js';
import { det, peerConfig, periodicArrival, testConfig } from './testing/config-builder.js';
it('dbg', () => {
  const cfg = testConfig({ cpus: 2, durationNs: 3_000_000, ntb: { device: 'idt', design: 'ntb-domain' },
    peers: [peerConfig({ name: 'near', arrival: periodicArrival(1_000_000), linkLatencyNs: 150, hops: 1 }),
      peerConfig({ name: 'far', shares: 'near', arrival: periodicArrival(1_000_000), linkLatencyNs: 300_000, hops: 1 })],
    affinityChanges: [{ atNs: 1_000_600, irq: 'near/q0', cpus: [1] }], costs: { peerSpadReadNs: det(100_000) } });
  const out: string[] = [];
  const r = runSimulation(cfg, { trace: (t, k, a0, a1) => { if (k !== EV_SOURCE_WRITE_LANDS && k !== EV_ACTION_DONE && k !== EV_CPU_FREE) out.push(`${t} ${EVENT_NAMES[k]} ${a0} ${a1}`); } });
  console.log(out.join('\n'));
  console.log(JSON.stringify(r.snapshot.peers.rows), JSON.stringify(r.counters));
});

import { describe, it } from 'vitest';
import { runSimulation } from '../run.js';
import { EVENT_NAMES } from '../events.js';
import { testConfig, traceArrival, det } from './testing/config-builder.js';

describe('explore', () => {
  it('single', () => {
    const log: string[] = [];
    const cfg = testConfig({ zeroCosts: true, durationNs: 100_000, peer: { arrival: traceArrival([1000, 1100, 1150, 1200]), itemWork: det(1000), linkLatencyNs: 100, hops: 2 },
      costs: { msiDeliveryNs: det(500), irqEntryNs: det(100), irqExitNs: det(30), ackLevelNs: det(5), eoiNs: det(40), isrNs: det(20) } });
    const r = runSimulation(cfg, { trace: (t, k, a0, a1) => log.push(`${t} ${EVENT_NAMES[k]} ${a0} ${a1}`) });
    console.log(log.join('\n'));
    console.log(JSON.stringify(r.snapshot.latency.filter(l => l.scope === 'all').map(l => [l.stage, l.count, l.minNs, l.maxNs, l.meanNs])));
    console.log(JSON.stringify(r.snapshot.summary.filter(s => s.scope === 'fate')));
    console.log(JSON.stringify(r.counters));
    console.log(JSON.stringify(r.snapshot.irqs.columns.map(c=>c.name)), JSON.stringify(r.snapshot.irqs.rows.filter(x=>x.values[0]>0)));
  });
});

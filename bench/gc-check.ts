/**
 * Steady-state garbage check: after a warm-up, run five million holds of the hold model and count
 * the garbage collections a PerformanceObserver sees. The target is zero. A second run starts at
 * 2^32 ns, where every event time is a double, not a small integer, and is boxed wherever it
 * crosses a call V8 did not inline: today it sees about 40 GCs there (README, "Architecture").
 * Writes results/bench/engine-gc.csv.
 * Usage: node dist/bench/gc-check.js [--out DIR]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../src/report/atomic-write.js';
import { createHoldModel } from './hold-model.js';
import type { QueueKind } from '../src/engine/event-queue.js';

const HOLDS = 1_000_000;
const MEASURED_HOLDS = 5_000_000;

/** Past 2^31 ns: 2^32 ns, about 4.3 s simulated. */
const LATE_START_NS = 2 ** 32;

async function countGcs(queue: QueueKind, size: number, startNs: number): Promise<{ gcs: number; holds: number }> {
  const model = createHoldModel(size, queue, 1, 1000, startNs);
  model.hold(HOLDS); // warm-up: JIT, pool at its working size
  let gcs = 0;
  const obs = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  obs.observe({ entryTypes: ['gc'] });
  model.hold(MEASURED_HOLDS);
  // GC entries are delivered asynchronously: let the observer drain before reading.
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  return { gcs, holds: MEASURED_HOLDS };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'results/bench' } } });
  const rows = ['queue,pending,start_ns,holds,gcs,gcs_per_million'];
  for (const queue of ['binary-heap', 'heap-js'] as const) {
    for (const [size, startNs] of [
      [1e2, 0],
      [1e4, 0],
      [1e2, LATE_START_NS],
    ]) {
      const { gcs, holds } = await countGcs(queue, size, startNs);
      rows.push(`${queue},${size},${startNs},${holds},${gcs},${(gcs / holds) * 1e6}`);
      const from = startNs === 0 ? '' : `  from ${startNs} ns`;
      console.log(`gc check  ${queue.padEnd(11)}  N=${size.toExponential(0)}${from}  ${gcs} GCs in ${holds} holds after warm-up`);
    }
  }
  const outDir = values.out as string;
  mkdirSync(outDir, { recursive: true });
  await writeFileAtomic(join(outDir, 'engine-gc.csv'), rows.join('\n') + '\n');
}

await main();

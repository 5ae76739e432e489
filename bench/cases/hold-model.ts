/**
 * Gate case "hold-model": a fixed number of holds of the engine hold model at a fixed pending
 * size and seed, run under valgrind by the perf gate (src/gate). It prints the simulated end
 * state as metrics, which are deterministic for the seed.
 * `--queue bare` runs the same holds on the bare typed-array heap beside it (createBareHold): the
 * floor the engine is measured against (`node scripts/instructions-per-irq.mjs --case hold-model`).
 * Usage: node dist/bench/cases/hold-model.js --holds 200000 --pending 10000 --queue binary-heap --seed 1
 */
import { parseArgs } from 'node:util';
import type { QueueKind } from '../../src/engine/event-queue.js';
import { emitCaseMetrics } from '../../src/gate/case-protocol.js';
import { createBareHold, createHoldModel } from '../hold-model.js';

const { values } = parseArgs({
  options: {
    holds: { type: 'string', default: '200000' },
    pending: { type: 'string', default: '10000' },
    queue: { type: 'string', default: 'binary-heap' },
    seed: { type: 'string', default: '1' },
  },
  strict: true,
});

function nonNegativeInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`--${name}: expected a non-negative integer, got ${JSON.stringify(text)}`);
  return n;
}

const holds = nonNegativeInt('holds', values.holds);
const pending = nonNegativeInt('pending', values.pending);
const seed = nonNegativeInt('seed', values.seed);
if (values.queue === 'bare') {
  createBareHold(pending, seed)(holds);
  emitCaseMetrics({ dispatched: holds });
  process.exit(0);
}
if (values.queue !== 'binary-heap' && values.queue !== 'heap-js') {
  throw new RangeError(`--queue: expected binary-heap, heap-js or bare, got ${JSON.stringify(values.queue)}`);
}
const model = createHoldModel(pending, values.queue as QueueKind, seed);
model.hold(holds);
emitCaseMetrics({ dispatched: model.sim.dispatched, finalTimeNs: model.sim.nowNs, pendingCount: model.sim.pendingCount });

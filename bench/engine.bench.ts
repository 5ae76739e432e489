/**
 * The engine alone: the classic hold model (pop the minimum, schedule one event at now +
 * Exp(mean)) at pending-set sizes 1e2, 1e4 and 1e6, for both queues, beside a bare typed-array
 * binary heap doing the same holds with no engine around it (the floor to compare against).
 */
import { createBareHold, createHoldModel, type HoldModel } from './hold-model.js';
import type { BenchSuite, BenchTask } from './suite.js';
import type { QueueKind } from '../src/engine/event-queue.js';

const HOLDS_PER_CALL = 20_000;
const SIZES = [1e2, 1e4, 1e6] as const;

function holdTask(queue: QueueKind, size: number): BenchTask {
  let model: HoldModel | null = null;
  return {
    name: `hold ${queue} N=${size.toExponential(0)}`,
    opsPerCall: HOLDS_PER_CALL,
    setup: () => {
      model = createHoldModel(size, queue);
      model.hold(HOLDS_PER_CALL * 5);
    },
    fn: () => {
      (model as HoldModel).hold(HOLDS_PER_CALL);
    },
  };
}

function bareTask(size: number): BenchTask {
  let hold: ((n: number) => void) | null = null;
  return {
    name: `hold bare-heap N=${size.toExponential(0)}`,
    opsPerCall: HOLDS_PER_CALL,
    setup: () => {
      hold = createBareHold(size);
      hold(HOLDS_PER_CALL * 5);
    },
    fn: () => {
      (hold as (n: number) => void)(HOLDS_PER_CALL);
    },
  };
}

const tasks: BenchTask[] = [];
for (const size of SIZES) {
  tasks.push(holdTask('binary-heap', size), holdTask('heap-js', size), bareTask(size));
}

export const suite: BenchSuite = { name: 'engine', tasks };

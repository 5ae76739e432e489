/**
 * The calibration loop: a fixed, deterministic compute kernel with the simulator hot path's
 * character (binary heap on Float64Array keys + Int32Array payload with a fused pop/push,
 * typed-array table reads and writes, integer hashing and float arithmetic, no allocation).
 * Timed in the same process as every bench task, it turns ns/op into a calibration ratio that
 * compares across machines of different speed (README, "Performance gate").
 */
import type { BenchTask } from './suite.js';

/** Pending keys in the heap: within L1, like a small simulation's event queue. */
const HEAP_SIZE = 1024;
/** Slots in the scratch table (power of two: masked, not modulo). */
const TABLE_SIZE = 4096;
const TABLE_MASK = TABLE_SIZE - 1;
const SEED = 0x9e3779b9;

/** Operations per timed call (~0.5 ms): the timer's own cost stays far below 1 %, and a short round still gives many samples. */
export const CALIBRATION_OPS_PER_CALL = 5_000;

/** Name of the calibration row in every bench CSV. */
export const CALIBRATION_TASK_NAME = '(calibration)';

/**
 * The loop's state, all preallocated. One op: take the minimum key, hash it with a xorshift32
 * stream, update one table slot (float) and one counter (integer), and put a later key back in
 * the root's place (pop + push fused, as the hold model's peek/replace).
 */
export class CalibrationLoop {
  // Column manifest (plain fields: read on every op).
  keys = new Float64Array(HEAP_SIZE); // heap keys, integer-valued, min at [0]
  payload = new Int32Array(HEAP_SIZE); // heap payload: the table slot each key last touched
  table = new Float64Array(TABLE_SIZE); // decaying float accumulators
  counts = new Uint32Array(TABLE_SIZE); // integer hit counters
  state = SEED; // xorshift32 state
  checksum = 0;

  constructor() {
    this.reset();
  }

  /** Back to the fixed initial state: the same ops then give the same checksum. */
  reset(): void {
    this.state = SEED;
    this.checksum = 0;
    // Ascending keys are already a valid min-heap.
    for (let i = 0; i < HEAP_SIZE; i++) {
      this.keys[i] = i;
      this.payload[i] = (i * 2654435761) & TABLE_MASK;
    }
    for (let i = 0; i < TABLE_SIZE; i++) {
      this.table[i] = i * 0.5;
      this.counts[i] = 0;
    }
  }

  /** Runs `ops` operations; returns the running checksum (keep it live so nothing is optimised away). */
  run(ops: number): number {
    // PERF: columns and state in locals; V8 keeps them in registers across the loop.
    const keys = this.keys;
    const payload = this.payload;
    const table = this.table;
    const counts = this.counts;
    let x = this.state;
    let sum = this.checksum;
    for (let op = 0; op < ops; op++) {
      const key = keys[0];
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const slot = (payload[0] ^ x) & TABLE_MASK;
      const v = table[slot] * 0.9990234375 + (x & 1023) * 0.25;
      table[slot] = v;
      counts[slot] = (counts[slot] + 1) | 0;
      sum = (sum + slot + (v | 0)) | 0;
      // Sift the replacement key down from the root.
      const newKey = key + 1 + (x >>> 22);
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= HEAP_SIZE) break;
        const r = l + 1;
        const c = r < HEAP_SIZE && keys[r] < keys[l] ? r : l;
        if (keys[c] >= newKey) break;
        keys[i] = keys[c];
        payload[i] = payload[c];
        i = c;
      }
      keys[i] = newKey;
      payload[i] = slot;
    }
    this.state = x;
    this.checksum = sum;
    return sum;
  }
}

/** Keeps the last checksum reachable so the JIT cannot drop the loop. */
export let calibrationSink = 0;

/** The calibration loop as a bench task (setup resets it to the fixed initial state). */
export function createCalibrationTask(): BenchTask {
  const loop = new CalibrationLoop();
  return {
    name: CALIBRATION_TASK_NAME,
    opsPerCall: CALIBRATION_OPS_PER_CALL,
    setup: () => loop.reset(),
    fn: () => {
      calibrationSink ^= loop.run(CALIBRATION_OPS_PER_CALL);
    },
  };
}

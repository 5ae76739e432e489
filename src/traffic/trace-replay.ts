/**
 * Trace replay: arrivals at recorded times (ns after the start), once or looped; for storms
 * captured on real hardware (e.g. interrupt timestamps from /proc or a tracer). A looped trace
 * repeats with cycle span·n/(n−1), its span plus one mean gap, so its rate stays the
 * trace's own. No kernel counterpart.
 */
import { ParameterError } from '../engine/distributions.js';
import type { RandomStream } from '../engine/rng.js';
import { MAX_TIME_NS, NS_PER_S } from '../engine/time.js';
import { toArrivalNs } from './arrival-clock.js';
import type { ArrivalProcess } from './process.js';
import type { TraceArrivalSpec } from './arrival-spec.js';
import { checkKnownFields, readBoolean, show, type Fields } from './spec-fields.js';

export class TraceReplayProcess implements ArrivalProcess {
  /** Looped: n/cycle. Once: n over [start, last arrival] (a single instant counts as 1 ns). */
  readonly meanRateHz: number;
  /** Shared with the spec, not copied: must not change while the process runs. */
  readonly timestampsNs: Float64Array;
  readonly loop: boolean;
  /** Length of one loop (float ns); 0 when not looping. */
  readonly cycleNs: number;
  readonly startNs: number;
  /** Next row to replay. */
  index = 0;
  /** Completed loops. */
  lap = 0;
  /** start + lap·cycle (float ns). */
  baseNs: number;

  constructor(timestampsNs: Float64Array, loop: boolean, startNs: number) {
    const n = timestampsNs.length;
    const spanNs = timestampsNs[n - 1] - timestampsNs[0];
    this.timestampsNs = timestampsNs;
    this.loop = loop;
    this.cycleNs = loop ? (spanNs * n) / (n - 1) : 0;
    this.meanRateHz = loop ? (n * NS_PER_S) / this.cycleNs : (n * NS_PER_S) / Math.max(timestampsNs[n - 1], 1);
    this.startNs = startNs;
    this.baseNs = startNs;
  }

  nextArrivalNs(): number {
    if (this.index === this.timestampsNs.length) {
      if (!this.loop) return Infinity;
      this.index = 0;
      this.lap++;
      // start + lap·cycle, not a running sum, so a fractional cycle never drifts.
      this.baseNs = this.startNs + this.lap * this.cycleNs;
    }
    return toArrivalNs(this.baseNs + this.timestampsNs[this.index++]);
  }
}

/**
 * Validates a trace spec (`fields`, already known to be an object) and builds its process. The
 * rng is unused (a trace is deterministic) but kept for the common factory signature.
 */
export function createTraceReplayProcess(
  fields: Fields,
  _rng: RandomStream,
  path: string,
  startNs: number,
): TraceReplayProcess {
  checkKnownFields(fields, ['type', 'timestamps', 'loop', 'file'] satisfies (keyof TraceArrivalSpec)[], path);
  const timestampsNs = readTimestamps(fields.timestamps, `${path}.timestamps`);
  const loop = readBoolean(fields, 'loop', path, false);
  if (loop && timestampsNs[timestampsNs.length - 1] === timestampsNs[0]) {
    throw new ParameterError(
      `${path}.loop`,
      `a looped trace must span some time, but all ${timestampsNs.length} timestamps are ${timestampsNs[0]} ns`,
    );
  }
  return new TraceReplayProcess(timestampsNs, loop, startNs);
}

function readTimestamps(value: unknown, at: string): Float64Array {
  const ok = value instanceof Float64Array || Array.isArray(value);
  if (!ok) {
    throw new ParameterError(at, `expected a list of times in ns (read from the trace file), got ${show(value)}`);
  }
  const list = value as ArrayLike<unknown>;
  if (list.length === 0) throw new ParameterError(at, 'expected at least one timestamp, got an empty list');
  let previous = 0;
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > MAX_TIME_NS) {
      throw new ParameterError(`${at}[${i}]`, `expected a whole number of ns in [0, 2^53-1], got ${show(t)}`);
    }
    if (t < previous) {
      throw new ParameterError(`${at}[${i}]`, `timestamps must not decrease: got ${t} ns after ${previous} ns`);
    }
    previous = t;
  }
  return value instanceof Float64Array ? value : Float64Array.from(list as readonly number[]);
}

/**
 * How many arrivals a process is expected to make in [start, start + untilNs]: what a run's size
 * estimate counts, from the process's own shape rather than its long-run rate (a ramp from 0 to
 * 1 MHz over 200 ms makes 100 k arrivals in those 200 ms, not 200 k). No kernel counterpart.
 */
import { NS_PER_S } from '../engine/time.js';
import type { ArrivalProcess } from './arrival-process.js';
import { RampProcess } from './ramp.js';
import { TraceReplayProcess } from './trace-replay.js';

/** Rows of a sorted trace at or before `t` (binary search). */
function rowsUntil(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Expected arrivals of `process` (fresh, not yet drawn from) up to `untilNs` after its start:
 * exact for a ramp (its cumulative rate Λ) and a trace (its rows, loops included); rate × time
 * for the stationary processes (poisson, periodic; MODEL: on/off and MMPP by their long-run
 * mean, off by less than one burst or sojourn's worth).
 */
export function expectedArrivals(process: ArrivalProcess, untilNs: number): number {
  if (process instanceof RampProcess) {
    const x = Math.min(untilNs, process.overNs);
    const during = process.fromPerNs * x + process.halfSlope * x * x;
    const after = process.hold ? process.toPerNs * Math.max(0, untilNs - process.overNs) : 0;
    return during + after;
  }
  if (process instanceof TraceReplayProcess) {
    const times = process.timestampsNs;
    if (!process.loop) return rowsUntil(times, untilNs);
    const laps = Math.floor(untilNs / process.cycleNs);
    return laps * times.length + rowsUntil(times, untilNs - laps * process.cycleNs);
  }
  return (process.meanRateHz * untilNs) / NS_PER_S;
}

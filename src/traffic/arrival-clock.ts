/**
 * The one place where an arrival process's exact float time becomes the integer ns the engine
 * schedules. Processes keep their own time in float ns and round only what they return, so
 * rounding never feeds back into the next arrival and cannot accumulate drift.
 */
import { MAX_TIME_NS } from '../engine/time.js';

/**
 * Rounds an exact arrival time (float ns) to the nearest whole ns. A time past the clock's
 * limit (MAX_TIME_NS, about 104 days) can never be scheduled, so it reads as Infinity.
 */
export function toArrivalNs(timeNs: number): number {
  const ns = Math.round(timeNs);
  return ns <= MAX_TIME_NS ? ns : Infinity;
}


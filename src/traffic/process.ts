/**
 * What every arrival process gives the machine: the next arrival time of one traffic source.
 * Its own file so the processes (poisson.ts, …) and the factory that builds them
 * (arrival-process.ts) import it without importing each other.
 */

/** One traffic source's arrival times, produced one at a time. */
export interface ArrivalProcess {
  /**
   * The absolute time (whole ns) of the next arrival: non-decreasing from call to call, never
   * before the start time, and Infinity once the process is exhausted (a trace played once, a
   * ramp that stops, or a time past MAX_TIME_NS). Allocates nothing.
   */
  nextArrivalNs(): number;
  /**
   * Long-run mean rate (Hz). For a process that ends (a trace played once, a ramp that stops or
   * holds 0 Hz), the mean over its active span instead.
   */
  readonly meanRateHz: number;
}

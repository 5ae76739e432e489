/**
 * The part of a run a timeline keeps (--timeline-from / --timeline-to): [fromNs, toNs] in
 * simulated ns. A slice is kept when it starts inside (cut at the end when it runs past it); a
 * point outside is dropped.
 */
export interface TimelineWindow {
  readonly fromNs: number;
  readonly toNs: number;
}

/** The whole of a run of `durationNs`. */
export function wholeRun(durationNs: number): TimelineWindow {
  return { fromNs: 0, toNs: durationNs };
}

/** Simulated ns (rounded to whole ns) as µs with three decimals, the Trace Event Format's unit: 1234567 → "1234.567". */
export function usText(ns: number): string {
  const n = Math.round(ns);
  const us = Math.floor(n / 1000);
  const frac = n - us * 1000;
  return `${us}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}`;
}

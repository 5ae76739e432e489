/** Counting statistics over an arrival process, for the traffic tests. */
import type { ArrivalProcess } from '../arrival-process.js';

/** Arrivals in each of `windows` consecutive windows of `windowNs`, from time 0. */
export function windowCounts(process: ArrivalProcess, windowNs: number, windows: number): Float64Array {
  const counts = new Float64Array(windows);
  const endNs = windowNs * windows;
  for (let t = process.nextArrivalNs(); t < endNs; t = process.nextArrivalNs()) counts[Math.floor(t / windowNs)]++;
  return counts;
}

/** Sample mean and unbiased sample variance. */
export function meanAndVariance(xs: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  const mean = sum / xs.length;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i] - mean) ** 2;
  return { mean, variance: ss / (xs.length - 1) };
}

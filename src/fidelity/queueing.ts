/**
 * Closed forms of single-server FIFO queues with Poisson arrivals, the textbook results the
 * simulator must reduce to when every cost is zero: M/G/1 mean sojourn (Pollaczek–Khinchine),
 * M/M/1 sojourn quantiles, and the M/D/1 waiting-time distribution (Erlang/Crommelin). Rates in
 * Hz, times in ns; "sojourn" is waiting plus service, the model's end-to-end latency of a ring
 * item. No kernel counterpart.
 */
import { createSampler, type DistributionSpec } from '../engine/distributions.js';
import { BigFixed } from './big-fixed.js';

const NS_PER_S = 1e9;
const LOG2_E = Math.LOG2E;

/** Server load ρ = λ·E[S] (λ in Hz, E[S] in ns). */
export function utilisation(arrivalRateHz: number, serviceMeanNs: number): number {
  if (!(arrivalRateHz > 0)) throw new RangeError(`arrival rate must be > 0 Hz, got ${arrivalRateHz}`);
  if (!(serviceMeanNs > 0)) throw new RangeError(`mean service time must be > 0 ns, got ${serviceMeanNs}`);
  return (arrivalRateHz / NS_PER_S) * serviceMeanNs;
}

function stableLoad(arrivalRateHz: number, serviceMeanNs: number): number {
  const rho = utilisation(arrivalRateHz, serviceMeanNs);
  if (!(rho < 1)) throw new RangeError(`the queue is unstable: load ρ = λ·E[S] must be < 1, got ${rho}`);
  return rho;
}

/** E[S] and E[S²] of a service distribution (ns, ns²), from the engine sampler's mean and variance. */
export function serviceMoments(spec: DistributionSpec): { meanNs: number; secondMomentNs2: number } {
  const s = createSampler(spec, 'service');
  if (!Number.isFinite(s.mean) || !Number.isFinite(s.variance)) {
    throw new RangeError(`service distribution needs a finite mean and variance, got mean ${s.mean}, variance ${s.variance}`);
  }
  return { meanNs: s.mean, secondMomentNs2: s.variance + s.mean * s.mean };
}

/**
 * M/G/1 mean sojourn time (ns) by the Pollaczek–Khinchine mean-value formula
 * E[T] = E[S] + λ·E[S²] / (2(1 − ρ)), ρ = λE[S] < 1 (Kleinrock, "Queueing Systems", Vol. 1,
 * 1975, ch. 5). Needs only the first two moments of service, so it holds for any service law.
 */
export function mg1MeanSojournNs(arrivalRateHz: number, serviceMeanNs: number, serviceSecondMomentNs2: number): number {
  const rho = stableLoad(arrivalRateHz, serviceMeanNs);
  if (!(serviceSecondMomentNs2 >= serviceMeanNs * serviceMeanNs)) {
    throw new RangeError(
      `E[S²] must be at least E[S]² = ${serviceMeanNs * serviceMeanNs} ns², got ${serviceSecondMomentNs2}`,
    );
  }
  const lambdaPerNs = arrivalRateHz / NS_PER_S;
  return serviceMeanNs + (lambdaPerNs * serviceSecondMomentNs2) / (2 * (1 - rho));
}

/**
 * M/M/1 sojourn-time p-quantile (ns). A FIFO M/M/1 sojourn is exponential with rate μ − λ
 * (Kleinrock Vol. 1, ch. 3–5: s(y) = (μ − λ)e^−(μ−λ)y), so t_p = −ln(1 − p)/(μ − λ).
 */
export function mm1SojournQuantileNs(arrivalRateHz: number, serviceMeanNs: number, p: number): number {
  checkLevel(p);
  stableLoad(arrivalRateHz, serviceMeanNs);
  const ratePerNs = 1 / serviceMeanNs - arrivalRateHz / NS_PER_S;
  return -Math.log1p(-p) / ratePerNs;
}

/** M/M/1 mean sojourn (ns): 1/(μ − λ). */
export function mm1MeanSojournNs(arrivalRateHz: number, serviceMeanNs: number): number {
  stableLoad(arrivalRateHz, serviceMeanNs);
  return 1 / (1 / serviceMeanNs - arrivalRateHz / NS_PER_S);
}

/**
 * M/D/1 waiting-time CDF P(W ≤ x) in units of the service time D, load ρ = λD, x ≥ 0, by the
 * Erlang (1909) / Crommelin (1932) formula (as given by Franx, "A simple solution for the M/D/c
 * waiting time distribution", Oper. Res. Lett. 29, 2001):
 *   P(W ≤ x) = (1 − ρ) · Σ_{k=0}^{⌊x⌋} (−a_k)^k / k! · e^{a_k},   a_k = ρ(x − k) ≥ 0.
 *
 * The terms alternate in sign and grow to about e^{2ρx} before cancelling to a sum below
 * 1/(1 − ρ): at ρ = 0.95 and x = 45 (near the p99) the largest term is ~1e18, so a double
 * sum keeps no correct digit (it returns 2.6e7 for a probability of 0.990). The sum is therefore taken in binary fixed point on BigInt with
 * 128 + ⌈2ρx·log2 e⌉ + 2⌈log2(⌊x⌋ + 2)⌉ fraction bits: the cancellation eats at most
 * log2(max term) bits, leaving more than 64 correct ones. e^{a_k} is built from two exps,
 * e^{ρ(x − ⌊x⌋)} and e^{ρ}, as e^{a_k} = e^{a_{k+1}}·e^{ρ}; every input is a double converted
 * exactly. Tests compare it with a direct numerical solution of the delay equation
 * F'(x) = ρ(F(x) − F(x − 1)) and with hand-worked values.
 */
export function md1WaitingCdfUnits(x: number, rho: number): number {
  if (!(rho > 0 && rho < 1)) throw new RangeError(`M/D/1 load ρ must be in (0, 1), got ${rho}`);
  if (!(x >= 0)) return 0;
  if (!Number.isFinite(x)) return 1;
  if (rho * x > 5000) throw new RangeError(`M/D/1 CDF: ρ·x = ${rho * x} is too far in the tail (limit 5000)`);
  const m = Math.floor(x);
  const bits = 128 + Math.ceil(2 * rho * x * LOG2_E) + 2 * Math.ceil(Math.log2(m + 2));
  const f = new BigFixed(bits);
  const rhoF = f.fromNumber(rho);
  const xF = f.fromNumber(x);
  const eRho = f.exp(rhoF);
  // e^{a_m}, a_m = ρ(x − m) ∈ [0, ρ)
  let eA = f.exp(f.mul(rhoF, xF - BigInt(m) * f.one));
  let sum = 0n;
  for (let k = m; k >= 0; k--) {
    const a = f.mul(rhoF, xF - BigInt(k) * f.one);
    let pow = f.one; // a^k / k!
    for (let j = 1; j <= k; j++) pow = f.mul(pow, a) / BigInt(j);
    const term = f.mul(pow, eA);
    sum += k % 2 === 0 ? term : -term;
    eA = f.mul(eA, eRho);
  }
  const cdf = (1 - rho) * f.toNumber(sum);
  // The true value is in [1 − ρ, 1]; clamp the last-bit rounding.
  return Math.min(1, Math.max(1 - rho, cdf));
}

/** M/D/1 waiting-time CDF P(W ≤ waitNs) for Poisson arrivals at arrivalRateHz and service serviceNs. */
export function md1WaitingCdf(waitNs: number, arrivalRateHz: number, serviceNs: number): number {
  const rho = stableLoad(arrivalRateHz, serviceNs);
  return md1WaitingCdfUnits(waitNs / serviceNs, rho);
}

/**
 * M/D/1 sojourn CDF P(T ≤ t) (T = W + D): 0 below D, an atom of 1 − ρ at D (arrivals that
 * find the server idle), continuous above.
 */
export function md1SojournCdf(sojournNs: number, arrivalRateHz: number, serviceNs: number): number {
  if (sojournNs < serviceNs) return 0;
  return md1WaitingCdf(sojournNs - serviceNs, arrivalRateHz, serviceNs);
}

/**
 * M/D/1 sojourn-time p-quantile (ns): inf{t : P(T ≤ t) ≥ p}. When p ≤ 1 − ρ it is D itself (the
 * atom); otherwise bisection on the CDF to 1e-9 of D. Computed, not approximated: each step
 * evaluates the exact series above.
 */
export function md1SojournQuantileNs(arrivalRateHz: number, serviceNs: number, p: number): number {
  checkLevel(p);
  const rho = stableLoad(arrivalRateHz, serviceNs);
  if (p <= 1 - rho) return serviceNs;
  let hi = 1;
  while (md1WaitingCdfUnits(hi, rho) < p) hi *= 2;
  let lo = hi === 1 ? 0 : hi / 2;
  while (hi - lo > 1e-9) {
    const mid = 0.5 * (lo + hi);
    if (md1WaitingCdfUnits(mid, rho) < p) lo = mid;
    else hi = mid;
  }
  return serviceNs * (1 + 0.5 * (lo + hi));
}

/**
 * Relaxation time (ns) of a stable M/G/1 queue, the time scale on which it forgets its start
 * and on which its output stays correlated: τ = E[S]·((1 + c_s²)/2)/(1 − √ρ)², the M/M/1 value
 * 1/(μ(1 − √ρ)²) (Morse 1955; see Whitt, "Planning queueing simulations", Management Science
 * 35, 1989) scaled by the heavy-traffic variance factor (1 + c_s²)/2 (c_s² = Var S / E[S]²).
 */
export function relaxationTimeNs(arrivalRateHz: number, serviceMeanNs: number, serviceScv: number): number {
  const rho = stableLoad(arrivalRateHz, serviceMeanNs);
  if (!(serviceScv >= 0)) throw new RangeError(`squared coefficient of variation must be >= 0, got ${serviceScv}`);
  const gap = 1 - Math.sqrt(rho);
  return (serviceMeanNs * ((1 + serviceScv) / 2)) / (gap * gap);
}

function checkLevel(p: number): void {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile level must be in (0, 1), got ${p}`);
}

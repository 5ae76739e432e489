/**
 * Student's t distribution for integer degrees of freedom: the two-sided probability
 * A(t|ν) = P(|T| ≤ t) by the finite trigonometric series of Abramowitz & Stegun 26.7.3 (ν odd)
 * and 26.7.4 (ν even), and its quantile by bisection. Used for the confidence intervals of the
 * fidelity checks and of experiments across seeds (compare, sweep); no kernel counterpart.
 */

/**
 * A(t|ν) = P(−t ≤ T ≤ t) for T ~ Student t with ν integer degrees of freedom, t ≥ 0.
 * With θ = atan(t/√ν) (A&S 26.7.3/26.7.4):
 *   ν = 1:      A = 2θ/π
 *   ν odd > 1:  A = (2/π)·(θ + sinθ·(cosθ + (2/3)cos³θ + … + (2·4…(ν−3))/(1·3…(ν−2))·cos^(ν−2)θ))
 *   ν even:     A = sinθ·(1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … + (1·3…(ν−3))/(2·4…(ν−2))·cos^(ν−2)θ)
 * Every term is positive, so the sums carry no cancellation.
 */
export function studentTTwoSided(t: number, dof: number): number {
  checkDof(dof);
  if (!(t >= 0)) throw new RangeError(`t must be a number >= 0, got ${t}`);
  if (t === Infinity) return 1;
  const theta = Math.atan(t / Math.sqrt(dof));
  const s = Math.sin(theta);
  const c = Math.cos(theta);
  const c2 = c * c;
  if (dof % 2 === 0) {
    // term_j = term_{j−1}·cos²θ·(2j−1)/(2j), j = 1 … ν/2 − 1
    let term = 1;
    let sum = 1;
    for (let j = 1; j <= dof / 2 - 1; j++) {
      term *= (c2 * (2 * j - 1)) / (2 * j);
      sum += term;
    }
    return Math.min(1, s * sum);
  }
  if (dof === 1) return (2 * theta) / Math.PI;
  // term_0 = cosθ; term_j = term_{j−1}·cos²θ·(2j)/(2j+1), j = 1 … (ν−3)/2
  let term = c;
  let sum = c;
  for (let j = 1; j <= (dof - 3) / 2; j++) {
    term *= (c2 * (2 * j)) / (2 * j + 1);
    sum += term;
  }
  return Math.min(1, (2 / Math.PI) * (theta + s * sum));
}

/** P(T ≤ t) for T ~ Student t with `dof` integer degrees of freedom. */
export function studentTCdf(t: number, dof: number): number {
  const a = studentTTwoSided(Math.abs(t), dof);
  return t >= 0 ? 0.5 + a / 2 : 0.5 - a / 2;
}

/**
 * The p-quantile of Student's t with `dof` integer degrees of freedom, 0 < p < 1: the t with
 * P(T ≤ t) = p, to about 1e-12 relative. Bisection on the monotone A(t|ν), which never fails to
 * converge and costs well under a millisecond (this is called a few times per check, not per event).
 */
export function studentTQuantile(p: number, dof: number): number {
  checkDof(dof);
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile level must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, dof);
  // Solve A(t) = 2p − 1 for t > 0. For p close to 1, 2p − 1 rounds; the upper tail is what
  // matters, so compare 1 − A(t) with 2(1 − p) instead.
  const tail = 2 * (1 - p);
  let hi = 1;
  while (1 - studentTTwoSided(hi, dof) > tail) {
    hi *= 2;
    if (hi > 1e300) throw new RangeError(`no t quantile found for p = ${p}, dof = ${dof}`);
  }
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (1 - studentTTwoSided(mid, dof) > tail) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * The multiplier of a two-sided confidence interval at `level` (e.g. 0.95): the
 * (1 + level)/2 quantile of t with `dof` degrees of freedom.
 */
export function tCritical(level: number, dof: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  return studentTQuantile((1 + level) / 2, dof);
}

function checkDof(dof: number): void {
  if (!Number.isInteger(dof) || dof < 1) {
    throw new RangeError(`degrees of freedom must be an integer >= 1, got ${dof}`);
  }
}

/**
 * The Mann–Whitney U (Wilcoxon rank-sum) test with the normal approximation, average ranks for
 * ties, the tie-corrected variance and a 0.5 continuity correction (the textbook large-sample
 * form, as R's wilcox.test(exact = FALSE, correct = TRUE)). Used by the wall-clock A/B check:
 * rank tests do not assume normal timings, and one outlier run moves a rank by at most n.
 */

/** Result of mannWhitneyU(x, y). */
export interface MannWhitneyResult {
  readonly n1: number;
  readonly n2: number;
  /** Pairs (xi, yj) with xi > yj, ties counting 1/2: R1 − n1(n1+1)/2. */
  readonly u1: number;
  /** n1·n2 − u1: pairs with yj > xi. */
  readonly u2: number;
  /** Rank sum of x (average ranks on ties). */
  readonly rankSumX: number;
  /** Standard deviation of U under H0, tie-corrected; 0 when every value is equal. */
  readonly sigma: number;
  /** Continuity-corrected z of u1 for the two-sided test (0 when |u1 − mean| ≤ 0.5). */
  readonly z: number;
  /** Two-sided p-value: x and y differ in location. */
  readonly pTwoSided: number;
  /** One-sided p-value for "x tends to be greater than y". */
  readonly pGreater: number;
  /** One-sided p-value for "x tends to be less than y". */
  readonly pLess: number;
}

/** Runs the test on two samples (each at least one finite value). */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  checkSample('x', x);
  checkSample('y', y);
  const n1 = x.length;
  const n2 = y.length;
  const n = n1 + n2;
  // Sort all values once, tagging which sample each came from (index < n1 ⇒ x).
  const order = Array.from({ length: n }, (_, i) => i);
  const value = (i: number): number => (i < n1 ? x[i] : y[i - n1]);
  order.sort((a, b) => value(a) - value(b));

  let rankSumX = 0;
  let tieTerm = 0; // Σ (t³ − t) over tie groups
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && value(order[end]) === value(order[start])) end++;
    const t = end - start;
    // Ranks are 1-based: positions start..end-1 share the average (start+1 + end) / 2.
    const avgRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (order[k] < n1) rankSumX += avgRank;
    tieTerm += t * t * t - t;
    start = end;
  }

  const u1 = rankSumX - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const mean = (n1 * n2) / 2;
  const variance = n > 1 ? ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))) : 0;
  const sigma = variance > 0 ? Math.sqrt(variance) : 0;

  if (sigma === 0) {
    // Every value equal: no evidence either way.
    return { n1, n2, u1, u2, rankSumX, sigma, z: 0, pTwoSided: 1, pGreater: 1, pLess: 1 };
  }
  const diff = u1 - mean;
  const z = Math.abs(diff) <= 0.5 ? 0 : (diff - 0.5 * Math.sign(diff)) / sigma;
  const pTwoSided = Math.min(1, 2 * normalUpperTail(Math.abs(z)));
  const pGreater = normalUpperTail((diff - 0.5) / sigma);
  const pLess = normalUpperTail((-diff - 0.5) / sigma);
  return { n1, n2, u1, u2, rankSumX, sigma, z, pTwoSided, pGreater, pLess };
}

/**
 * The smallest two-sided p the test can give for sample sizes n1, n2 (complete separation).
 * With n1 = n2 = 5 it is 0.012, so a p < 0.01 rule needs at least 6 rounds a side.
 */
export function minTwoSidedP(n1: number, n2: number): number {
  const mean = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n1 + n2 + 1));
  return Math.min(1, 2 * normalUpperTail((mean - 0.5) / sigma));
}

/** P(Z ≥ z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Complementary error function, relative error < 1.2e-7 for all x: a Chebyshev fit in
 * t = 1 / (1 + |x|/2) (Press et al., Numerical Recipes, §6.2). Good in the far tail too,
 * which is where p-values near 1e-4 live.
 */
export function erfc(x: number): number {
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.5 * ax);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-ax * ax + poly);
  return x >= 0 ? r : 2 - r;
}

function checkSample(label: string, s: readonly number[]): void {
  if (s.length === 0) throw new RangeError(`mannWhitneyU: sample ${label} is empty; need at least one value`);
  for (const v of s) {
    if (!Number.isFinite(v)) throw new RangeError(`mannWhitneyU: sample ${label} holds ${v}; need finite numbers`);
  }
}

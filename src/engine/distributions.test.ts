/**
 * Tests for the random variates used for costs and inter-arrival times (distributions.ts):
 * closed-form mean and variance per type, sample moments within confidence bounds derived from
 * the theoretical moments and n, empirical frequencies by chi-square, and parameter errors
 * that name the field.
 */
import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_TYPES, ParameterError, createSampler, type DistributionSpec, type Sampler } from './distributions.js';
import { RngFactory, type RandomStream } from './rng.js';

const N = 200_000;

/** Raw moments E[X], E[X²], E[X³], E[X⁴] → fourth central moment. */
function fourthCentral(m1: number, m2: number, m3: number, m4: number): number {
  return m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4;
}

/**
 * Draws N samples and checks the sample mean within 4 standard errors (σ/√N) of μ, and, when
 * the fourth central moment μ4 is finite, the sample variance within 4·√((μ4 − σ⁴)/N) of σ².
 */
function checkMoments(sampler: Sampler, rng: RandomStream, mu: number, variance: number, mu4: number): void {
  let mean = 0;
  let m2 = 0;
  for (let i = 1; i <= N; i++) {
    const x = sampler.sample(rng);
    const d = x - mean;
    mean += d / i;
    m2 += d * (x - mean); // Welford
  }
  const sampleVariance = m2 / (N - 1);
  expect(Math.abs(mean - mu)).toBeLessThan(4 * Math.sqrt(variance / N));
  if (Number.isFinite(mu4)) {
    expect(Math.abs(sampleVariance - variance)).toBeLessThan(4 * Math.sqrt((mu4 - variance * variance) / N));
  }
}

describe('createSampler: closed-form moments and sample moments', () => {
  const rngs = new RngFactory(2024);

  it('deterministic: always the value', () => {
    const s = createSampler({ type: 'deterministic', value: 750 });
    expect([s.mean, s.variance]).toEqual([750, 0]);
    const rng = rngs.stream('deterministic');
    for (let i = 0; i < 100; i++) expect(s.sample(rng)).toBe(750);
  });

  it('uniform(2, 8): mean 5, variance 36/12 = 3, samples in [2, 8)', () => {
    const s = createSampler({ type: 'uniform', min: 2, max: 8 });
    expect([s.mean, s.variance]).toEqual([5, 3]);
    const rng = rngs.stream('uniform');
    for (let i = 0; i < 10_000; i++) {
      const x = s.sample(rng);
      if (!(x >= 2 && x < 8)) throw new Error(`uniform(2, 8) gave ${x}`);
    }
    // μ4 of U(a, b) = (b − a)^4 / 80 = 1296 / 80 = 16.2
    checkMoments(s, rng, 5, 3, 16.2);
  });

  it('uniform with min = max is that value', () => {
    const s = createSampler({ type: 'uniform', min: 4, max: 4 });
    expect(s.sample(rngs.stream('uniform-flat'))).toBe(4);
    expect(s.variance).toBe(0);
  });

  it('exponential(mean 4): variance 16, samples positive', () => {
    const s = createSampler({ type: 'exponential', mean: 4 });
    expect([s.mean, s.variance]).toEqual([4, 16]);
    const rng = rngs.stream('exponential');
    for (let i = 0; i < 10_000; i++) {
      const x = s.sample(rng);
      if (!(x > 0 && Number.isFinite(x))) throw new Error(`exponential gave ${x}`);
    }
    // μ4 of Exp with mean m = 9 m^4 = 2304
    checkMoments(s, rng, 4, 16, 9 * 4 ** 4);
  });

  it('normal(10, 2): variance 4', () => {
    const s = createSampler({ type: 'normal', mean: 10, stddev: 2 });
    expect([s.mean, s.variance]).toEqual([10, 4]);
    // μ4 of a normal = 3σ⁴ = 48
    checkMoments(s, rngs.stream('normal'), 10, 4, 48);
  });

  it('normal accepts a negative mean (callers clamp at 0)', () => {
    const s = createSampler({ type: 'normal', mean: -3, stddev: 1 });
    checkMoments(s, rngs.stream('normal-neg'), -3, 1, 3);
  });

  it('lognormal(1, 0.5): mean e^1.125, variance (e^0.25 − 1)e^2.25', () => {
    const mu = 1;
    const sigma = 0.5;
    const s = createSampler({ type: 'lognormal', mu, sigma });
    // mean = exp(μ + σ²/2) = exp(1.125) ≈ 3.0802; variance = (exp(σ²) − 1)·exp(2μ + σ²) = 0.284025 × 9.487736 ≈ 2.6948
    expect(s.mean).toBeCloseTo(3.080217, 5);
    expect(s.variance).toBeCloseTo(2.694758, 5);
    const raw = (k: number) => Math.exp(k * mu + (k * k * sigma * sigma) / 2); // E[X^k]
    checkMoments(s, rngs.stream('lognormal'), s.mean, s.variance, fourthCentral(raw(1), raw(2), raw(3), raw(4)));
  });

  it('pareto(scale 2, shape 3): mean 3, variance 3, never below scale', () => {
    const s = createSampler({ type: 'pareto', scale: 2, shape: 3 });
    // mean = αs/(α−1) = 6/2 = 3; variance = s²α/((α−1)²(α−2)) = 12/4 = 3
    expect([s.mean, s.variance]).toEqual([3, 3]);
    const rng = rngs.stream('pareto');
    for (let i = 0; i < 10_000; i++) {
      const x = s.sample(rng);
      if (!(x >= 2)) throw new Error(`pareto(2, 3) gave ${x}`);
    }
    // Shape 3: the fourth moment is infinite, so only the mean is checked.
    checkMoments(s, rng, 3, 3, Infinity);
  });

  it('pareto(scale 1, shape 6): variance checked too, where the fourth moment is finite', () => {
    const alpha = 6;
    const s = createSampler({ type: 'pareto', scale: 1, shape: alpha });
    // mean = 6/5 = 1.2; variance = 6/(25·4) = 0.06
    expect(s.mean).toBeCloseTo(1.2, 12);
    expect(s.variance).toBeCloseTo(0.06, 12);
    const raw = (k: number) => alpha / (alpha - k); // E[X^k] for scale 1, k < α
    checkMoments(s, rngs.stream('pareto6'), 1.2, 0.06, fourthCentral(raw(1), raw(2), raw(3), raw(4)));
  });

  it('pareto reports an infinite mean for shape ≤ 1 and infinite variance for shape ≤ 2', () => {
    expect(createSampler({ type: 'pareto', scale: 1, shape: 1 }).mean).toBe(Infinity);
    const s2 = createSampler({ type: 'pareto', scale: 1, shape: 2 });
    expect(s2.mean).toBe(2); // 2·1/(2−1)
    expect(s2.variance).toBe(Infinity);
  });

  it('empirical: population mean and variance, only given values, at their frequencies', () => {
    const values = [10, 20, 20, 30, 30, 30, 40, 40, 40, 40];
    const s = createSampler({ type: 'empirical', samples: values });
    // mean = 300/10 = 30; variance = (400 + 2·100 + 0 + 4·100)/10 = 100
    expect([s.mean, s.variance]).toEqual([30, 100]);
    const rng = rngs.stream('empirical');
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const x = s.sample(rng);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([10, 20, 30, 40]);
    const p = new Map([
      [10, 0.1],
      [20, 0.2],
      [30, 0.3],
      [40, 0.4],
    ]);
    let chi = 0;
    for (const [v, pv] of p) chi += ((counts.get(v) ?? 0) - N * pv) ** 2 / (N * pv);
    // χ²(3): mean 3, sd √6 ≈ 2.45; mean + 4 sd ≈ 12.8.
    expect(chi).toBeLessThan(3 + 4 * Math.sqrt(6));
  });

  it('keeps the spec it was built from', () => {
    const spec: DistributionSpec = { type: 'exponential', mean: 1 };
    expect(createSampler(spec).spec).toBe(spec);
  });

  it('covers every listed type', () => {
    expect([...DISTRIBUTION_TYPES].sort()).toEqual(
      ['deterministic', 'empirical', 'exponential', 'lognormal', 'normal', 'pareto', 'uniform'].sort(),
    );
  });

  it('draws reproducibly from the same stream', () => {
    const spec: DistributionSpec = { type: 'lognormal', mu: 0, sigma: 1 };
    const a = new RngFactory(8).stream('svc');
    const b = new RngFactory(8).stream('svc');
    const s = createSampler(spec);
    for (let i = 0; i < 100; i++) expect(s.sample(a)).toBe(s.sample(b));
  });
});

describe('createSampler: parameter errors name the path and field', () => {
  // Specs as a workload file could hold them: wrong types included.
  const bad = (spec: unknown): DistributionSpec => spec as DistributionSpec;

  it.each<[unknown, string]>([
    [{ type: 'deterministic', value: -1 }, 'costs.x.value: must not be negative, got -1'],
    [{ type: 'deterministic', value: '5' }, 'costs.x.value: expected a finite number, got "5"'],
    [{ type: 'deterministic' }, 'costs.x.value: expected a finite number, got undefined'],
    [{ type: 'uniform', min: -1, max: 5 }, 'costs.x.min: must not be negative, got -1'],
    [{ type: 'uniform', min: 5, max: 3 }, 'costs.x.max: must be at least min (5), got 3'],
    [{ type: 'uniform', min: 0, max: null }, 'costs.x.max: expected a finite number, got null'],
    [{ type: 'exponential', mean: -1 }, 'costs.x.mean: must be greater than 0, got -1'],
    [{ type: 'exponential', mean: 0 }, 'costs.x.mean: must be greater than 0, got 0'],
    [{ type: 'normal', mean: 'a', stddev: 1 }, 'costs.x.mean: expected a finite number, got "a"'],
    [{ type: 'normal', mean: 1, stddev: -0.5 }, 'costs.x.stddev: must not be negative, got -0.5'],
    [{ type: 'lognormal', mu: 1, sigma: -1 }, 'costs.x.sigma: must not be negative, got -1'],
    [{ type: 'lognormal', sigma: 1 }, 'costs.x.mu: expected a finite number, got undefined'],
    [{ type: 'pareto', scale: 0, shape: 2 }, 'costs.x.scale: must be greater than 0, got 0'],
    [{ type: 'pareto', scale: 1, shape: -2 }, 'costs.x.shape: must be greater than 0, got -2'],
    [{ type: 'empirical', samples: [] }, 'costs.x.samples: expected a non-empty array of numbers'],
    [{ type: 'empirical', samples: 3 }, 'costs.x.samples: expected a non-empty array of numbers'],
    [{ type: 'empirical', samples: [1, -2] }, 'costs.x.samples.1: must not be negative, got -2'],
    [{ type: 'empirical', samples: [1, 2, 'x'] }, 'costs.x.samples.2: expected a finite number, got "x"'],
    [
      { type: 'gamma', shape: 2 },
      'costs.x.type: unknown distribution "gamma"; expected one of deterministic, uniform, exponential, normal, ' +
        'lognormal, pareto, empirical',
    ],
  ])('%j', (spec, message) => {
    let caught: unknown;
    try {
      createSampler(bad(spec), 'costs.x');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ParameterError);
    expect((caught as ParameterError).message).toBe(message);
    expect((caught as ParameterError).path).toBe(message.slice(0, message.indexOf(':')));
  });

  it("uses 'distribution' as the path when none is given", () => {
    expect(() => createSampler({ type: 'exponential', mean: -1 })).toThrow(
      'distribution.mean: must be greater than 0, got -1',
    );
  });

  // Regression (was a bug at distributions.ts:145, fixed): JSON.stringify turns NaN and ±Infinity into "null", so the message
  // claims the field was null when it held NaN or Infinity.
  it.each<[string, unknown]>([
    ['costs.x.mean: expected a finite number, got NaN', { type: 'exponential', mean: NaN }],
    ['costs.x.max: expected a finite number, got Infinity', { type: 'uniform', min: 0, max: Infinity }],
  ])('reports non-finite numbers as themselves: %s', (message, spec) => {
    expect(() => createSampler(bad(spec), 'costs.x')).toThrow(message);
  });
});

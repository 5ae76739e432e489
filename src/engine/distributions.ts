/**
 * Random variates for costs and inter-arrival times. A spec is plain data (it comes from a
 * workload file); createSampler() validates it once and returns a sampler whose sample(rng)
 * allocates nothing. Parameters are in the caller's unit (ns for durations).
 */
import type { RandomStream } from './rng.js';

export type DistributionSpec =
  | { type: 'deterministic'; value: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'exponential'; mean: number }
  | { type: 'normal'; mean: number; stddev: number }
  | { type: 'lognormal'; mu: number; sigma: number }
  | { type: 'pareto'; scale: number; shape: number }
  | { type: 'empirical'; samples: readonly number[] };

export type DistributionType = DistributionSpec['type'];

export const DISTRIBUTION_TYPES: readonly DistributionType[] = [
  'deterministic',
  'uniform',
  'exponential',
  'normal',
  'lognormal',
  'pareto',
  'empirical',
];

/** A distribution's parameters were out of range; `path` names the field. */
export class ParameterError extends RangeError {
  override name = 'ParameterError';
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

export interface Sampler {
  readonly spec: DistributionSpec;
  /** The distribution's mean (Infinity for a Pareto with shape <= 1). */
  readonly mean: number;
  /** The distribution's variance (Infinity where it does not exist). */
  readonly variance: number;
  sample(rng: RandomStream): number;
}

class Deterministic implements Sampler {
  readonly mean: number;
  readonly variance = 0;
  constructor(readonly spec: DistributionSpec, readonly value: number) {
    this.mean = value;
  }
  sample(): number {
    return this.value;
  }
}

class Uniform implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(readonly spec: DistributionSpec, readonly min: number, readonly max: number) {
    this.mean = (min + max) / 2;
    this.variance = (max - min) ** 2 / 12;
  }
  sample(rng: RandomStream): number {
    return this.min + (this.max - this.min) * rng.nextFloat();
  }
}

class Exponential implements Sampler {
  readonly variance: number;
  constructor(readonly spec: DistributionSpec, readonly mean: number) {
    this.variance = mean * mean;
  }
  sample(rng: RandomStream): number {
    return -this.mean * Math.log(rng.nextFloatOpen());
  }
}

class Normal implements Sampler {
  readonly variance: number;
  constructor(readonly spec: DistributionSpec, readonly mean: number, readonly stddev: number) {
    this.variance = stddev * stddev;
  }
  // Box–Muller, one variate per call: keeping the spare would tie the sampler to one stream.
  sample(rng: RandomStream): number {
    const u1 = rng.nextFloatOpen();
    const u2 = rng.nextFloat();
    return this.mean + this.stddev * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

class LogNormal implements Sampler {
  readonly mean: number;
  readonly variance: number;
  constructor(readonly spec: DistributionSpec, readonly mu: number, readonly sigma: number) {
    this.mean = Math.exp(mu + (sigma * sigma) / 2);
    this.variance = (Math.exp(sigma * sigma) - 1) * Math.exp(2 * mu + sigma * sigma);
  }
  sample(rng: RandomStream): number {
    const u1 = rng.nextFloatOpen();
    const u2 = rng.nextFloat();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.exp(this.mu + this.sigma * z);
  }
}

class Pareto implements Sampler {
  readonly mean: number;
  readonly variance: number;
  readonly #invShape: number;
  constructor(readonly spec: DistributionSpec, readonly scale: number, readonly shape: number) {
    this.mean = shape > 1 ? (shape * scale) / (shape - 1) : Infinity;
    this.variance = shape > 2 ? (scale * scale * shape) / ((shape - 1) ** 2 * (shape - 2)) : Infinity;
    this.#invShape = 1 / shape;
  }
  // Inverse CDF: x = scale / U^(1/shape), U in (0, 1].
  sample(rng: RandomStream): number {
    return this.scale / Math.pow(rng.nextFloatOpen(), this.#invShape);
  }
}

class Empirical implements Sampler {
  readonly mean: number;
  readonly variance: number;
  readonly #values: Float64Array;
  constructor(readonly spec: DistributionSpec, samples: readonly number[]) {
    this.#values = Float64Array.from(samples);
    let sum = 0;
    for (let i = 0; i < samples.length; i++) sum += samples[i];
    this.mean = sum / samples.length;
    let ss = 0;
    for (let i = 0; i < samples.length; i++) ss += (samples[i] - this.mean) ** 2;
    this.variance = ss / samples.length;
  }
  // Each recorded sample equally likely: the empirical distribution itself, no interpolation.
  sample(rng: RandomStream): number {
    return this.#values[rng.nextInt(this.#values.length)];
  }
}

function finite(path: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new ParameterError(`${path}.${name}`, `expected a finite number, got ${typeof x === 'number' ? String(x) : JSON.stringify(x)}`);
  }
  return x;
}

function positive(path: string, name: string, x: unknown): number {
  const v = finite(path, name, x);
  if (v <= 0) throw new ParameterError(`${path}.${name}`, `must be greater than 0, got ${v}`);
  return v;
}

function nonNegative(path: string, name: string, x: unknown): number {
  const v = finite(path, name, x);
  if (v < 0) throw new ParameterError(`${path}.${name}`, `must not be negative, got ${v}`);
  return v;
}

/**
 * Validates `spec` and builds its sampler. `path` prefixes error messages (e.g. "costs.handlerNs").
 * Values must be non-negative wherever they are durations; normal is the one exception, since
 * callers clamp at 0 and its mean is what they set.
 */
export function createSampler(spec: DistributionSpec, path = 'distribution'): Sampler {
  switch (spec.type) {
    case 'deterministic':
      return new Deterministic(spec, nonNegative(path, 'value', spec.value));
    case 'uniform': {
      const min = nonNegative(path, 'min', spec.min);
      const max = finite(path, 'max', spec.max);
      if (max < min) throw new ParameterError(`${path}.max`, `must be at least min (${min}), got ${max}`);
      return new Uniform(spec, min, max);
    }
    case 'exponential':
      return new Exponential(spec, positive(path, 'mean', spec.mean));
    case 'normal':
      return new Normal(spec, finite(path, 'mean', spec.mean), nonNegative(path, 'stddev', spec.stddev));
    case 'lognormal':
      return new LogNormal(spec, finite(path, 'mu', spec.mu), nonNegative(path, 'sigma', spec.sigma));
    case 'pareto':
      return new Pareto(spec, positive(path, 'scale', spec.scale), positive(path, 'shape', spec.shape));
    case 'empirical': {
      const samples = spec.samples;
      if (!Array.isArray(samples) || samples.length === 0) {
        throw new ParameterError(`${path}.samples`, 'expected a non-empty array of numbers');
      }
      for (let i = 0; i < samples.length; i++) nonNegative(`${path}.samples`, String(i), samples[i]);
      return new Empirical(spec, samples);
    }
    default: {
      const type = (spec as { type?: unknown }).type;
      throw new ParameterError(
        `${path}.type`,
        `unknown distribution ${JSON.stringify(type)}; expected one of ${DISTRIBUTION_TYPES.join(', ')}`,
      );
    }
  }
}

/**
 * Costs in workload files: a fixed duration, or an engine/distributions.ts DistributionSpec
 * whose values are ns (duration strings such as "200ns" are accepted where a value is a time).
 * createSampler does the range checks, so the rules live in one place; its ParameterError
 * becomes an issue at the offending field. No kernel counterpart.
 */
import { z } from 'zod';
import { DISTRIBUTION_TYPES, ParameterError, createSampler, type DistributionSpec } from '../engine/distributions.js';
import { TimeError, parseDurationNs } from '../engine/time.js';
import type { PathSegment } from './errors.js';
import { DURATION_HINT, durationSchema, timeErrorMessage } from './duration.js';
import { expecting, strictObject } from './fields.js';

export const COST_HINT = `a cost: ${DURATION_HINT}, or a distribution such as { type: exponential, mean: 200ns }`;

/** A time value inside a distribution: a number of ns (fractions allowed) or a duration string. */
function nsValue() {
  return z
    .union([z.number(), z.string()], { error: expecting('a number of ns or a duration such as "200ns"') })
    .transform((value, ctx): number => {
      if (typeof value === 'number') return value;
      try {
        return parseDurationNs(value, 'value');
      } catch (err) {
        if (!(err instanceof TimeError)) throw err;
        ctx.addIssue({ code: 'custom', message: timeErrorMessage(err, 'value'), input: value });
        return NaN;
      }
    });
}

const SAMPLER_PATH = 'd';

/**
 * The largest cost or handler work a workload may ask for on average or at most: 1000 s. Far
 * beyond any interrupt path, and it keeps sampled times well inside the 2^53 ns clock (a mean
 * of 1e300 ns validated and then crashed the run at its first event).
 */
export const MAX_COST_NS = 1e12;

/** The value a distribution must keep within MAX_COST_NS: its largest value where bounded, else its mean (a normal's mean + 6 stddev). */
function typicalLargestNs(spec: DistributionSpec, mean: number): { what: string; ns: number } {
  switch (spec.type) {
    case 'deterministic':
      return { what: 'value', ns: spec.value };
    case 'uniform':
      return { what: 'max', ns: spec.max };
    case 'empirical':
      return { what: 'largest sample', ns: Math.max(...spec.samples) };
    case 'pareto':
      return { what: 'scale', ns: spec.scale };
    case 'normal':
      return { what: 'mean + 6 stddev', ns: spec.mean + 6 * spec.stddev };
    default:
      return { what: 'mean', ns: mean };
  }
}

/** Splits a ParameterError path ("d.samples.3") into segments below the distribution. */
function samplerPath(path: string): PathSegment[] {
  const parts = path.split('.').slice(1);
  return parts.map((p) => (/^[0-9]+$/.test(p) ? Number(p) : p));
}

/** A DistributionSpec of ns, shape-checked by zod and range-checked by createSampler. */
export function distributionSchema() {
  return z
    .discriminatedUnion('type', [
      strictObject({ type: z.literal('deterministic'), value: nsValue() }),
      strictObject({ type: z.literal('uniform'), min: nsValue(), max: nsValue() }),
      strictObject({ type: z.literal('exponential'), mean: nsValue() }),
      strictObject({ type: z.literal('normal'), mean: nsValue(), stddev: nsValue() }),
      strictObject({ type: z.literal('lognormal'), mu: z.number(), sigma: z.number() }),
      strictObject({ type: z.literal('pareto'), scale: nsValue(), shape: z.number() }),
      strictObject({ type: z.literal('empirical'), samples: z.array(nsValue()).min(1) }),
    ])
    .meta({ description: `a distribution of ns: type is one of ${DISTRIBUTION_TYPES.join(', ')}` })
    .transform((spec, ctx): DistributionSpec => {
      const out = spec as DistributionSpec;
      try {
        const { what, ns } = typicalLargestNs(out, createSampler(out, SAMPLER_PATH).mean);
        if (!(ns <= MAX_COST_NS)) {
          const message = `its ${what} is ${ns} ns; a cost or handler work may be at most ${MAX_COST_NS} ns (1000 s)`;
          ctx.addIssue({ code: 'custom', message, input: spec });
        }
      } catch (err) {
        if (!(err instanceof ParameterError)) throw err;
        const message = err.message.slice(err.path.length + 2);
        ctx.addIssue({ code: 'custom', path: samplerPath(err.path), message, input: spec });
      }
      return out;
    });
}

/** A cost field: a duration (→ deterministic) or a distribution; out comes a DistributionSpec of ns. */
export function costSchema() {
  return z
    .union([durationSchema(), distributionSchema()], { error: expecting(COST_HINT) })
    .transform((value, ctx): DistributionSpec => {
      if (typeof value !== 'number') return value;
      if (value > MAX_COST_NS) {
        ctx.addIssue({ code: 'custom', message: `a cost or handler work may be at most ${MAX_COST_NS} ns (1000 s), got ${value} ns`, input: value });
      }
      return { type: 'deterministic', value };
    });
}

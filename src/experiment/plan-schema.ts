/**
 * The sweep plan file (YAML or JSON): a base workload, the axes to vary (or an explicit list of
 * points), the seeds, the metrics to collect and the plots to draw. Validated with the same
 * building blocks and wording as workloads, so a bad plan reads like a bad workload.
 */
import { z } from 'zod';
import { int, nonEmptyString, report, show, strictObject } from '../workload/fields.js';

/** An axis value as it appears in a plan: a YAML scalar. */
export type AxisValue = string | number | boolean;

/** Most points × seeds a plan may expand to (a guard against a typo such as step: 1). */
export const MAX_PLAN_UNITS = 1_000_000;
/** Most values one range may expand to. */
export const MAX_RANGE_VALUES = 100_000;

const scalar = z.union([z.string(), z.number(), z.boolean()], {
  error: (iss) => (iss.input === undefined ? undefined : `expected a number, a string or true/false, got ${show(iss.input)}`),
});

const finite = z.number().refine(Number.isFinite, { error: (iss) => `expected a finite number, got ${show(iss.input)}` });

/** `{from, to, step}` (linear, `to` included when a step lands on it) or `{from, to, points, scale}`. */
const rangeSchema = strictObject({
  from: finite,
  to: finite,
  step: finite.optional(),
  points: int().min(2).max(MAX_RANGE_VALUES).optional(),
  scale: z.enum(['linear', 'log']).default('linear'),
}).superRefine((r, ctx) => {
  if ((r.step === undefined) === (r.points === undefined)) {
    report(ctx, [], 'give exactly one of step (linear: from, from+step, … up to to) or points (that many values from from to to)', r);
    return;
  }
  if (r.step !== undefined) {
    if (r.scale === 'log') report(ctx, ['scale'], 'a log scale takes points, not step', r.scale);
    else if (!(r.step > 0)) report(ctx, ['step'], `must be greater than 0, got ${show(r.step)}`, r.step);
    else if (r.to < r.from) report(ctx, ['to'], `must be at least from (${r.from}) for a rising step, got ${show(r.to)}`, r.to);
    else if ((r.to - r.from) / r.step + 1 > MAX_RANGE_VALUES) {
      report(ctx, ['step'], `gives ${Math.floor((r.to - r.from) / r.step) + 1} values, more than the ${MAX_RANGE_VALUES} a range may have`, r.step);
    }
  }
  if (r.scale === 'log' && !(r.from > 0 && r.to > 0)) {
    report(ctx, [], `a log scale needs from and to greater than 0, got from ${show(r.from)}, to ${show(r.to)}`, r);
  }
});

export type RangeSpec = z.output<typeof rangeSchema>;

const axisSchema = z.union([z.array(scalar), rangeSchema], {
  error: (iss) =>
    iss.input === undefined
      ? undefined
      : `expected a list of values or a range {from, to, step} / {from, to, points, scale}, got ${show(iss.input)}`,
});

export type AxisSpec = z.output<typeof axisSchema>;

const plotSchema = strictObject({
  x: nonEmptyString(),
  y: nonEmptyString(),
  series: nonEmptyString().optional(),
  title: z.string().optional(),
});

export type PlotSpec = z.output<typeof plotSchema>;

const seedsSchema = z.union([int().min(1).max(10_000), z.array(int().min(0).max(Number.MAX_SAFE_INTEGER)).min(1)], {
  error: (iss) =>
    iss.input === undefined ? undefined : `expected a number of seeds (e.g. 5) or a list of seeds (e.g. [1, 2, 7]), got ${show(iss.input)}`,
});

export const planSchema = strictObject({
  $schema: z.string().optional(),
  description: nonEmptyString(),
  workload: nonEmptyString(),
  set: z.array(z.string()).default([]),
  axes: z.record(z.string(), axisSchema).optional(),
  points: z.array(z.record(z.string(), scalar)).optional(),
  seeds: seedsSchema.default(5),
  metrics: z.array(nonEmptyString()).min(1).optional(),
  plots: z.array(plotSchema).optional(),
}).superRefine((p, ctx) => {
  if ((p.axes === undefined) === (p.points === undefined)) {
    report(ctx, [], 'give exactly one of axes (their product is the points) or points (an explicit list)', undefined);
  }
  if (p.axes !== undefined) {
    const names = Object.keys(p.axes);
    if (names.length === 0) report(ctx, ['axes'], 'no axes: the product is empty; name at least one field to vary', p.axes);
    for (const name of names) {
      const axis = p.axes[name];
      if (Array.isArray(axis) && axis.length === 0) report(ctx, ['axes', name], 'no values: the product of the axes would be empty', axis);
    }
  }
  if (p.points !== undefined) {
    if (p.points.length === 0) report(ctx, ['points'], 'no points: the list is empty', p.points);
    const first = p.points[0] === undefined ? [] : Object.keys(p.points[0]).sort();
    if (p.points[0] !== undefined && first.length === 0) report(ctx, ['points', 0], 'a point must set at least one field', p.points[0]);
    for (let i = 1; i < p.points.length; i++) {
      const keys = Object.keys(p.points[i]).sort();
      if (keys.join('\n') !== first.join('\n')) {
        report(ctx, ['points', i], `every point must set the same fields as points[0] (${first.join(', ')}), got ${keys.join(', ') || 'none'}`, p.points[i]);
      }
    }
  }
  if (Array.isArray(p.seeds) && new Set(p.seeds).size !== p.seeds.length) {
    report(ctx, ['seeds'], `seeds must be distinct, got ${show(p.seeds)}`, p.seeds);
  }
});

export type PlanInput = z.input<typeof planSchema>;
export type PlanFields = z.output<typeof planSchema>;

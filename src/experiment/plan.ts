/**
 * A sweep plan, read and checked: the axes with their values, the points (the axes' Cartesian
 * product, first axis slowest, or the plan's explicit list), the metric selectors and the plots.
 * Every problem is reported at once as a WorkloadError naming the plan file and the field path.
 * The base workload is not read here (see points.ts).
 */
import { basename, extname } from 'node:path';
import { WorkloadError, formatPath, type WorkloadIssue } from '../workload/errors.js';
import { parseOverride } from '../workload/overrides.js';
import { parseWorkloadText } from '../workload/parse.js';
import { toWorkloadIssues, workloadErrorMap } from '../workload/zod-issues.js';
import { axisValues } from './axis-values.js';
import { DEFAULT_METRICS, parseMetricSelector, type MetricSelector } from './metric-selector.js';
import { MAX_PLAN_UNITS, planSchema, type AxisValue, type PlotSpec } from './plan-schema.js';

/** One varied field: its `--set` path and the values it takes, in order. */
export interface Axis {
  readonly path: string;
  readonly values: readonly AxisValue[];
}

/** One point of a plan: a value for every axis (in `axes` order). */
export interface PlanPoint {
  readonly index: number;
  readonly values: readonly AxisValue[];
}

export interface SweepPlan {
  /** The plan file as given (names it in messages). */
  readonly file: string;
  /** The file name without folder and extension. */
  readonly name: string;
  readonly description: string;
  /** The base workload as written: a path relative to the plan's folder. */
  readonly workload: string;
  /** `--set` overrides the plan applies to the base before the axes. */
  readonly set: readonly string[];
  readonly axes: readonly Axis[];
  readonly points: readonly PlanPoint[];
  /** A number of seeds (from the base workload's seed on) or the seeds themselves. */
  readonly seeds: number | readonly number[];
  readonly metrics: readonly MetricSelector[];
  readonly plots: readonly PlotSpec[];
}

/** Every combination of the axes' values, the first axis varying slowest. */
export function cartesianPoints(axes: readonly Axis[]): PlanPoint[] {
  const out: PlanPoint[] = [];
  const pick = new Array<AxisValue>(axes.length);
  const walk = (a: number): void => {
    if (a === axes.length) {
      out.push({ index: out.length, values: pick.slice() });
      return;
    }
    for (const v of axes[a].values) {
      pick[a] = v;
      walk(a + 1);
    }
  };
  if (axes.length > 0) walk(0);
  return out;
}

function seedCount(seeds: number | readonly number[]): number {
  return typeof seeds === 'number' ? seeds : seeds.length;
}

/** Checks a `--set`-style path; returns a message or null. */
function pathProblem(path: string): string | null {
  try {
    parseOverride(`${path}=0`);
    return null;
  } catch (err) {
    if (err instanceof WorkloadError) return err.issues[0].message.replace(/ \(in .*\)$/, '');
    throw err;
  }
}

/**
 * Parses and checks a plan's text; `file` picks YAML or JSON and names the file in errors.
 * Throws WorkloadError listing every problem.
 */
export function parsePlan(text: string, file: string): SweepPlan {
  const raw = parseWorkloadText(text, file);
  if (raw === null || raw === undefined) {
    throw new WorkloadError([{ file, path: '', message: 'the file is empty; expected a plan with description, workload and axes or points' }]);
  }
  const issues: WorkloadIssue[] = [];
  const issue = (path: readonly (string | number)[], message: string): void => {
    issues.push({ file, path: formatPath(path), message });
  };
  // The metric selectors are checked even when the schema fails, so one pass reports both.
  const rawMetrics = (raw as { metrics?: unknown }).metrics;
  const metricTexts = Array.isArray(rawMetrics) ? rawMetrics.filter((m): m is string => typeof m === 'string') : DEFAULT_METRICS;
  const metrics: MetricSelector[] = [];
  if (!Array.isArray(rawMetrics) || metricTexts.length === rawMetrics.length) {
    metricTexts.forEach((text, i) => {
      try {
        metrics.push(parseMetricSelector(text));
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        issue(['metrics', i], err.message);
      }
    });
  }
  const parsed = planSchema.safeParse(raw, { error: workloadErrorMap });
  if (!parsed.success) throw new WorkloadError([...toWorkloadIssues(parsed.error.issues, file), ...issues]);
  const p = parsed.data;

  let axes: Axis[];
  let points: PlanPoint[];
  if (p.axes !== undefined) {
    axes = Object.entries(p.axes).map(([path, spec]) => ({ path, values: axisValues(spec) }));
    let product = seedCount(p.seeds);
    for (const a of axes) product *= a.values.length;
    if (product > MAX_PLAN_UNITS) {
      issue(['axes'], `the axes give ${product} runs (points × seeds), more than the ${MAX_PLAN_UNITS} a plan may have`);
      throw new WorkloadError(issues);
    }
    points = cartesianPoints(axes);
  } else {
    const list = p.points ?? [];
    const paths = Object.keys(list[0] ?? {});
    axes = paths.map((path) => ({ path, values: [...new Set(list.map((pt) => pt[path]))] }));
    points = list.map((pt, index) => ({ index, values: paths.map((path) => pt[path]) }));
    if (points.length * seedCount(p.seeds) > MAX_PLAN_UNITS) {
      issue(['points'], `the points give ${points.length * seedCount(p.seeds)} runs (points × seeds), more than the ${MAX_PLAN_UNITS} a plan may have`);
    }
  }
  for (const a of axes) {
    const problem = pathProblem(a.path);
    if (problem !== null) issue([p.axes !== undefined ? 'axes' : 'points', ...(p.axes !== undefined ? [a.path] : [0, a.path])], problem);
    if (a.path === 'seed') issue(['axes', a.path], 'seeds are not an axis: use seeds (or --seeds), so statistics are taken across them');
  }

  const axisPaths = axes.map((a) => a.path);
  const plots = p.plots ?? [];
  plots.forEach((plot, i) => {
    if (!axisPaths.includes(plot.x)) issue(['plots', i, 'x'], `not an axis of this plan; expected one of ${axisPaths.join(', ')}`);
    if (plot.series !== undefined) {
      if (!axisPaths.includes(plot.series)) issue(['plots', i, 'series'], `not an axis of this plan; expected one of ${axisPaths.join(', ')}`);
      else if (plot.series === plot.x) issue(['plots', i, 'series'], 'must be another axis than x');
    }
    if (!metricTexts.includes(plot.y)) issue(['plots', i, 'y'], `not one of the plan's metrics; expected one of ${metricTexts.join(', ')}`);
  });

  if (issues.length > 0) throw new WorkloadError(issues);
  return {
    file,
    name: basename(file, extname(file)),
    description: p.description,
    workload: p.workload,
    set: p.set,
    axes,
    points,
    seeds: p.seeds,
    metrics,
    plots,
  };
}

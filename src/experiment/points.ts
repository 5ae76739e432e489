/**
 * From a plan's points to resolved workloads, all before anything runs: each point is the base
 * workload with the plan's `set`, the user's `--set` and its axis values applied as overrides,
 * then validated by the workload schema. A value the schema rejects is reported per point, with
 * the point's axis values and where the value came from; an axis path the workload does not have
 * is reported once, against the plan.
 */
import type { WorkloadConfig } from '../workload/config.js';
import { WorkloadError, formatPath, type WorkloadIssue } from '../workload/errors.js';
import { validateWorkload } from '../workload/load.js';
import { OVERRIDE_FILE, applyOverrides, parseOverride } from '../workload/overrides.js';
import { traceFilesOf } from '../workload/to-machine-config.js';
import { axisValueText, overrideText } from './axis-values.js';
import type { Axis, PlanPoint } from './plan.js';
import type { AxisValue } from './plan-schema.js';
import { pointHash } from './point-key.js';

/** A base workload as read from its file, not yet validated. */
export interface BaseWorkload {
  /** The path as given: names the file in messages. */
  readonly file: string;
  /** The parsed file (parseWorkloadText). */
  readonly raw: unknown;
}

/** One override with where it came from, for messages. */
export interface SourcedOverride {
  /** `path=value`, as parseOverride reads it. */
  readonly text: string;
  /** "--set duration=20ms", "axis machine.remapping", "plan set …". */
  readonly origin: string;
}

export interface ResolvedPoint {
  readonly index: number;
  /** One value per axis, in plan order. */
  readonly values: readonly AxisValue[];
  /** "machine.remapping=off, peers[0].arrival.rate=100000" ('' for a point without axes). */
  readonly label: string;
  readonly base: BaseWorkload;
  /** The resolved workload, with the base's seed (each run sets its own). */
  readonly workload: WorkloadConfig;
  /** The trace files it names, read. */
  readonly traces: ReadonlyMap<string, Float64Array>;
  readonly hash: string;
}

export interface ResolveOptions {
  /** Cost-model names `costs` may override (checked like the run command does). */
  readonly costNames?: readonly string[];
  /** Reads a trace file named by a workload (relative to that workload's folder). */
  readonly readTrace: (base: BaseWorkload, file: string) => Promise<Float64Array>;
}

function pathOf(text: string): string {
  return formatPath(parseOverride(text).path);
}

function isAtOrBelow(issuePath: string, path: string): boolean {
  return issuePath === path || issuePath.startsWith(`${path}.`) || issuePath.startsWith(`${path}[`);
}

/** Is `issuePath` the path itself or one of its ancestors? */
function isAtOrAbove(issuePath: string, path: string): boolean {
  return issuePath !== '' && isAtOrBelow(path, issuePath);
}

/**
 * Applies the overrides to the base and validates it. Issues below an override's path say which
 * override gave the value; an override that cannot apply is filed under its origin.
 */
export function validateWithOverrides(base: BaseWorkload, overrides: readonly SourcedOverride[], costNames?: readonly string[]): WorkloadConfig {
  let raw: unknown;
  try {
    raw = applyOverrides(base.raw, overrides.map((o) => o.text));
  } catch (err) {
    if (!(err instanceof WorkloadError)) throw err;
    throw new WorkloadError(
      err.issues.map((iss) => {
        const o = overrides.find((x) => iss.message.includes(JSON.stringify(x.text)));
        return { ...iss, file: iss.file === OVERRIDE_FILE && o !== undefined ? o.origin : iss.file };
      }),
    );
  }
  try {
    return validateWorkload(raw, base.file, { costNames });
  } catch (err) {
    if (!(err instanceof WorkloadError)) throw err;
    const paths = overrides.map((o) => ({ o, path: pathOf(o.text) }));
    throw new WorkloadError(
      err.issues.map((iss) => {
        for (let i = paths.length - 1; i >= 0; i--) {
          if (isAtOrBelow(iss.path, paths[i].path)) return { ...iss, message: `${iss.message} (value from ${paths[i].o.origin})` };
        }
        return iss;
      }),
    );
  }
}

/** The overrides of one point: the plan's and user's sets first, then its axis values. */
export function pointOverrides(axes: readonly Axis[], values: readonly AxisValue[], planSets: readonly string[], userSets: readonly string[]): SourcedOverride[] {
  return [
    ...planSets.map((text) => ({ text, origin: `the plan's set ${JSON.stringify(text)}` })),
    ...userSets.map((text) => ({ text, origin: `--set ${text}` })),
    ...axes.map((a, i) => ({ text: overrideText(a.path, values[i]), origin: `axis ${a.path}` })),
  ];
}

/** "path=value, path=value" for a point. */
export function pointLabel(axes: readonly Axis[], values: readonly AxisValue[]): string {
  return axes.map((a, i) => `${a.path}=${axisValueText(values[i])}`).join(', ');
}

export interface PlanProblem {
  /** The axis whose path is wrong, or null for a problem of the base and sets. */
  readonly axis: string | null;
  readonly issues: readonly WorkloadIssue[];
}

/**
 * Resolves every point. Throws WorkloadError listing every problem: first the base and `--set`
 * problems (reported once, not per point), then unknown axis paths (once per axis, filed under
 * the plan), then each point's own (prefixed "point N (axis values)").
 */
export async function resolvePoints(
  base: BaseWorkload,
  axes: readonly Axis[],
  points: readonly PlanPoint[],
  planSets: readonly string[],
  userSets: readonly string[],
  options: ResolveOptions & { readonly planFile?: string },
): Promise<ResolvedPoint[]> {
  const axisPaths = axes.map((a) => pathOf(overrideText(a.path, 0)));
  // The base with the sets alone: what is wrong there is wrong everywhere (except what the axes set).
  try {
    validateWithOverrides(base, pointOverrides([], [], planSets, userSets), options.costNames);
  } catch (err) {
    if (!(err instanceof WorkloadError)) throw err;
    const own = err.issues.filter((iss) => !axisPaths.some((p) => isAtOrBelow(iss.path, p)));
    if (own.length > 0) throw new WorkloadError(own);
  }
  const planFile = options.planFile ?? 'the plan';
  const unknownAxes = new Map<string, WorkloadIssue>();
  const pointIssues: WorkloadIssue[] = [];
  const resolved: ResolvedPoint[] = [];
  for (const pt of points) {
    const label = pointLabel(axes, pt.values);
    let workload: WorkloadConfig;
    try {
      workload = validateWithOverrides(base, pointOverrides(axes, pt.values, planSets, userSets), options.costNames);
    } catch (err) {
      if (!(err instanceof WorkloadError)) throw err;
      for (const iss of err.issues) {
        const axis = axes.find((a, i) => (isAtOrAbove(iss.path, axisPaths[i]) && /^unknown key/.test(iss.message)) || iss.file === `axis ${a.path}`);
        if (axis !== undefined) {
          if (!unknownAxes.has(axis.path)) {
            const where = iss.file === `axis ${axis.path}` ? iss.message.replace(/ \(in .*\)$/, '') : `${iss.path}: ${iss.message.replace(/ \(value from .*\)$/, '')}`;
            unknownAxes.set(axis.path, { file: planFile, path: formatPath(['axes', axis.path]), message: `not a field of ${base.file}: ${where}` });
          }
          continue;
        }
        pointIssues.push({ ...iss, file: `point ${pt.index}${label === '' ? '' : ` (${label})`}: ${iss.file}` });
      }
      continue;
    }
    const traces = new Map<string, Float64Array>();
    for (const file of traceFilesOf(workload)) traces.set(file, await options.readTrace(base, file));
    resolved.push({ index: pt.index, values: pt.values, label, base, workload, traces, hash: pointHash(workload, traces) });
  }
  const issues = [...unknownAxes.values(), ...pointIssues];
  if (issues.length > 0) throw new WorkloadError(issues);
  return resolved;
}

/**
 * Whole workload files as the points of a compare (`irqstorm compare A.yaml B.yaml`): one point
 * per file, each with the user's `--set` applied, on one axis "workload" whose values are the
 * files. Throws WorkloadError listing every problem of every file.
 */
export async function resolveFilePoints(bases: readonly BaseWorkload[], userSets: readonly string[], options: ResolveOptions): Promise<ResolvedPoint[]> {
  const issues: WorkloadIssue[] = [];
  const out: ResolvedPoint[] = [];
  for (let i = 0; i < bases.length; i++) {
    const base = bases[i];
    try {
      const workload = validateWithOverrides(base, pointOverrides([], [], [], userSets), options.costNames);
      const traces = new Map<string, Float64Array>();
      for (const file of traceFilesOf(workload)) traces.set(file, await options.readTrace(base, file));
      out.push({ index: i, values: [base.file], label: `workload=${base.file}`, base, workload, traces, hash: pointHash(workload, traces) });
    } catch (err) {
      if (!(err instanceof WorkloadError)) throw err;
      issues.push(...err.issues);
    }
  }
  if (issues.length > 0) throw new WorkloadError(issues);
  return out;
}

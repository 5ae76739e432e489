/**
 * Baseline files (results/baseline/*.json): what each gate case measured on the reference
 * commit. A small versioned format; a missing, unreadable or malformed file is a GateInputError
 * naming the file and the field at fault, never a silent pass.
 *
 *   { "schemaVersion": 1, "createdCommit": "fadd339", "createdAt": "2025-…Z",
 *     "cases": { "hold-model": { "instructions": 123456789, "thresholdPct": 2,
 *                                "metrics": { "finalTimeNs": 1.2e9 },
 *                                "tolerances": { "finalTimeNs": { "relativePct": 0.1 } } } } }
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { z } from 'zod';
import { writeFileAtomicSync as writeFileAtomic } from '../report/atomic-write.js';
import { GateInputError } from './gate-error.js';

/** The format version this gate reads and writes. */
export const BASELINE_SCHEMA_VERSION = 1;

/** Default file for cases not yet in any baseline file. */
export const DEFAULT_BASELINE_FILE = 'gate.json';

const toleranceSchema = z.union([
  z.object({ relativePct: z.number().nonnegative() }).strict(),
  z.object({ absolute: z.number().nonnegative() }).strict(),
]);

const caseSchema = z
  .object({
    instructions: z.number().int().nonnegative().optional(),
    thresholdPct: z.number().positive().optional(),
    metrics: z.record(z.string(), z.number()).optional(),
    tolerances: z.record(z.string(), toleranceSchema).optional(),
  })
  .strict();

const fileSchema = z
  .object({
    schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
    createdCommit: z.string().min(1),
    createdAt: z.string().optional(),
    environment: z.object({ node: z.string().min(1), cpu: z.string().min(1) }).strict().optional(),
    cases: z.record(z.string(), caseSchema),
  })
  .strict();

/** Where instruction counts were taken: counts compare only on the same Node and CPU model. */
export type GateEnvironment = NonNullable<z.infer<typeof fileSchema>['environment']>;

/** How far a metric may move: a relative band in percent of the baseline, or an absolute band. Default: exact. */
export type MetricTolerance = z.infer<typeof toleranceSchema>;
/** One case's baseline figures. */
export type BaselineCase = z.infer<typeof caseSchema>;
/** One baseline file. */
export type BaselineFile = z.infer<typeof fileSchema>;

/** Every baseline file of a folder, and which file holds each case. */
export interface BaselineSet {
  readonly dir: string;
  /** Path → parsed file. */
  readonly files: ReadonlyMap<string, BaselineFile>;
  /** Case name → path of the file holding it. */
  readonly caseFile: ReadonlyMap<string, string>;
}

/** The environment this process counts instructions in. */
export function currentGateEnvironment(): GateEnvironment {
  return { node: process.version, cpu: cpus()[0]?.model.trim() || 'unknown' };
}

/** Reads and validates one baseline file; throws GateInputError naming `path` on any problem. */
export function readBaselineFile(path: string): BaselineFile {
  if (!existsSync(path)) throw new GateInputError(path, 'baseline file not found');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new GateInputError(path, `cannot read baseline file: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new GateInputError(path, `baseline file is not valid JSON: ${(err as Error).message}`);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version !== BASELINE_SCHEMA_VERSION) {
    throw new GateInputError(
      path,
      `baseline schemaVersion ${version} is not supported; this gate reads version ${BASELINE_SCHEMA_VERSION}`,
    );
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new GateInputError(path, `malformed baseline: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Loads every *.json file in `dir`. Throws GateInputError when the folder is missing, holds no
 * baseline file, or two files define the same case.
 */
export function loadBaselines(dir: string): BaselineSet {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new GateInputError(dir, 'baseline folder not found');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (names.length === 0) {
    throw new GateInputError(dir, 'no baseline *.json files; record one with `irqstorm gate --update-baseline`');
  }
  const files = new Map<string, BaselineFile>();
  const caseFile = new Map<string, string>();
  for (const name of names) {
    const path = join(dir, name);
    const file = readBaselineFile(path);
    files.set(path, file);
    for (const caseName of Object.keys(file.cases)) {
      const other = caseFile.get(caseName);
      if (other !== undefined) throw new GateInputError(path, `case "${caseName}" is also defined in ${other}`);
      caseFile.set(caseName, path);
    }
  }
  return { dir, files, caseFile };
}

/** The baseline of one case, or undefined if no file holds it. */
export function baselineCase(set: BaselineSet, name: string): BaselineCase | undefined {
  const path = set.caseFile.get(name);
  return path === undefined ? undefined : set.files.get(path)?.cases[name];
}

/** Serialises a baseline file: 2-space JSON, cases and metrics in name order, trailing newline (stable diffs). */
export function formatBaselineFile(file: BaselineFile): string {
  const cases: Record<string, BaselineCase> = {};
  for (const name of Object.keys(file.cases).sort()) {
    const c = file.cases[name];
    const out: BaselineCase = {};
    if (c.instructions !== undefined) out.instructions = c.instructions;
    if (c.thresholdPct !== undefined) out.thresholdPct = c.thresholdPct;
    if (c.metrics !== undefined) out.metrics = sortKeys(c.metrics);
    if (c.tolerances !== undefined) out.tolerances = sortKeys(c.tolerances);
    cases[name] = out;
  }
  // Keys in a fixed order for stable diffs.
  const ordered: Record<string, unknown> = { schemaVersion: file.schemaVersion, createdCommit: file.createdCommit };
  if (file.createdAt !== undefined) ordered.createdAt = file.createdAt;
  if (file.environment !== undefined) ordered.environment = { node: file.environment.node, cpu: file.environment.cpu };
  ordered.cases = cases;
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** Validates and writes a baseline file atomically. */
export function writeBaselineFile(path: string, file: BaselineFile): void {
  const parsed = fileSchema.safeParse(file);
  if (!parsed.success) throw new RangeError(`refusing to write a malformed baseline to ${path}: ${parsed.error.message}`);
  writeFileAtomic(path, formatBaselineFile(parsed.data));
}

function sortKeys<T>(rec: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(rec).sort()) out[k] = rec[k];
  return out;
}

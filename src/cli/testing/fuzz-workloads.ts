/**
 * Fuzzed workloads (issue 18): a fast-check generator of workload files, mutations of the
 * shipped library (fields deleted, replaced by values of any type, keys misspelt or added) and
 * grammar-built durations and sizes, written as YAML or JSON and sometimes damaged as text
 * (cut short, characters inserted, a line doubled); and the check every case must pass: the
 * `validate` pipeline (load, traces, estimate, machine build) either accepts it or refuses it
 * with a CliError whose every line names the file and then a field path or a line. Used by
 * src/cli/fuzz-workloads.test.ts (a few hundred seeded cases) and bench/fuzz.ts (campaigns).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { checkMachineBuilds } from '../build-check.js';
import { estimateRun } from '../estimate.js';
import { CliError } from '../exit-codes.js';
import { loadWorkloadFile } from '../workload-file.js';

/** A generated workload file: its name (extension picks the format) and text. */
export interface FuzzCase {
  readonly name: string;
  readonly text: string;
}

/** The library's workloads as plain values, read once. */
export function libraryWorkloads(workloadsDir: string): { name: string; value: unknown }[] {
  return readdirSync(workloadsDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: f.replace(/\.yaml$/, ''), value: parseYaml(readFileSync(join(workloadsDir, f), 'utf8')) as unknown }));
}

const ws = fc.constantFrom('', ' ', '  ', '\t');
const digits = fc.oneof(fc.nat({ max: 99_999 }).map(String), fc.constantFrom('0', '00', '9007199254740993', '1'.repeat(30)));

/** Durations from the grammar, right and wrong: [ws] digits [.digits] [e±n] [ws] [unit] [ws]. */
export const durationText = fc
  .tuple(ws, digits, fc.option(digits, { nil: '' }), fc.option(fc.integer({ min: -30, max: 30 }), { nil: null }), ws, fc.constantFrom('', 'ns', 'us', 'µs', 'ms', 's', 'm', 'h', 'sec', 'NS'), ws)
  .map(([a, d, f, e, b, u, c]) => `${a}${d}${f === '' ? '' : `.${f}`}${e === null ? '' : `e${e}`}${b}${u}${c}`);

/** Sizes from the grammar: [ws] digits [.digits] [ws] [unit] [ws], binary and decimal units. */
export const sizeText = fc
  .tuple(ws, digits, fc.option(digits, { nil: '' }), ws, fc.constantFrom('', 'B', 'KiB', 'MiB', 'GiB', 'KB', 'kb', 'M', 'TiB'), ws)
  .map(([a, d, f, b, u, c]) => `${a}${d}${f === '' ? '' : `.${f}`}${b}${u}${c}`);

/** Any value a field might be given. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -5, max: 5000 }),
  fc.constantFrom(0, -1, 1e308, -1e-308, 2 ** 53, 0.5, 1e9),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  durationText,
  sizeText,
  fc.string({ maxLength: 12 }),
  fc.constantFrom('poisson', 'msi', 'doorbell', 'ring', 'remapped', 'off', 'posted', 'storm', 'idt', 'ntb-domain', 'peer0/q0', 'all'),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer({ min: -1, max: 8 }), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('type', 'rate', 'mean', 'value', 'period', 'x'), fc.oneof(fc.integer({ min: -2, max: 1e6 }), durationText, fc.constantFrom('poisson', 'exponential', 'deterministic')), { maxKeys: 3 }),
);

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    const p = [...prefix, Array.isArray(value) ? Number(k) : k];
    out.push(p);
    pathsOf(v, p, out);
  }
  return out;
}

/** One change to a parsed workload. */
type Mutation =
  | { op: 'set'; pick: number; value: unknown }
  | { op: 'delete'; pick: number }
  | { op: 'typo'; pick: number; at: number }
  | { op: 'add'; pick: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), pick: fc.nat(), value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('typo' as const), pick: fc.nat(), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('add' as const), pick: fc.nat(), key: fc.constantFrom('jitter', 'rate', 'extra', 'count', '__proto__', 'ite mWork'), value: anyValue }) },
);

function applyMutation(root: unknown, m: Mutation): void {
  const paths = pathsOf(root);
  if (paths.length === 0) return;
  const path = paths[m.pick % paths.length];
  let parent = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (m.op === 'set') parent[last] = m.value;
  else if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (m.op === 'typo' && typeof last === 'string' && last.length > 1) {
    const i = m.at % last.length;
    const typo = `${last.slice(0, i)}${last.slice(i + 1)}`;
    parent[typo] = parent[last];
    delete parent[last];
  } else if (m.op === 'add') {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
  }
}

/** Damage done to the serialised text. */
type TextDamage = { op: 'none' } | { op: 'cut'; at: number } | { op: 'insert'; at: number; text: string } | { op: 'double-line'; at: number };

const textDamage: fc.Arbitrary<TextDamage> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ op: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cut' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(':', '- ', '{', '"', '&a ', '*a', '!!binary ', '\t', '\u0000', '---\n', '<<: ')) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('double-line' as const), at: fc.nat() }) },
);

function damage(text: string, d: TextDamage): string {
  if (d.op === 'none' || text.length === 0) return text;
  const at = d.at % text.length;
  if (d.op === 'cut') return text.slice(0, at);
  if (d.op === 'insert') return `${text.slice(0, at)}${d.text}${text.slice(at)}`;
  const lines = text.split('\n');
  const i = d.at % lines.length;
  lines.splice(i, 0, lines[i]);
  return lines.join('\n');
}

/** Workload files: a library workload mutated 0–4 times, written as YAML or JSON, maybe damaged. */
export function fuzzCaseArbitrary(library: readonly { name: string; value: unknown }[]): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      which: fc.nat({ max: library.length - 1 }),
      mutations: fc.array(mutation, { maxLength: 4 }),
      json: fc.boolean(),
      damage: textDamage,
    })
    .map(({ which, mutations, json, damage: d }) => {
      const base = library[which];
      const value = structuredClone(base.value);
      for (const m of mutations) applyMutation(value, m);
      const text = json ? JSON.stringify(value, null, 2) : stringifyYaml(value);
      return { name: `${base.name}.${json ? 'json' : 'yaml'}`, text: damage(text ?? '', d) };
    });
}

/** What the validate pipeline made of a case. */
export interface FuzzOutcome {
  readonly verdict: 'accepted' | 'refused' | 'crashed' | 'vague';
  /** The refusal or crash text. */
  readonly message: string;
  readonly ms: number;
}

// A refusal line: "<file>: " then a field path ("peers[0].arrival.rate: "), a position
// ("line 3, column 2: "), or one of the whole-file refusals that name no field.
const WHOLE_FILE = [
  'the file is empty',
  'unsupported file type',
  'file is ',
  'nested too deeply',
  'aliases expand',
  'more than one YAML document',
  '… and ',
  'expected an object',
  'this run needs about',
];

function fieldPrecise(line: string, file: string): boolean {
  if (!line.startsWith(`${file}: `)) return false;
  const rest = line.slice(file.length + 2);
  if (/^line [0-9]+, column [0-9]+: /.test(rest)) return true;
  // A field path as errors.ts formatPath() writes it: name, .name, [3] or ["odd \"key\""] segments.
  if (/^(?:[A-Za-z_$][\w$-]*|\["(?:[^"\\\n]|\\.)*"\])(?:\[[0-9]+\]|\.[A-Za-z_$][\w$-]*|\["(?:[^"\\\n]|\\.)*"\])*: /.test(rest)) return true;
  return WHOLE_FILE.some((w) => rest.startsWith(w));
}

/**
 * Writes the case into `dir` and runs what `irqstorm validate` runs. Refused: a CliError whose
 * every line is field-precise (vague otherwise); crashed: any other error.
 */
export async function checkFuzzCase(c: FuzzCase, dir: string): Promise<FuzzOutcome> {
  const path = join(dir, c.name);
  writeFileSync(path, c.text);
  const start = performance.now();
  try {
    const loaded = await loadWorkloadFile(path);
    estimateRun(loaded.machine, { trace: loaded.workload.trace, source: path });
    checkMachineBuilds(loaded.machine, path);
    return { verdict: 'accepted', message: '', ms: performance.now() - start };
  } catch (err) {
    const ms = performance.now() - start;
    if (!(err instanceof CliError)) return { verdict: 'crashed', message: err instanceof Error ? (err.stack ?? err.message) : String(err), ms };
    const lines = err.message.split('\n');
    const precise = lines.every((l) => fieldPrecise(l, path));
    return { verdict: precise ? 'refused' : 'vague', message: err.message, ms };
  }
}

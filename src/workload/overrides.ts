/**
 * `--set path=value` overrides, applied to the raw file object before validation so an
 * overridden field is checked like any other. Paths use dots and [index]
 * (`peers[0].arrival.rate`); values are YAML flow scalars or collections (`5e5`, `off`, `true`,
 * `[1, 2]`, `{type: poisson, rate: 1e5}`). No kernel counterpart.
 */
import { parseDocument } from 'yaml';
import { cutMessage } from '../engine/excerpt.js';
import { WorkloadError, formatPath, type PathSegment, type WorkloadIssue } from './errors.js';
import { show } from './fields.js';
import { SAFE_YAML_OPTIONS } from './parse.js';
import { duplicateKeyOffsets } from './yaml-checks.js';

/** The file name override issues are reported under. */
export const OVERRIDE_FILE = '--set';

/** One parsed `--set` argument. */
export interface Override {
  /** The argument as given. */
  readonly text: string;
  readonly path: readonly PathSegment[];
  readonly value: unknown;
}

const KEY_RE = /[A-Za-z_$][A-Za-z0-9_$-]*/y;
const INDEX_RE = /\[([0-9]+)\]/y;
// Keys that would reach Object.prototype instead of the workload.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class OverrideProblem extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

function parsePath(text: string): PathSegment[] {
  const path: PathSegment[] = [];
  let pos = 0;
  const bad = (what: string): never => {
    const got = pos >= text.length ? 'the end' : show(text[pos]);
    throw new OverrideProblem('', `malformed path ${show(text)}: expected ${what} at character ${pos + 1}, got ${got}`);
  };
  for (;;) {
    KEY_RE.lastIndex = pos;
    const key = KEY_RE.exec(text);
    if (key === null) bad('a key (letters, digits, _, $, -)');
    else {
      if (FORBIDDEN_KEYS.has(key[0])) {
        throw new OverrideProblem('', `malformed path ${show(text)}: key ${show(key[0])} is not allowed`);
      }
      path.push(key[0]);
      pos += key[0].length;
    }
    for (;;) {
      INDEX_RE.lastIndex = pos;
      const index = INDEX_RE.exec(text);
      if (index === null) break;
      const n = Number(index[1]);
      if (!Number.isSafeInteger(n)) bad('an index of reasonable size');
      path.push(n);
      pos += index[0].length;
    }
    if (pos === text.length) return path;
    if (text[pos] !== '.') bad("'.', '[index]' or the end of the path");
    pos++;
  }
}

function parseValue(text: string, valueText: string): unknown {
  if (valueText.trim() === '') {
    throw new OverrideProblem('', `${show(text)}: missing value after '='; write "" for an empty string`);
  }
  const doc = parseDocument(valueText, SAFE_YAML_OPTIONS);
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    const why = cutMessage(problem.message.split('\n')[0]);
    throw new OverrideProblem('', `${show(text)}: cannot read the value ${show(valueText)}: ${why}`);
  }
  if (duplicateKeyOffsets(doc, 1).length > 0) {
    throw new OverrideProblem('', `${show(text)}: cannot read the value ${show(valueText)}: Map keys must be unique`);
  }
  try {
    return doc.toJS({ maxAliasCount: 0 }) as unknown;
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    throw new OverrideProblem('', `${show(text)}: cannot read the value ${show(valueText)}: ${err.message}`);
  }
}

/** Parses one `path=value` argument. Throws WorkloadError (file "--set") when malformed. */
export function parseOverride(text: string): Override {
  try {
    const eq = text.indexOf('=');
    if (eq < 0) throw new OverrideProblem('', `expected path=value, got ${show(text)}`);
    const path = parsePath(text.slice(0, eq).trim());
    return { text, path, value: parseValue(text, text.slice(eq + 1)) };
  } catch (err) {
    if (err instanceof OverrideProblem) {
      throw new WorkloadError([{ file: OVERRIDE_FILE, path: err.path, message: err.message }]);
    }
    throw err;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'string' ? 'a string' : `a ${typeof value}`} (${show(value)})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setAt(root: Record<string, unknown>, o: Override): void {
  const full = formatPath(o.path);
  let cur: unknown = root;
  for (let i = 0; i < o.path.length; i++) {
    const seg = o.path[i];
    const last = i === o.path.length - 1;
    const here = formatPath(o.path.slice(0, i + 1));
    const parent = i === 0 ? 'the workload' : formatPath(o.path.slice(0, i));
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) {
        throw new OverrideProblem(full, `${parent} is ${describe(cur)}, not a list, so [${seg}] cannot index it`);
      }
      if (seg >= cur.length) {
        const n = cur.length;
        const range = n === 0 ? 'it is empty' : `it has ${n} item${n === 1 ? '' : 's'} (indices 0…${n - 1})`;
        throw new OverrideProblem(full, `index ${seg} is out of range for ${parent}: ${range}`);
      }
      if (last) cur[seg] = o.value;
      else cur = cur[seg];
      continue;
    }
    if (!isRecord(cur)) {
      throw new OverrideProblem(full, `${parent} is ${describe(cur)}, not an object, so it has no key ${show(seg)}`);
    }
    if (last) {
      cur[seg] = o.value;
      continue;
    }
    let child = Object.hasOwn(cur, seg) ? cur[seg] : undefined;
    if (child === undefined || child === null) {
      // A missing section is created (irqbalance.interval=5s); a missing list cannot be indexed.
      if (typeof o.path[i + 1] === 'number') {
        throw new OverrideProblem(full, `${here} is not set, so it has no items to index`);
      }
      child = {};
      cur[seg] = child;
    }
    cur = child;
  }
}

/**
 * Applies `--set` arguments to a copy of the raw workload `input` (never mutated), in order.
 * Throws WorkloadError listing every malformed argument, bad path or out-of-range index.
 */
export function applyOverrides(input: unknown, overrides: readonly string[]): unknown {
  if (overrides.length === 0) return input;
  const issues: WorkloadIssue[] = [];
  const parsed: Override[] = [];
  for (const text of overrides) {
    try {
      parsed.push(parseOverride(text));
    } catch (err) {
      if (!(err instanceof WorkloadError)) throw err;
      issues.push(...err.issues);
    }
  }
  if (!isRecord(input)) {
    const message = `the workload is ${describe(input)}, not an object, so --set cannot apply`;
    issues.push({ file: OVERRIDE_FILE, path: '', message });
    throw new WorkloadError(issues);
  }
  const root = structuredClone(input);
  for (const o of parsed) {
    try {
      setAt(root, o);
    } catch (err) {
      if (!(err instanceof OverrideProblem)) throw err;
      issues.push({ file: OVERRIDE_FILE, path: err.path, message: `${err.message} (in ${show(o.text)})` });
    }
  }
  if (issues.length > 0) throw new WorkloadError(issues);
  return root;
}

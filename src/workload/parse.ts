/**
 * From a workload file's text to a plain value: JSON or YAML by extension. YAML is read safely:
 * the 1.2 core schema with no custom or 1.1 tags (no !!binary, !!set, …), a bound on alias
 * expansion against "billion laughs" documents, duplicate keys rejected, one document only.
 * JSON errors say line and column. No kernel counterpart.
 */
import {
  LineCounter,
  parseDocument,
  type DocumentOptions,
  type ParseOptions as YamlParseOptions,
  type SchemaOptions,
  type YAMLError,
} from 'yaml';
import { cutMessage } from '../engine/excerpt.js';
import { WorkloadError, type WorkloadIssue } from './errors.js';
import { show } from './fields.js';
import { findJsonProblem, lineColumn } from './json-syntax.js';
import { aliasAndMergeProblems, duplicateKeyOffsets } from './yaml-checks.js';

/** Default limit on a workload file's size: 4 MiB of UTF-8. */
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
/** Default limit on YAML alias expansions (the yaml package's own default). */
export const DEFAULT_MAX_ALIAS_COUNT = 100;

export interface ParseOptions {
  /** Largest accepted text, in UTF-8 bytes. @defaultValue DEFAULT_MAX_BYTES */
  readonly maxBytes?: number;
  /** Most alias nodes YAML may expand while building the value. @defaultValue DEFAULT_MAX_ALIAS_COUNT */
  readonly maxAliasCount?: number;
}

/** The format a file name selects, or null when its extension is not supported. */
export function workloadFormat(fileName: string): 'json' | 'yaml' | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return null;
}

/**
 * Options shared by workload YAML parsing (files and --set values). Duplicate keys are checked
 * by yaml-checks.ts after parsing: the package's own check is quadratic in a mapping's keys.
 */
export const SAFE_YAML_OPTIONS: Readonly<YamlParseOptions & DocumentOptions & SchemaOptions> = {
  version: '1.2',
  schema: 'core',
  customTags: [],
  resolveKnownTags: false,
  uniqueKeys: false,
  merge: true,
  strict: true,
  prettyErrors: false,
};

function fail(file: string, message: string): never {
  throw new WorkloadError([{ file, path: '', message }]);
}

function at(text: string, offset: number, message: string): string {
  const { line, column } = lineColumn(text, offset);
  return `line ${line}, column ${column}: ${message}`;
}

function parseJson(text: string, file: string): unknown {
  const problem = findJsonProblem(text);
  if (problem !== null) fail(file, at(text, problem.offset, problem.message));
  return JSON.parse(text) as unknown;
}

// The key starting at `offset` (yaml marks only its first character): up to the ':' that ends a
// plain key, or the closing quote of a quoted one.
function keyAt(text: string, offset: number): string {
  const q = text[offset];
  if (q === '"' || q === "'") {
    const head = text.slice(offset + 1, offset + 200);
    const end = head.indexOf(q);
    return end < 0 ? head : head.slice(0, end);
  }
  const m = /^[^:\n]*/.exec(text.slice(offset, offset + 200));
  return (m === null ? '' : m[0]).trim();
}

/** The message for a duplicate key starting at `offset` of `text`. */
function duplicateKeyMessage(text: string, offset: number): string {
  return `duplicate key ${show(keyAt(text, offset))}; each key may appear once in a mapping`;
}

// yaml's wording rewritten for the cases a workload author meets.
function yamlMessage(err: YAMLError): string {
  const first = err.message.split('\n')[0];
  switch (err.code) {
    case 'TAG_RESOLVE_FAILED': {
      const tag = first.replace(/^Unresolved tag:\s*/, '').replace('tag:yaml.org,2002:', '!!');
      return `unsupported tag ${tag}; workload files are plain YAML (1.2 core schema) without tags`;
    }
    case 'MULTIPLE_DOCS':
      return "more than one YAML document ('---'); a workload file holds exactly one";
    default:
      // Its messages quote the offending token, which in a binary file is kilobytes long.
      return cutMessage(first);
  }
}

function parseYaml(text: string, file: string, maxAliasCount: number): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...SAFE_YAML_OPTIONS, lineCounter });
  const yamlProblems = [...doc.errors, ...doc.warnings];
  // The parser recursed past the stack (where depends on the stack size): one message about the file.
  if (yamlProblems.some((err) => /maximum call stack size exceeded/i.test(err.message))) {
    fail(file, 'nested too deeply to parse; a workload needs only a few levels');
  }
  const problems = yamlProblems.map((err) => ({ pos: err.pos[0], message: yamlMessage(err) }));
  if (problems.length === 0) {
    for (const pos of duplicateKeyOffsets(doc)) problems.push({ pos, message: duplicateKeyMessage(text, pos) });
    for (const p of aliasAndMergeProblems(doc)) problems.push({ pos: p.offset, message: p.message });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.pos - b.pos);
    const issues: WorkloadIssue[] = problems.map((p) => {
      const { line, col } = lineCounter.linePos(p.pos);
      return { file, path: '', message: `line ${line}, column ${col}: ${p.message}` };
    });
    throw new WorkloadError(issues);
  }
  try {
    return doc.toJS({ maxAliasCount }) as unknown;
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    if (/alias count/i.test(err.message)) {
      const bound = 'anchors and aliases are bounded to stop "billion laughs" documents';
      fail(file, `aliases expand to more than ${maxAliasCount} nodes; ${bound}`);
    }
    fail(file, err.message);
  }
}

/**
 * Parses a workload file's text into a plain value (not yet validated). `fileName` picks the
 * format (.json, .yaml, .yml) and names the file in errors. Throws WorkloadError.
 */
export function parseWorkloadText(text: string, fileName: string, options: ParseOptions = {}): unknown {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const format = workloadFormat(fileName);
  if (format === null) {
    const dot = fileName.lastIndexOf('.');
    const ext = dot < 0 ? 'no extension' : `extension ${show(fileName.slice(dot))}`;
    fail(fileName, `unsupported file type (${ext}); expected .json, .yaml or .yml`);
  }
  // UTF-16 length bounds the UTF-8 size from below; count bytes only when it could matter.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) {
    fail(fileName, `file is ${Buffer.byteLength(text, 'utf8')} bytes, over the limit of ${maxBytes} bytes`);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (format === 'json') return parseJson(body, fileName);
  return parseYaml(body, fileName, options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT);
}

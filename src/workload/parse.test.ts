import { describe, expect, test } from 'vitest';
import { WorkloadError } from './errors.js';
import { findJsonProblem, lineColumn } from './json-syntax.js';
import { parseWorkloadText, workloadFormat } from './parse.js';

function lines(text: string, file: string, options = {}): string[] {
  try {
    parseWorkloadText(text, file, options);
  } catch (err) {
    if (err instanceof WorkloadError) return err.format().split('\n');
    throw err;
  }
  throw new Error('expected a WorkloadError');
}

// Each level repeats the previous one 9 times: 9^4 = 6561 leaves from a few lines of text.
const ALIAS_BOMB = `a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
`;

describe('format by extension', () => {
  test.each([
    ['run.json', 'json'],
    ['run.JSON', 'json'],
    ['dir.v2/run.yaml', 'yaml'],
    ['run.yml', 'yaml'],
    ['run.toml', null],
    ['run.json.bak', null],
  ])('%s → %s', (file, format) => {
    expect(workloadFormat(file)).toBe(format);
  });

  test('an unsupported extension is an error naming it', () => {
    expect(lines('a = 1', 'run.toml')).toEqual(['run.toml: unsupported file type (extension ".toml"); expected .json, .yaml or .yml']);
    expect(lines('a: 1', 'Makefile')).toEqual(['Makefile: unsupported file type (no extension); expected .json, .yaml or .yml']);
  });
});

describe('JSON', () => {
  test('parses a value, ignoring a byte-order mark', () => {
    expect(parseWorkloadText('\uFEFF{"a": [1, 2.5e3, "x", true, null]}', 'w.json')).toEqual({ a: [1, 2500, 'x', true, null] });
  });

  test('syntax errors give line and column', () => {
    // The '}' is on line 3 after two spaces and `"b": `: column 8.
    expect(lines('{\n  "a": 1,\n  "b": }', 'w.json')).toEqual([
      'w.json: line 3, column 8: expected a value (object, list, string, number, true, false or null), got "}"',
    ]);
    expect(lines('{"a": 1\n', 'w.json')).toEqual(["w.json: line 2, column 1: expected ',' or '}', got the end of the file"]);
    expect(lines('[1, 2,]', 'w.json')).toEqual([
      'w.json: line 1, column 7: expected a value (object, list, string, number, true, false or null), got "]"',
    ]);
    expect(lines('{"a": 1} x', 'w.json')).toEqual(['w.json: line 1, column 10: expected the end of the file after the top-level value, got "x"']);
    expect(lines("{'a': 1}", 'w.json')).toEqual(['w.json: line 1, column 2: expected a key in double quotes, got "\'"']);
  });

  test('duplicate keys are rejected (JSON.parse would keep the last)', () => {
    expect(lines('{"peers": [{"name": "a",\n "name": "b"}]}', 'w.json')).toEqual([
      'w.json: line 2, column 2: duplicate key "name"; each key may appear once in an object',
    ]);
    // Keys compare after unescaping: "\u0061" is "a".
    expect(lines('{"a": 1, "\\u0061": 2}', 'w.json')[0]).toMatch(/duplicate key "a"/);
  });

  test('the recogniser agrees with JSON.parse on what is valid', () => {
    for (const ok of ['0', '-0.5e-3', '"\\u00e9\\n"', '{"a":{"b":[[],{}]}}', ' [ true , false , null ] ']) {
      expect(findJsonProblem(ok)).toBeNull();
      expect(() => JSON.parse(ok)).not.toThrow();
    }
    for (const bad of ['01', '1.', '.5', '+1', '"\t"', '"\\x"', '[1 2]', '{"a" 1}', 'tru', '']) {
      expect(findJsonProblem(bad)).not.toBeNull();
      expect(() => JSON.parse(bad)).toThrow(SyntaxError);
    }
  });

  test('lineColumn counts from 1', () => {
    // offset 5 in "ab\ncde" is 'e': line 2, column 3
    expect(lineColumn('ab\ncde', 5)).toEqual({ line: 2, column: 3 });
    expect(lineColumn('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('YAML is parsed safely', () => {
  test('plain YAML with anchors and merge keys', () => {
    const text = 'base: &b { rate: 5 }\npeer:\n  <<: *b\n  name: x\nlist: [1, 0x10, off, ~]\n';
    // YAML 1.2 core schema: 0x10 is 16, "off" stays a string, ~ is null.
    expect(parseWorkloadText(text, 'w.yaml')).toEqual({ base: { rate: 5 }, peer: { rate: 5, name: 'x' }, list: [1, 16, 'off', null] });
  });

  test('an alias bomb is rejected', () => {
    expect(lines(ALIAS_BOMB, 'w.yaml')).toEqual([
      'w.yaml: aliases expand to more than 100 nodes; anchors and aliases are bounded to stop "billion laughs" documents',
    ]);
    // A legitimate anchor used twice passes, but not once the bound is 1.
    const twice = 'a: &a { x: 1 }\nb: *a\nc: *a\n';
    expect(parseWorkloadText(twice, 'w.yaml')).toEqual({ a: { x: 1 }, b: { x: 1 }, c: { x: 1 } });
    expect(lines(twice, 'w.yaml', { maxAliasCount: 1 })[0]).toMatch(/aliases expand to more than 1 nodes/);
  });

  test('custom and YAML 1.1 tags are rejected', () => {
    expect(lines('a: !!js/function "function () {}"\n', 'w.yaml')).toEqual([
      'w.yaml: line 1, column 4: unsupported tag !!js/function; workload files are plain YAML (1.2 core schema) without tags',
    ]);
    expect(lines('a: !include other.yaml\n', 'w.yaml')).toEqual([
      'w.yaml: line 1, column 4: unsupported tag !include; workload files are plain YAML (1.2 core schema) without tags',
    ]);
    expect(lines('a: !!binary aGVsbG8=\n', 'w.yaml')).toEqual([
      'w.yaml: line 1, column 4: unsupported tag !!binary; workload files are plain YAML (1.2 core schema) without tags',
    ]);
  });

  test('duplicate keys are rejected', () => {
    expect(lines('machine:\n  cpus: 4\n  cpus: 8\n', 'w.yaml')).toEqual([
      'w.yaml: line 3, column 3: duplicate key "cpus"; each key may appear once in a mapping',
    ]);
    expect(lines('a: { "x y": 1, "x y": 2 }\n', 'w.yaml')[0]).toMatch(/duplicate key "x y"/);
  });

  test('several documents, and syntax errors, are reported with their line', () => {
    expect(lines('a: 1\n---\nb: 2\n', 'w.yml')).toEqual([
      "w.yml: line 2, column 1: more than one YAML document ('---'); a workload file holds exactly one",
    ]);
    expect(lines('a: [1, 2\nb: 3\n', 'w.yml')[0]).toMatch(/^w\.yml: line 2, column 1: /);
  });

  test('nesting deeper than the parser can follow is an error about the file, not a stack overflow', () => {
    const deep = `peers: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    expect(lines(deep, 'w.yaml')).toEqual(['w.yaml: nested too deeply to parse; a workload needs only a few levels']);
  });

  test('an empty file parses to null (the loader then says it is empty)', () => {
    expect(parseWorkloadText('', 'w.yaml')).toBeNull();
  });
});

describe('size limit', () => {
  test('text over the limit is refused before parsing', () => {
    const text = `description: "${'x'.repeat(100)}"\n`;
    expect(lines(text, 'w.yaml', { maxBytes: 64 })).toEqual([`w.yaml: file is ${text.length} bytes, over the limit of 64 bytes`]);
    expect(parseWorkloadText(text, 'w.yaml', { maxBytes: text.length })).toEqual({ description: 'x'.repeat(100) });
  });

  test('the limit counts UTF-8 bytes, not characters', () => {
    // "é" is 1 UTF-16 unit but 2 UTF-8 bytes: 10 of them in quotes = 2 + 20 = 22 bytes
    const text = `"${'é'.repeat(10)}"`;
    expect(lines(text, 'w.json', { maxBytes: 21 })).toEqual(['w.json: file is 22 bytes, over the limit of 21 bytes']);
    expect(parseWorkloadText(text, 'w.json', { maxBytes: 22 })).toBe('é'.repeat(10));
  });
});

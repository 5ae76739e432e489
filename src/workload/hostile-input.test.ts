/**
 * Hostile input (issue 18, problems 2, 4 and 8): a bad value is echoed only as a bounded
 * excerpt, a file with thousands of problems lists twenty and counts the rest, the parsers do
 * work linear in their input (the cases here took 16 s to 2 min before), trace rows have a
 * bounded length, and a trace file must be a regular file inside the workload's folder tree.
 * Timings are not asserted here (the fuzz campaign reports them); the answers are.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TimeError, parseDurationNs } from '../engine/time.js';
import { TraceFormatError } from '../traffic/trace-csv.js';
import { boundedLines } from './bounded-lines.js';
import { WorkloadError } from './errors.js';
import { parseWorkloadText } from './parse.js';
import { parseSizeBytes } from './size.js';
import { TraceFileError, readTraceFile, resolveTracePath } from './trace-file.js';

const dir = mkdtempSync(join(tmpdir(), 'irqstorm-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issuesOf(text: string, file: string): string {
  try {
    parseWorkloadText(text, file);
  } catch (err) {
    if (err instanceof WorkloadError) return err.format();
    throw err;
  }
  return '';
}

describe('the duration and size grammar', () => {
  it('refuses "1", 100,000 spaces and "x" with a message of bounded length', () => {
    const value = `1${' '.repeat(100_000)}x`;
    let message = '';
    try {
      parseDurationNs(value, 'value');
    } catch (err) {
      expect(err).toBeInstanceOf(TimeError);
      message = (err as Error).message;
    }
    expect(message).toContain('(100002 characters)');
    expect(message.length).toBeLessThan(300);
    const size = parseSizeBytes(value);
    expect(typeof size).toBe('string');
    expect((size as string).length).toBeLessThan(300);
  });

  it('still reads spaces around and between number and unit', () => {
    expect(parseDurationNs('  1.5 us ')).toBe(1500);
    expect(parseDurationNs('\t2s\n')).toBe(2e9);
    expect(parseSizeBytes(' 64 KiB ')).toBe(65536);
    expect(parseSizeBytes('64 KB')).toMatch(/use binary units/);
  });
});

describe('YAML duplicate keys', () => {
  it('finds the one duplicate among 50,000 keys, and lists at most 20 of many', () => {
    const keys: string[] = [];
    for (let i = 0; i < 50_000; i++) keys.push(`k${i}: ${i}`);
    keys.push('k17: again');
    expect(issuesOf(`m:\n  ${keys.join('\n  ')}\n`, 'w.yaml')).toBe(
      'w.yaml: line 50002, column 3: duplicate key "k17"; each key may appear once in a mapping',
    );
    const dupes = Array.from({ length: 30 }, () => 'a: 1').join('\n');
    const lines = issuesOf(dupes, 'w.yaml').split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('w.yaml: … and 9 more problems');
  });

  it('checks flow mappings, nested mappings and --set values alike', () => {
    expect(issuesOf('a: {x: 1, y: 2, x: 3}\n', 'w.yaml')).toMatch(/line 1, column 17: duplicate key "x"/);
    expect(issuesOf('a:\n  b:\n    c: 1\n    c: 2\n', 'w.yaml')).toMatch(/line 4, column 5: duplicate key "c"/);
    expect(issuesOf('a: 1\nb: {a: 1}\n', 'w.yaml')).toBe(''); // the same key in two mappings is fine
  });

  it('names the line of an alias with no anchor before it, and of a merge of a non-mapping', () => {
    expect(issuesOf('a: *x\nb: &x 1\n', 'w.yaml')).toBe('w.yaml: line 1, column 4: alias "*x" has no anchor "&x" before it');
    expect(issuesOf('b: &x 1\na: *x\n', 'w.yaml')).toBe('');
    expect(issuesOf('a:\n  <<: 3\n  b: 1\n', 'w.yaml')).toBe('w.yaml: line 2, column 3: a merge (<<) takes a mapping, an alias of one, or a list of them');
    expect(issuesOf('m: &m {x: 1}\na:\n  <<: *m\n  b: 1\n', 'w.yaml')).toBe('');
    expect(issuesOf('m: &m {x: 1}\na:\n  <<: [*m, {y: 2}]\n', 'w.yaml')).toBe('');
  });
});

describe('a file of garbage', () => {
  it('lists 20 problems and counts the rest, each line bounded', () => {
    // A program's bytes under a .yaml name (the parser's thousands of errors, one per line before).
    const out = issuesOf(readFileSync(process.execPath).subarray(0, 1_000_000).toString('latin1'), 'ls.yaml');
    const lines = out.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[20]).toMatch(/^ls\.yaml: … and [0-9]+ more problems$/);
    for (const l of lines) expect(l.startsWith('ls.yaml: ')).toBe(true);
    expect(out.length).toBeLessThan(21 * 400);
  });
});

describe('trace files', () => {
  const work = join(dir, 'work');
  mkdirSync(join(work, 'sub'), { recursive: true });
  writeFileSync(join(work, 'sub', 'ok.csv'), '0\n10\n');
  writeFileSync(join(dir, 'outside.csv'), '0\n');
  symlinkSync(join(dir, 'outside.csv'), join(work, 'link.csv'));
  const workload = join(work, 'w.yaml');

  it('are resolved against the workload folder and must stay in its tree', () => {
    expect(resolveTracePath(workload, 'sub/ok.csv')).toBe(join(work, 'sub', 'ok.csv'));
    expect(() => resolveTracePath(workload, '../outside.csv')).toThrow(/outside the workload's folder .*; keep traces in the workload's folder tree or pass --allow-outside/);
    expect(() => resolveTracePath(workload, 'link.csv')).toThrow(/resolves to .*outside\.csv, outside the workload's folder/);
    expect(() => resolveTracePath(workload, '/etc/passwd')).toThrow(TraceFileError);
    expect(resolveTracePath(workload, '../outside.csv', { allowOutside: true })).toBe(join(dir, 'outside.csv'));
  });

  it('never come from /proc, /sys or /dev, even when allowed outside', () => {
    expect(() => resolveTracePath(workload, '/proc/self/environ', { allowOutside: true })).toThrow(/in \/proc; a trace must be a regular file/);
    expect(() => resolveTracePath(workload, '/dev/zero', { allowOutside: true })).toThrow(/in \/dev;/);
  });

  it('refuse a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(work, 'fifo.csv');
    execFileSync('mkfifo', [fifo]);
    await expect(readTraceFile(fifo)).rejects.toThrow('expected a regular file, got a FIFO (named pipe)');
  });

  it('echo at most an excerpt of a bad row, and read one endless line in bounded pieces', async () => {
    const long = join(work, 'long.csv');
    writeFileSync(long, `0\n${'9'.repeat(3_000_000)}\n5x\n`);
    const err = (await readTraceFile(long).catch((e: unknown) => e)) as TraceFormatError;
    expect(err).toBeInstanceOf(TraceFormatError);
    expect(err.problems).toHaveLength(2);
    expect(err.problems[0]).toMatch(/long\.csv:2: expected a row of at most 256 characters \(one timestamp\), got a longer one starting "9{40}"$/);
    expect(err.problems[1]).toMatch(/long\.csv:3: expected a timestamp/);
    expect(err.message.length).toBeLessThan(1000);
  });

  it('boundedLines keeps at most max + 1 bytes of a line and splits across chunks', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('ab');
      yield Buffer.from('c\nxxxxxxxx');
      yield Buffer.from('xxxx\r\nlast');
    }
    const out: string[] = [];
    for await (const l of boundedLines(chunks(), 4)) out.push(l);
    expect(out).toEqual(['abc', 'xxxxx', 'last']);
  });
});

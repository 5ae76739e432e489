/**
 * Tests for loading a trace CSV from disk (trace-file.ts): streamed rows with line numbers that
 * name the file, the size limit checked before reading, and missing or non-regular files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TraceFormatError } from '../traffic/trace-csv.js';
import { TraceFileError, readTraceFile } from './trace-file.js';

const dir = mkdtempSync(join(tmpdir(), 'irqstorm-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('readTraceFile', () => {
  it('streams a trace with header, CRLF and durations into ns', async () => {
    const path = file('ok.csv', 'time_ns\r\n0\r\n1500\r\n2us\r\n');
    expect(Array.from(await readTraceFile(path))).toEqual([0, 1500, 2000]);
  });

  it('reads a trace bigger than one stream chunk (64 KiB) without losing or splitting rows', async () => {
    // 100_000 rows of "i*10\n" are ~590 KB: many chunks, so rows straddle chunk edges.
    const n = 100_000;
    const rows: string[] = [];
    for (let i = 0; i < n; i++) rows.push(String(i * 10));
    const times = await readTraceFile(file('big.csv', `${rows.join('\n')}\n`));
    expect(times.length).toBe(n);
    expect(times[0]).toBe(0);
    expect(times[n - 1]).toBe((n - 1) * 10);
    let ok = true;
    for (let i = 0; i < n; i++) if (times[i] !== i * 10) ok = false;
    expect(ok).toBe(true);
  });

  it('reports bad rows as <file>:<line>', async () => {
    const path = file('bad.csv', 'time_ns\n10\nlater\n5\n');
    const err = await readTraceFile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as TraceFormatError).problems).toEqual([
      `${path}:3: expected a timestamp (whole ns such as 1500, or a duration such as "1.5us"), got "later"`,
      `${path}:4: expected a time at or after 10 ns (line 2); times must not decrease, got 5 ns`,
    ]);
  });

  it('refuses a file over the size limit before reading it', async () => {
    // 11 rows "1000000000\n" = 121 bytes, over a 100-byte limit; the rows themselves are fine.
    const path = file('large.csv', '1000000000\n'.repeat(11));
    await expect(readTraceFile(path, { maxBytes: 100 })).rejects.toThrow(TraceFileError);
    await expect(readTraceFile(path, { maxBytes: 100 })).rejects.toThrow(
      `trace file ${path} is 121 bytes, over the limit of 100 bytes; shorten the trace or raise the limit`,
    );
    expect((await readTraceFile(path, { maxBytes: 121 })).length).toBe(11);
  });

  it('gives large sizes in MiB too', async () => {
    // 2 MiB + 1 byte of zeros-and-newlines against a 1 MiB limit: 2097153 B = 2.00 MiB, 1048576 B = 1 MiB.
    const path = file('huge.csv', '0\n'.repeat(1024 * 1024) + '0');
    await expect(readTraceFile(path, { maxBytes: 1024 * 1024 })).rejects.toThrow(
      `trace file ${path} is 2097153 bytes (2 MiB), over the limit of 1048576 bytes (1 MiB); shorten the trace or raise the limit`,
    );
  });

  it('passes the row limit on to the parser', async () => {
    const path = file('rows.csv', '1\n2\n3\n');
    await expect(readTraceFile(path, { maxRows: 2 })).rejects.toThrow(`${path}:3: expected at most 2 timestamps, got more`);
  });

  it('names a missing file and a directory', async () => {
    const missing = join(dir, 'nope.csv');
    await expect(readTraceFile(missing)).rejects.toThrow(`trace file ${missing}: cannot read it (ENOENT`);
    await expect(readTraceFile(dir)).rejects.toThrow(`trace file ${dir}: expected a regular file, got a directory`);
  });
});

/**
 * The run folder (issue 18, problems 1, 6 and 7) and the streamed writer: nothing lands outside
 * --out when the folder is swapped for a symbolic link mid-run, a killed run's temps (and only
 * those) are removed by the next run, a second run into a locked folder is refused naming the
 * holder, a dead holder's lock is taken over, and a streamed file is whole under its final name
 * or absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_NAME, RunLockError, acquireRunLock } from './run-lock.js';
import { RunFolder } from './run-folder.js';
import { EVENT_NAMES } from '../events.js';
import { STREAM_BUFFER_BYTES } from './streamed-file.js';
import { TRACE_CSV_HEADER, traceCsvWriter } from './trace-csv-writer.js';
import { isProjectTempName, removeOwnTempsSync, tempNamePid, tempPathFor } from './temp-files.js';

let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'irqstorm-folder-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

describe('the temp pattern', () => {
  it('names every temp .<name>.<pid>.<8 hex>.tmp and recognises only those', () => {
    const t = tempPathFor(join(out, 'summary.csv'));
    const name = t.slice(out.length + 1);
    expect(name).toMatch(new RegExp(`^\\.summary\\.csv\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`));
    expect(tempNamePid(name)).toBe(process.pid);
    for (const other of ['summary.csv', '.summary.csv.tmp', '.x.12.abc.tmp', '..12.0123abcd.tmp', 'a.12.0123abcd.tmp', '.x.0.0123abcd.tmp']) {
      expect(isProjectTempName(other), other).toBe(false);
    }
  });
});

describe('RunFolder', () => {
  it('writes files with run.json last and removes the lock on release', async () => {
    const f = RunFolder.open(out, 'run-1-abc');
    expect(readdirSync(f.path)).toEqual([LOCK_NAME]);
    await f.writeFiles([{ name: 'a.csv', content: 'x\n' }], { ok: true });
    f.release();
    expect(readdirSync(f.path).sort()).toEqual(['a.csv', 'run.json']);
  });

  it('refuses to write once the folder has been swapped for a symlink out of --out', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'irqstorm-elsewhere-'));
    const f = RunFolder.open(out, 'run-1-abc');
    const streamed = f.streamed('trace.csv');
    streamed.write('time_ns,event,a0,a1\n');
    // Mid-run: the folder is moved away and a link to another folder put in its place.
    renameSync(f.path, join(out, 'moved'));
    symlinkSync(elsewhere, f.path);
    await expect(f.writeFiles([{ name: 'a.csv', content: 'x\n' }, { name: 'trace.csv', content: streamed }], {})).rejects.toThrow(
      /was replaced by a symbolic link while the run went on/,
    );
    expect(() => streamed.commit()).toThrow();
    expect(readdirSync(elsewhere)).toEqual([]);
    f.release(true);
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('refuses a run folder that is a symlink from the start', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'irqstorm-elsewhere-'));
    symlinkSync(elsewhere, join(out, 'run-1-abc'));
    expect(() => RunFolder.open(out, 'run-1-abc')).toThrow(/leaves .* through a symbolic link|not a folder/);
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it("removes a killed run's temps (its own pattern only) and leaves other files", () => {
    const dir = join(out, 'run-1-abc');
    mkdirSync(dir);
    const stale = ['.trace.csv.999999.0123abcd.tmp', '.summary.csv.4242.deadbeef.tmp'];
    const kept = ['notes.txt', '.hidden', 'trace.csv.tmp', '.x.tmp'];
    for (const n of [...stale, ...kept]) writeFileSync(join(dir, n), 'partial');
    const f = RunFolder.open(out, 'run-1-abc');
    f.release();
    expect(readdirSync(dir).sort()).toEqual([...kept].sort());
  });

  it('removes a folder it made when the run leaves it empty, never one that was there', () => {
    const made = RunFolder.open(out, 'new-1-abc');
    made.release(true);
    expect(existsSync(join(out, 'new-1-abc'))).toBe(false);
    mkdirSync(join(out, 'old-1-abc'));
    RunFolder.open(out, 'old-1-abc').release(true);
    expect(existsSync(join(out, 'old-1-abc'))).toBe(true);
  });
});

describe('the run lock', () => {
  it('refuses a second holder while the first lives, naming it', () => {
    const f = RunFolder.open(out, 'run-1-abc');
    // The CLI test runs two processes; here a second taker in this process is refused alike.
    let err: unknown;
    try {
      acquireRunLock(f.path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RunLockError);
    expect((err as Error).message).toContain(`is being written by another irqstorm run (pid ${process.pid} on ${hostname()}`);
    f.release();
    acquireRunLock(f.path).release();
  });

  it('takes over the lock of a process that is gone', () => {
    const dir = join(out, 'run-1-abc');
    mkdirSync(dir);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    writeFileSync(join(dir, LOCK_NAME), JSON.stringify({ pid: deadPid, host: hostname(), since: 'then' }));
    const lock = acquireRunLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_NAME), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false);
  });
});

describe('StreamedFile', () => {
  it('streams more than its buffer, commits whole, and aborts to nothing', async () => {
    const f = RunFolder.open(out, 'run-1-abc');
    const s = f.streamed('big.txt');
    const line = `${'é'.repeat(50)}\n`; // 101 bytes of UTF-8 a line, multi-byte characters across flushes
    const lines = Math.ceil((3 * STREAM_BUFFER_BYTES) / 101);
    for (let i = 0; i < lines; i++) s.write(line);
    s.write('x'.repeat(2 * STREAM_BUFFER_BYTES)); // one text longer than the buffer
    expect(readdirSync(f.path).filter((n) => n === 'big.txt')).toEqual([]); // only the temp so far
    s.commit();
    const text = readFileSync(join(f.path, 'big.txt'), 'utf8');
    expect(text.length).toBe(lines * line.length + 2 * STREAM_BUFFER_BYTES);
    expect(text.startsWith(line.repeat(3))).toBe(true);
    const gone = f.streamed('gone.txt');
    gone.write('partial');
    gone.abort();
    const left = f.streamed('left.txt');
    left.write('partial');
    expect(removeOwnTempsSync()).toBe(1); // what a second Ctrl-C does
    f.release();
    expect(readdirSync(f.path).sort()).toEqual(['big.txt']);
  });
});

describe('the trace writer', () => {
  it('writes rows byte for byte as the string form would, names and numbers of any size', () => {
    const f = RunFolder.open(out, 'run-1-abc');
    const s = f.streamed('trace.csv');
    const tracer = traceCsvWriter(s);
    const rows: [number, number, number, number][] = [
      [0, 0, 0, 0],
      [9, 1, 10, 99],
      [2 ** 53 - 1, 3, 1024 * 256 + 239, 2 ** 31 - 1],
      [1_000_000_007, 999, -1, 7], // an unknown kind is written as its number
    ];
    for (const [t, k, a0, a1] of rows) tracer(t, k, a0, a1);
    s.commit();
    const expected = TRACE_CSV_HEADER + rows.map(([t, k, a0, a1]) => `${t},${EVENT_NAMES[k] ?? k},${a0},${a1}\n`).join('');
    expect(readFileSync(join(f.path, 'trace.csv'), 'utf8')).toBe(expected);
    f.release();
  });
});

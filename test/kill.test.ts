/**
 * Killed runs (issue 18, problems 5, 6 and 7): a signal at a known moment of the write phase
 * (the test hook IRQSTORM_TEST_PAUSE_BEFORE_FILE_MS pauses before each file and says which),
 * SIGTERM during the simulation, SIGKILL leaving temps that the next run removes, and a second
 * run refused while the first holds the folder. Every file under a final name must be whole.
 * `npm run kill-campaign` does the same at random moments, 100 times.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderState, runFolderIn, startRun } from '../src/cli/testing/kill-run.js';
import { runDirFiles } from './run-dir-files.js';

const PAUSE = { IRQSTORM_TEST_PAUSE_BEFORE_FILE_MS: '250' };

function args(out: string, extra: string[] = []): string[] {
  return ['run', 'workloads/mm1.yaml', '--set', 'duration=20ms', '--set', 'warmup=0', '--out', out, ...extra];
}

describe('a signal in the write phase', () => {
  it('SIGINT once: the files are finished first, exit 0, all whole with run.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-kill-int-'));
    const run = startRun(args(out, ['--trace']), PAUSE);
    expect(await run.waitFor('test hook: writing latency.csv')).toBe(true);
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    expect(code).toBe(0);
    expect(stderr).toContain('irqstorm: SIGINT: finishing the files first (send it again to abort)');
    const s = folderState(runFolderIn(out));
    expect(s.torn).toEqual([]);
    expect(s.temps).toEqual([]);
    expect(s.locked).toBe(false);
    expect(s.files).toEqual(runDirFiles({ trace: true }));
  });

  it('SIGINT twice: aborts with exit 130, removes its temps, leaves whole files and no run.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-kill-int2-'));
    const run = startRun(args(out, ['--trace']), PAUSE);
    expect(await run.waitFor('test hook: writing latency.csv')).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.waitFor('finishing the files first')).toBe(true);
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    expect(code).toBe(130);
    // The streamed trace's temp was still open: it is one of the temps removed.
    expect(stderr).toMatch(/second signal \(SIGINT\): aborted without finishing the files; [1-9] temporary files? removed, exit 130/);
    const s = folderState(runFolderIn(out));
    expect(s).toMatchObject({ torn: [], temps: [], locked: false, hasRunJson: false });
  });

  it('SIGKILL: whole files or none, and the next run removes the temps it left', async () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-kill-9-'));
    const run = startRun(args(out, ['--trace']), PAUSE);
    expect(await run.waitFor('test hook: writing percentiles.csv')).toBe(true);
    run.child.kill('SIGKILL');
    expect((await run.done).code).toBe(137);
    const dir = runFolderIn(out);
    const killed = folderState(dir);
    expect(killed.torn).toEqual([]);
    expect(killed.temps.length).toBeGreaterThan(0); // at least the streamed trace.csv's temp
    expect(killed.locked).toBe(true); // a dead process's lock …
    const again = await startRun(args(out, ['--trace', '--quiet'])).done;
    expect(again.code).toBe(0); // … is taken over
    const s = folderState(dir);
    expect(s).toMatchObject({ torn: [], temps: [], locked: false, hasRunJson: true });
  });
});

describe('a signal during the simulation', () => {
  it('SIGTERM stops the run like Ctrl-C: exit 0, run.json says interrupted', async () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-kill-term-'));
    const run = startRun(['run', 'workloads/mm1.yaml', '--set', 'duration=60s', '--out', out]);
    expect(await run.waitFor('irqstorm: about')).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    run.child.kill('SIGTERM');
    const { code, stderr } = await run.done;
    expect(code).toBe(0);
    expect(stderr).toMatch(/irqstorm: SIGTERM: interrupted at .* of 60s; writing what was simulated/);
    const folder = runFolderIn(out);
    expect(folderState(folder)).toMatchObject({ torn: [], temps: [], locked: false, hasRunJson: true });
    const runJson = JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as { interrupted: boolean; simulatedNs: number };
    expect(runJson.interrupted).toBe(true);
    expect(runJson.simulatedNs).toBeGreaterThan(0);
    expect(runJson.simulatedNs).toBeLessThan(60e9);
  });
});

describe('two runs into one folder', () => {
  it('the second exits 2 naming the first while it holds the folder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-kill-lock-'));
    // The first holds the folder in its write phase for as long as the second needs.
    const first = startRun(args(out), { IRQSTORM_TEST_PAUSE_BEFORE_FILE_MS: '600000' });
    expect(await first.waitFor('test hook: writing ')).toBe(true);
    const second = await startRun(args(out, ['--quiet'])).done;
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`is being written by another irqstorm run \\(pid ${first.child.pid} on `));
    first.child.kill('SIGKILL');
    expect((await first.done).code).toBe(137);
    // The holder is gone: the next run takes the folder over and leaves it whole and unlocked.
    expect((await startRun(args(out, ['--quiet'])).done).code).toBe(0);
    expect(folderState(runFolderIn(out))).toMatchObject({ torn: [], temps: [], locked: false, hasRunJson: true });
  });
});

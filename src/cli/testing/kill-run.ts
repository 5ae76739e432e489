/**
 * Killing runs on purpose (issue 18): start `irqstorm run` as a child process, wait for a line
 * on its stderr (the estimate, a test hook's "writing <file>"), send a signal, and check what it
 * left: every file under its final name whole (CSV rows complete and of the header's width,
 * run.json valid JSON), and which temp files and locks remain. Used by test/kill.test.ts and
 * bench/kill-campaign.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_NAME } from '../../report/run-lock.js';
import { isProjectTempName } from '../../report/temp-files.js';
import { packageRoot } from '../package-root.js';

/** The package root (for relative workload paths). */
export const ROOT = packageRoot() ?? process.cwd();
/** The compiled CLI. */
export const BIN = join(ROOT, 'bin', 'irqstorm.js');

export interface RunningRun {
  readonly child: ChildProcess;
  /** Resolves when `text` has appeared on stderr (true), or false if the process ended first. */
  waitFor(text: string): Promise<boolean>;
  /**
   * Exit code (or 128 + signal number when a signal ended it), whether a signal ended it (the
   * process had no handler: SIGKILL, or Node still starting), and all of stderr.
   */
  readonly done: Promise<{ code: number; bySignal: boolean; stderr: string }>;
}

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Starts `irqstorm <args>` with extra environment variables (the test hook). */
export function startRun(args: readonly string[], env: Readonly<Record<string, string>> = {}): RunningRun {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const waiters: { text: string; resolve: (ok: boolean) => void }[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (stderr.includes(waiters[i].text)) {
        waiters[i].resolve(true);
        waiters.splice(i, 1);
      }
    }
  });
  const done = new Promise<{ code: number; bySignal: boolean; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const w of waiters) w.resolve(false);
      waiters.length = 0;
      resolve({ code: code ?? 128 + (signal === null ? 0 : (SIGNAL_NUMBERS[signal] ?? 0)), bySignal: signal !== null, stderr });
    });
  });
  return {
    child,
    done,
    waitFor: (text) => (stderr.includes(text) ? Promise.resolve(true) : new Promise<boolean>((resolve) => waiters.push({ text, resolve }))),
  };
}

export interface FolderState {
  /** Files under a final name that are not whole (with why). */
  readonly torn: string[];
  /** The project's temp files present. */
  readonly temps: string[];
  readonly locked: boolean;
  readonly hasRunJson: boolean;
  readonly files: string[];
}

// A CSV is whole when it ends with a newline and every row has the header's number of cells
// (the project's CSVs quote no commas but in quoted cells, which a torn file would cut too).
function csvProblem(text: string): string | null {
  if (text.length === 0) return 'empty';
  if (!text.endsWith('\n')) return 'no final newline';
  const lines = text.slice(0, -1).split('\n');
  const width = lines[0].split(',').length;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].includes('"')) continue;
    if (lines[i].split(',').length !== width) return `row ${i + 1} has ${lines[i].split(',').length} cells, the header ${width}`;
  }
  return null;
}

/** What a run folder holds (a missing folder holds nothing). */
export function folderState(dir: string): FolderState {
  const names = existsSync(dir) ? readdirSync(dir).sort() : [];
  const torn: string[] = [];
  const temps = names.filter(isProjectTempName);
  const files = names.filter((n) => !n.startsWith('.'));
  for (const n of files) {
    const text = readFileSync(join(dir, n), 'utf8');
    if (n.endsWith('.json')) {
      try {
        JSON.parse(text);
      } catch {
        torn.push(`${n}: not valid JSON`);
      }
    } else if (n.endsWith('.csv')) {
      const why = csvProblem(text);
      if (why !== null) torn.push(`${n}: ${why}`);
    }
  }
  return { torn, temps, locked: names.includes(LOCK_NAME), hasRunJson: names.includes('run.json'), files };
}

/** The one run folder under `out` ('' when there is none yet). */
export function runFolderIn(out: string): string {
  const dirs = existsSync(out) ? readdirSync(out) : [];
  return dirs.length === 0 ? '' : join(out, dirs[0]);
}

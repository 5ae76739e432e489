/**
 * The hard check: instructions executed by a fixed-work, seeded case, counted by valgrind's
 * cachegrind with cache simulation off. Under `node --predictable` with fixed hash and random
 * seeds the count repeats to ~0.002 %, so a 1–2 % threshold catches real code changes and no
 * noise. Node's own start-up (~0.5 G instructions, measured on an empty ESM script) is
 * subtracted so the figure is the case's work.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changePct, type GateCheck } from './gate-check.js';
import { GateInputError } from './gate-error.js';

/** Node flags that make a run repeatable instruction for instruction. */
// Everything V8 might do on other threads, or on a schedule, is made single-threaded and fixed.
export const PREDICTABLE_NODE_FLAGS: readonly string[] = [
  '--predictable',
  '--single-threaded',
  '--single-threaded-gc',
  '--predictable-gc-schedule',
  '--hash-seed=1',
  '--random-seed=1',
];

/**
 * One libuv thread: Node loads ES modules with asynchronous reads on the thread pool, and with
 * four threads their completion order (so compile, JIT and GC order) varied with machine load:
 * 1–5 % instruction spread on the workload cases. With one thread it is ~0.01 %.
 */
export const PREDICTABLE_ENV: Readonly<Record<string, string>> = { UV_THREADPOOL_SIZE: '1' };

/** Valgrind flags (checked against valgrind 3.19): count instructions only, write no output file. */
export const CACHEGRIND_FLAGS: readonly string[] = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null'];

/** Default fail threshold for an instruction-count increase, in percent. */
export const DEFAULT_INSTRUCTION_THRESHOLD_PCT = 2;

/** What one valgrind run of node produced. */
export interface ValgrindRun {
  /** Total "I refs": every instruction of the process, node start-up included. */
  readonly totalInstructions: number;
  /** The script's stdout (case metrics are read from it). */
  readonly stdout: string;
}

/** Parses the total instruction count from cachegrind's summary on stderr ("==123== I   refs:  1,234"). */
export function parseInstructionRefs(stderr: string): number {
  const m = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (m === null) throw new Error('no "I refs:" line in valgrind output');
  return Number(m[1].replaceAll(',', ''));
}

/**
 * Runs `valgrind <CACHEGRIND_FLAGS> <node> <PREDICTABLE_NODE_FLAGS> <script> <args>` and returns
 * its instruction total and stdout. Throws GateInputError when valgrind is missing (with the
 * install command), or the script fails. `valgrind` is the executable to run (name or path).
 */
export function runUnderValgrind(
  scriptPath: string,
  args: readonly string[] = [],
  cwd: string = process.cwd(),
  valgrind = 'valgrind',
): Promise<ValgrindRun> {
  const argv = [...CACHEGRIND_FLAGS, process.execPath, ...PREDICTABLE_NODE_FLAGS, scriptPath, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(valgrind, argv, { cwd, env: { ...process.env, ...PREDICTABLE_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (c: string) => (stdout += c));
    child.stderr.on('data', (c: string) => (stderr += c));
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(
          new GateInputError(
            valgrind,
            'not found on PATH; the instruction-count check needs it. Install it with: sudo apt-get install -y valgrind',
          ),
        );
      } else {
        reject(new GateInputError('valgrind', `could not start: ${err.message}`));
      }
    });
    child.on('close', (code, signal) => {
      if (code !== 0) {
        const tail = stderr.split('\n').filter((l) => !l.startsWith('==') && !l.startsWith('--')).join('\n').trim().slice(-1500);
        reject(new GateInputError(scriptPath, `exited under valgrind with ${signal ?? `code ${code}`}: ${tail}`));
        return;
      }
      try {
        resolve({ totalInstructions: parseInstructionRefs(stderr), stdout });
      } catch (err) {
        reject(new GateInputError('valgrind', `${(err as Error).message}; stderr was: ${stderr.slice(-500)}`));
      }
    });
  });
}

/** Runs a script under valgrind and returns its ValgrindRun (the seam tests replace). */
export type ValgrindRunner = (scriptPath: string, args: readonly string[]) => Promise<ValgrindRun>;

/** Counts a case's own instructions: valgrind totals minus node's start-up, both measured alike. */
export class InstructionCounter {
  readonly #run: ValgrindRunner;
  #startup: Promise<number> | null = null;

  /** @param run - defaults to runUnderValgrind in the current directory. */
  constructor(run: ValgrindRunner = (s, a) => runUnderValgrind(s, a)) {
    this.#run = run;
  }

  /** Node's start-up cost: one run of an empty ESM script, measured once per counter. */
  startupInstructions(): Promise<number> {
    if (this.#startup === null) {
      // An .mjs file so the ESM loader starts up exactly as it does for the (ESM) case scripts.
      const dir = mkdtempSync(join(tmpdir(), 'irqstorm-gate-'));
      const empty = join(dir, 'empty.mjs');
      writeFileSync(empty, '');
      this.#startup = this.#run(empty, []).then((r) => r.totalInstructions);
    }
    return this.#startup;
  }

  /** Runs the script and returns its net instruction count and its stdout. */
  async measure(scriptPath: string, args: readonly string[] = []): Promise<{ instructions: number; stdout: string }> {
    const startup = await this.startupInstructions();
    const run = await this.#run(scriptPath, args);
    return { instructions: run.totalInstructions - startup, stdout: run.stdout };
  }
}

let sharedCounter: InstructionCounter | null = null;

/** The process-wide counter over runUnderValgrind: node's start-up is measured once per run of the gate. */
export function defaultInstructionCounter(): InstructionCounter {
  sharedCounter ??= new InstructionCounter();
  return sharedCounter;
}

/**
 * Instructions `node --predictable … scriptPath args` executes beyond node's own start-up. The
 * start-up baseline is measured once per process and cached.
 */
export async function countInstructions(scriptPath: string, args: readonly string[] = []): Promise<number> {
  return (await defaultInstructionCounter().measure(scriptPath, args)).instructions;
}

/**
 * Judges an instruction count: fail above +thresholdPct, warn below −thresholdPct (faster: update
 * the baseline to lock the gain in), pass within.
 */
export function judgeInstructions(caseName: string, baseline: number | null, now: number, thresholdPct: number): GateCheck {
  const pct = changePct(baseline, now);
  if (baseline === null || pct === null) {
    return {
      case: caseName,
      kind: 'instructions',
      subject: '',
      baseline,
      now,
      changePct: null,
      verdict: 'warn',
      note: 'no baseline count; record one with updateBaseline',
    };
  }
  const limit = `threshold ±${thresholdPct} %`;
  if (pct > thresholdPct) {
    return { case: caseName, kind: 'instructions', subject: '', baseline, now, changePct: pct, verdict: 'fail', note: `more instructions than ${limit}` };
  }
  if (pct < -thresholdPct) {
    return { case: caseName, kind: 'instructions', subject: '', baseline, now, changePct: pct, verdict: 'warn', note: `fewer instructions than ${limit}: update the baseline` };
  }
  return { case: caseName, kind: 'instructions', subject: '', baseline, now, changePct: pct, verdict: 'pass', note: `within ${limit}` };
}

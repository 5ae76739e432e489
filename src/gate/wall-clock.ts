/**
 * The wall-clock A/B check: baseline and candidate commands run as fresh processes, interleaved
 * (ABBA order, so drift from a warming machine or a busy neighbour core hits both alike), and
 * judged by a rank-sum test plus a size tripwire. Wall time here varies 2–12 % run to run, so
 * this check only flags a slowdown that is both statistically clear and large.
 */
import { spawn } from 'node:child_process';
import { changePct, type GateCheck, type Verdict } from './gate-check.js';
import { GateInputError } from './gate-error.js';
import { mannWhitneyU, minTwoSidedP, type MannWhitneyResult } from './mann-whitney.js';

/** Median ratio (candidate / baseline) above which a significant slowdown fails. */
export const DEFAULT_TRIPWIRE = 1.5;
/** Significance level of the two-sided rank-sum test. */
export const DEFAULT_ALPHA = 0.01;
/** Median ratio above which a significant slowdown below the tripwire is worth a warning. */
export const DEFAULT_NOTICE_RATIO = 1.1;

export interface AbRuleOptions {
  /** @defaultValue DEFAULT_TRIPWIRE (1.5) */
  readonly tripwire?: number;
  /** @defaultValue DEFAULT_ALPHA (0.01) */
  readonly alpha?: number;
  /** @defaultValue DEFAULT_NOTICE_RATIO (1.10) */
  readonly noticeRatio?: number;
}

/** The verdict on two sets of wall times. */
export interface AbJudgement {
  readonly medianBaselineMs: number;
  readonly medianCandidateMs: number;
  /** median(candidate) / median(baseline): > 1 means the candidate is slower. */
  readonly medianRatio: number;
  readonly test: MannWhitneyResult;
  readonly verdict: Verdict;
  readonly note: string;
}

/**
 * Judges candidate against baseline wall times (ms). The rule, with p the two-sided
 * Mann–Whitney p-value and r the median ratio:
 * - fail  if p < alpha AND r > tripwire (clearly and substantially slower);
 * - warn  if p < alpha AND noticeRatio < r ≤ tripwire (clearly but modestly slower),
 *         or r > tripwire AND p ≥ alpha (large but not distinguishable from noise),
 *         or too few rounds for p < alpha to be reachable at all;
 * - pass  otherwise (no clear slowdown, or faster).
 */
export function judgeAb(baselineMs: readonly number[], candidateMs: readonly number[], rule: AbRuleOptions = {}): AbJudgement {
  const tripwire = rule.tripwire ?? DEFAULT_TRIPWIRE;
  const alpha = rule.alpha ?? DEFAULT_ALPHA;
  const noticeRatio = rule.noticeRatio ?? DEFAULT_NOTICE_RATIO;
  if (!(tripwire > 0) || !(alpha > 0 && alpha < 1) || !(noticeRatio > 0)) {
    throw new RangeError(
      `judgeAb: need tripwire > 0, 0 < alpha < 1, noticeRatio > 0; got tripwire=${tripwire} alpha=${alpha} noticeRatio=${noticeRatio}`,
    );
  }
  const test = mannWhitneyU(candidateMs, baselineMs);
  const medianBaselineMs = median(baselineMs);
  const medianCandidateMs = median(candidateMs);
  const r = medianCandidateMs / medianBaselineMs;
  const p = test.pTwoSided;
  const significant = p < alpha;
  const slower = r > 1;
  const figures = `median ${fmt(medianBaselineMs)} → ${fmt(medianCandidateMs)} ms (×${r.toFixed(3)}), p=${p.toPrecision(3)}`;

  let verdict: Verdict = 'pass';
  let why: string;
  if (minTwoSidedP(candidateMs.length, baselineMs.length) >= alpha) {
    verdict = 'warn';
    why = `too few rounds (${baselineMs.length}+${candidateMs.length}) for p < ${alpha}; use at least 6 a side`;
  } else if (significant && slower && r > tripwire) {
    verdict = 'fail';
    why = `slower beyond tripwire ×${tripwire} and p < ${alpha}`;
  } else if (significant && slower && r > noticeRatio) {
    verdict = 'warn';
    why = `significantly slower (p < ${alpha}) but under tripwire ×${tripwire}`;
  } else if (r > tripwire) {
    verdict = 'warn';
    why = `median beyond tripwire ×${tripwire} but not significant (p ≥ ${alpha}): noisy`;
  } else {
    why = significant && !slower ? 'significantly faster' : 'no significant slowdown';
  }
  return { medianBaselineMs, medianCandidateMs, medianRatio: r, test, verdict, note: `${why}; ${figures}` };
}

/** Result of abCompare: the raw wall times and the judgement. */
export interface AbResult extends AbJudgement {
  readonly baselineMs: readonly number[];
  readonly candidateMs: readonly number[];
  /** The judgement as a gate row (kind "wall-clock", figures = median ms). */
  readonly check: GateCheck;
}

/** Runs one command once and returns its wall time in ms; throws GateInputError if it fails. */
export type CommandTimer = (cmd: readonly string[]) => Promise<number>;

export interface AbOptions extends AbRuleOptions {
  /** Name of the check in the gate table. @defaultValue "a/b" */
  readonly label?: string;
  /** Unmeasured rounds of each command first (page cache, lazy compilation). @defaultValue 1 */
  readonly warmupRounds?: number;
  /** Working directory for both commands. @defaultValue process.cwd() */
  readonly cwd?: string;
  /** Injected timer (tests); default spawns the command and times it to exit. */
  readonly timer?: CommandTimer;
}

/**
 * Times `rounds` fresh runs of each command (argv arrays, no shell), interleaved ABBA, and
 * judges them with judgeAb.
 */
export async function abCompare(
  baselineCmd: readonly string[],
  candidateCmd: readonly string[],
  rounds: number,
  options: AbOptions = {},
): Promise<AbResult> {
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`abCompare: rounds must be an integer ≥ 1, got ${rounds}`);
  if (baselineCmd.length === 0 || candidateCmd.length === 0) throw new RangeError('abCompare: commands must be non-empty argv arrays');
  const cwd = options.cwd ?? process.cwd();
  const timer = options.timer ?? ((cmd: readonly string[]) => timeCommand(cmd, cwd));
  const warmupRounds = options.warmupRounds ?? 1;
  for (let i = 0; i < warmupRounds; i++) {
    await timer(baselineCmd);
    await timer(candidateCmd);
  }
  const baselineMs: number[] = [];
  const candidateMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // ABBA: alternate who goes first so a monotone drift cancels instead of favouring one side.
    if (i % 2 === 0) {
      baselineMs.push(await timer(baselineCmd));
      candidateMs.push(await timer(candidateCmd));
    } else {
      candidateMs.push(await timer(candidateCmd));
      baselineMs.push(await timer(baselineCmd));
    }
  }
  const judgement = judgeAb(baselineMs, candidateMs, options);
  const check: GateCheck = {
    case: options.label ?? 'a/b',
    kind: 'wall-clock',
    subject: `${rounds} rounds`,
    baseline: judgement.medianBaselineMs,
    now: judgement.medianCandidateMs,
    changePct: changePct(judgement.medianBaselineMs, judgement.medianCandidateMs),
    verdict: judgement.verdict,
    note: judgement.note,
  };
  return { ...judgement, baselineMs, candidateMs, check };
}

/** Spawns `cmd` (no shell, output discarded except a stderr tail for errors) and returns its wall time in ms. */
export function timeCommand(cmd: readonly string[], cwd: string = process.cwd()): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd[0], cmd.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let errTail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      errTail = (errTail + chunk).slice(-2000);
    });
    child.on('error', (err) => reject(new GateInputError(cmd.join(' '), `could not start: ${err.message}`)));
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new GateInputError(cmd.join(' '), `exited with ${signal ?? `code ${code}`}: ${errTail.trim()}`));
    });
  });
}

/** Median of a non-empty sample. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty sample');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toPrecision(3);
}

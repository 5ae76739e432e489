#!/usr/bin/env node
// Interleaved wall-clock A/B of two built checkouts on one workload: each round runs build A and
// build B once each, as fresh node processes, alternating who goes first (ABBA, so a drift in
// machine load hits both alike), after unmeasured warm-up rounds. Each child times its own
// runSimulation() (build, run and close the books, statistics on; no files written) and reports
// the handled interrupts; the parent also times the whole process (node start-up and module
// loading included). Prints every round, the medians of each side, the median of the per-round
// speed-ups (A's time ÷ B's: > 1 means B is faster) and a two-sided Mann–Whitney p-value.
// Wall time needs a quiet machine: on a shared one the figures say more about the neighbours.
//
//   node scripts/ab-wall.mjs --a DIR [--b DIR] [--workload FILE] [--set k=v]… [--rounds 5] [--warmup 1] [--json]
//
// DIR: a checkout built with `npm ci` (A: e.g. the build at the start of an issue, in a git
// worktree: `git worktree add /tmp/start <commit> && (cd /tmp/start && npm ci)`); B defaults to
// this checkout. The workload path is taken relative to each checkout, so each build reads its
// own copy of the library (give an absolute path to use one file for both).
import { spawn } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = resolve(new URL('..', import.meta.url).pathname);

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: here },
    workload: { type: 'string', default: 'workloads/default-storm.yaml' },
    set: { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
  strict: true,
});

if (values.child !== undefined) {
  // A child: one timed run of the build at --child.
  const root = resolve(values.child);
  const imp = (p) => import(pathToFileURL(resolve(root, p)).href);
  const { readFileSync } = await import('node:fs');
  const { runSimulation } = await imp('dist/src/run.js');
  const { loadWorkload } = await imp('dist/src/workload/load.js');
  const { toMachineConfig } = await imp('dist/src/workload/to-machine-config.js');
  const { COST_NAMES } = await imp('dist/src/machine/costs.js');
  const path = isAbsolute(values.workload) ? values.workload : resolve(root, values.workload);
  const cfg = toMachineConfig(loadWorkload(readFileSync(path, 'utf8'), path, values.set, { costNames: COST_NAMES }));
  const t0 = performance.now();
  const result = runSimulation(cfg);
  const simMs = performance.now() - t0;
  const handled = result.snapshot.summary.find((r) => r.scope === 'fate' && r.metric === 'handled')?.value ?? 0;
  process.stdout.write(JSON.stringify({ simMs, handled }) + '\n');
  process.exit(0);
}

function fail(message, code = 2) {
  console.error(`ab-wall: ${message}`);
  process.exit(code);
}

if (values.a === undefined) fail('--a DIR: the baseline build is required');
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
if (!Number.isInteger(rounds) || rounds < 1) fail(`--rounds: expected an integer >= 1, got ${JSON.stringify(values.rounds)}`);
if (!Number.isInteger(warmup) || warmup < 0) fail(`--warmup: expected an integer >= 0, got ${JSON.stringify(values.warmup)}`);
const builds = { A: resolve(values.a), B: resolve(values.b) };
const { mannWhitneyU, median } = await import(pathToFileURL(resolve(here, 'dist/src/gate/index.js')).href);

/** One fresh process of `build`: its own simulation time, the process's wall time, handled. */
function runOnce(build) {
  const args = [new URL(import.meta.url).pathname, '--child', build, '--workload', values.workload, ...values.set.flatMap((s) => ['--set', s])];
  return new Promise((res, rej) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
    child.on('error', rej);
    child.on('close', (code) => {
      const processMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) return rej(new Error(`${build}: exited ${code}: ${err.trim()}`));
      const { simMs, handled } = JSON.parse(out);
      res({ simMs, processMs, handled });
    });
  });
}

try {
  for (let i = 0; i < warmup; i++) {
    await runOnce(builds.A);
    await runOnce(builds.B);
  }
  const A = [];
  const B = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      A.push(await runOnce(builds.A));
      B.push(await runOnce(builds.B));
    } else {
      B.push(await runOnce(builds.B));
      A.push(await runOnce(builds.A));
    }
    const a = A[i];
    const b = B[i];
    if (!values.json) {
      console.log(
        `round ${i + 1}/${rounds}: A ${a.simMs.toFixed(0)} ms (${(a.handled / a.simMs / 1e3).toFixed(2)} M handled/s), ` +
          `B ${b.simMs.toFixed(0)} ms (${(b.handled / b.simMs / 1e3).toFixed(2)} M handled/s), speed-up A/B ${(a.simMs / b.simMs).toFixed(3)}×`,
      );
    }
  }
  const summary = (side) => ({
    simMs: median(side.map((r) => r.simMs)),
    processMs: median(side.map((r) => r.processMs)),
    handledPerS: median(side.map((r) => (r.handled / r.simMs) * 1e3)),
  });
  const speedUps = A.map((a, i) => a.simMs / B[i].simMs);
  const processSpeedUps = A.map((a, i) => a.processMs / B[i].processMs);
  const test = mannWhitneyU(
    B.map((r) => r.simMs),
    A.map((r) => r.simMs),
  );
  const report = {
    workload: values.workload,
    set: values.set,
    builds,
    rounds,
    A: summary(A),
    B: summary(B),
    medianSpeedUp: median(speedUps),
    medianProcessSpeedUp: median(processSpeedUps),
    pTwoSided: test.pTwoSided,
    raw: { A, B },
  };
  if (values.json) {
    console.log(JSON.stringify(report));
  } else {
    const s = (x) => `simulation ${x.simMs.toFixed(0)} ms (${(x.handledPerS / 1e6).toFixed(2)} M handled/s), process ${x.processMs.toFixed(0)} ms`;
    console.log(`A ${builds.A}: median ${s(report.A)}`);
    console.log(`B ${builds.B}: median ${s(report.B)}`);
    console.log(
      `median of the per-round speed-ups (A time ÷ B time): ${report.medianSpeedUp.toFixed(3)}× simulation, ` +
        `${report.medianProcessSpeedUp.toFixed(3)}× whole process; Mann–Whitney two-sided p = ${report.pTwoSided.toPrecision(3)}`,
    );
  }
} catch (err) {
  fail(err.message, 1);
}

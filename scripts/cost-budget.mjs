#!/usr/bin/env node
// The cost budget: instructions per handled interrupt of each layer of the simulator (engine,
// PRNG, traffic, delivery, irq flow, action/client, metrics, V8 runtime), marginal between two
// run lengths of a workload under the gate's deterministic valgrind setup.
//
// Method. The gate's workload case (dist/bench/cases/workload.js) runs twice under
// `valgrind --tool=callgrind --dump-instr=yes` with the gate's node flags (--predictable and
// friends, one libuv thread) plus `--perf-basic-prof`, which makes V8 write /tmp/perf-<pid>.map:
// one line per piece of code it made (start, size, "JS:*name file:///…/dist/src/x/y.js:l:c",
// or "Builtin:Name"). cg_annotate cannot read that map, so this script reads callgrind's
// per-instruction self counts itself, finds each JIT address in the map (the latest entry that
// covers it: V8 reuses freed code space) and maps the function's source file to a layer
// (LAYERS below). Native code keeps callgrind's symbol: the garbage collector's and the rest of
// V8's C++ are two rows of their own. V8's builtins (inline caches, the write barrier, calls,
// Math.log) are charged to the JS layers that call them, in proportion to the instructions of
// each layer's direct calls into builtins (callgrind's call edges). The difference between the
// long and the short run divided by the difference in handled interrupts is the figure per
// layer: start-up, compilation and the snapshot are in both runs and cancel out.
//
// Error. TurboFan inlines small callees into their callers, so an inlined function's
// instructions count for the caller's file (the engine's dispatch loop does not inline the
// handlers it calls through the dispatch table, but a machine file inlines a metrics recorder);
// `--no-inlining` runs the same measurement with `--no-turbo-inlining`, which attributes each
// function's own instructions to its own file at the price of the extra calls (the total moves:
// both totals are printed). The builtins' split is proportional, not exact; their share is
// printed. The marginal itself repeats to ~0.01 % (instructions-per-irq.mjs).
//
// `--both` runs both and prints a third column, the estimate per layer as run: its share of the
// instructions without inlining times the total as run (the error of that split is how unevenly
// inlining saves across layers; the as-run total is exact).
//
//   node scripts/cost-budget.mjs [--workload FILE] [--short 40ms] [--long 120ms] [--set k=v]…
//                                [--no-inlining | --both] [--functions N] [--root DIR] [--json] [--keep DIR]
//
// --functions N also lists the N functions with the most marginal self instructions per handled
// interrupt in each mode (what V8 inlined into a function counts for it as run; builtins and
// native code by their symbol, not spread).
//
// Needs a build (npm ci or npm run build) and valgrind; takes a few minutes (callgrind runs
// node about 50× slower).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROW_ORDER, attribute, readCallgrind, readPerfMap } from './callgrind-layers.mjs';

const here = resolve(new URL('..', import.meta.url).pathname);

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'workloads/default-storm.yaml' },
    short: { type: 'string', default: '40ms' },
    long: { type: 'string', default: '120ms' },
    set: { type: 'string', multiple: true, default: [] },
    'no-inlining': { type: 'boolean', default: false },
    both: { type: 'boolean', default: false },
    root: { type: 'string', default: here },
    json: { type: 'boolean', default: false },
    keep: { type: 'string' },
    functions: { type: 'string', default: '0' },
  },
  strict: true,
});

function run(cmd, args, env) {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', rej);
    child.on('close', (code) => (code === 0 ? res({ stdout, stderr, pid: child.pid }) : rej(new Error(`${cmd} exited ${code}: ${stderr.slice(-1500)}`))));
  });
}

const root = resolve(values.root);
const topFunctions = Number(values.functions);
if (!Number.isSafeInteger(topFunctions) || topFunctions < 0) {
  console.error(`cost-budget: --functions: expected a whole number >= 0, got ${JSON.stringify(values.functions)}`);
  process.exit(2);
}
const { PREDICTABLE_NODE_FLAGS, PREDICTABLE_ENV, parseCaseMetrics } = await import(resolve(root, 'dist/src/gate/index.js')).then(
  async (m) => ({ ...m, PREDICTABLE_ENV: (await import(resolve(root, 'dist/src/gate/instructions.js'))).PREDICTABLE_ENV }),
);
const caseScript = resolve(root, 'dist/bench/cases/workload.js');
const workload = resolve(root, values.workload);
const work = values.keep === undefined ? mkdtempSync(join(tmpdir(), 'irqstorm-cost-budget-')) : resolve(values.keep);

/** One callgrind run at `duration`: rows of self instructions, the total and handled interrupts. */
async function measure(duration, inlining) {
  const out = join(work, `callgrind.${duration}${inlining ? '' : '.no-inlining'}.out`);
  const nodeFlags = [...PREDICTABLE_NODE_FLAGS, '--perf-basic-prof', ...(inlining ? [] : ['--no-turbo-inlining'])];
  const args = ['--workload', workload, ...values.set.flatMap((s) => ['--set', s]), '--set', `duration=${duration}`];
  const vg = ['--tool=callgrind', '--dump-instr=yes', '--compress-strings=no', '--compress-pos=no', `--callgrind-out-file=${out}`];
  const r = await run('valgrind', [...vg, process.execPath, ...nodeFlags, caseScript, ...args], PREDICTABLE_ENV);
  const mapPath = `/tmp/perf-${r.pid}.map`;
  try {
    if (!existsSync(mapPath)) throw new Error(`node wrote no ${mapPath} (--perf-basic-prof)`);
    const metrics = parseCaseMetrics(r.stdout, caseScript);
    const handled = metrics?.['fate.handled'];
    if (handled === undefined) throw new Error(`${caseScript}: printed no fate.handled metric`);
    const parsed = await readCallgrind(out, readPerfMap(mapPath));
    return { duration, handled, ...attribute(parsed) };
  } finally {
    // V8's map and callgrind's output go whether the run is read or not.
    rmSync(mapPath, { force: true });
    if (values.keep === undefined) rmSync(out, { force: true });
  }
}

/** The marginal per-layer figures of one mode. */
async function marginal(inlining) {
  const short = await measure(values.short, inlining);
  const long = await measure(values.long, inlining);
  const dHandled = long.handled - short.handled;
  if (dHandled <= 0) throw new Error(`the ${values.long} run handled no more interrupts than the ${values.short} run`);
  const perIrq = Object.fromEntries(ROW_ORDER.map((r) => [r, (long.rows.get(r) - short.rows.get(r)) / dHandled]));
  const functions = [...long.byFunction]
    .map(([name, ir]) => [name, (ir - (short.byFunction.get(name) ?? 0)) / dHandled])
    .sort((a, b) => b[1] - a[1])
    .slice(0, topFunctions);
  const total = (long.total - short.total) / dHandled;
  return { inlining, handled: [short.handled, long.handled], total, builtins: (long.builtins - short.builtins) / dHandled, perIrq, functions };
}

try {
  const modes = values.both ? [true, false] : [!values['no-inlining']];
  const results = [];
  for (const inlining of modes) results.push(await marginal(inlining));
  if (values.json) {
    console.log(JSON.stringify({ workload: values.workload, set: values.set, short: values.short, long: values.long, results }));
  } else {
    const fmt = (n) => Math.round(n).toLocaleString('en-US');
    const pct = (n, total) => `${((100 * n) / total).toFixed(1).padStart(5)} %`;
    console.log(`${values.workload}: ${values.short} → ${values.long}, ${fmt(results[0].handled[1] - results[0].handled[0])} more handled`);
    console.log('instructions per handled interrupt, marginal (V8 builtins spread over their JS callers):');
    const heads = results.map((r) => (r.inlining ? 'as run' : 'no inlining'));
    if (values.both) heads.push('estimate as run');
    console.log(`  ${'layer'.padEnd(36)} ${heads.map((h) => h.padStart(17)).join(' ')}`);
    for (const row of ROW_ORDER) {
      const cells = results.map((r) => `${fmt(r.perIrq[row]).padStart(7)} ${pct(r.perIrq[row], r.total)}`);
      if (values.both) cells.push(fmt((results[1].perIrq[row] / results[1].total) * results[0].total).padStart(7));
      console.log(`  ${row.padEnd(36)} ${cells.map((c) => c.padStart(17)).join(' ')}`);
    }
    console.log(`  ${'total'.padEnd(36)} ${results.map((r) => fmt(r.total).padStart(17)).join(' ')}`);
    console.log(`  ${'(of which V8 builtins, spread)'.padEnd(36)} ${results.map((r) => fmt(r.builtins).padStart(17)).join(' ')}`);
    for (const r of results) {
      if (r.functions.length === 0) continue;
      console.log(`top ${r.functions.length} functions by self instructions per handled interrupt (${r.inlining ? 'as run' : 'no inlining'}):`);
      for (const [name, perIrq] of r.functions) console.log(`  ${fmt(perIrq).padStart(7)} ${pct(perIrq, r.total)}  ${name}`);
    }
  }
  if (values.keep === undefined) rmSync(work, { recursive: true, force: true });
} catch (err) {
  if (values.keep === undefined) rmSync(work, { recursive: true, force: true });
  console.error(`cost-budget: ${err.message}`);
  process.exit(1);
}

#!/usr/bin/env node
// Marginal instructions per handled interrupt of a workload: runs the gate's workload case
// (dist/bench/cases/workload.js) at two run lengths under the gate's deterministic valgrind
// setup (src/gate/instructions.ts: cachegrind without cache simulation, node --predictable and
// friends, one libuv thread) and divides the difference in instructions by the difference in
// handled interrupts. Start-up, the build and the snapshot cost the same in both runs and cancel
// out, so the figure is the cost of one more interrupt on the hot path. Needs a build (npm ci or
// npm run build) and valgrind.
//
//   node scripts/instructions-per-irq.mjs [--case workload|bare-queue|hold-model] [--workload FILE] [--short 60ms] [--long 200ms]
//                                         [--set k=v]… [--pending 24] [--queue binary-heap|heap-js|bare] [--root DIR]
//
// --case bare-queue measures the yardstick behind the workload instead (bench/bare-storm-queue.ts,
// via dist/bench/cases/bare-queue.js): instructions per item done, the same way.
// --case hold-model measures the event engine alone (bench/hold-model.ts): instructions per
// event of the hold model with --pending events pending on the Simulator with --queue, or on the
// bare typed-array heap beside it (--queue bare); --short and --long are then numbers of holds
// (default 200000 and 1200000).
//
// DIR: a built checkout to measure (default: this one), so two builds can be compared with the
// same script. Prints both runs and the marginal figure; --json prints one JSON object instead.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const here = resolve(new URL('..', import.meta.url).pathname);

const { values } = parseArgs({
  options: {
    case: { type: 'string', default: 'workload' },
    workload: { type: 'string', default: 'workloads/default-storm.yaml' },
    short: { type: 'string' },
    long: { type: 'string' },
    pending: { type: 'string', default: '24' },
    queue: { type: 'string', default: 'binary-heap' },
    set: { type: 'string', multiple: true, default: [] },
    root: { type: 'string', default: here },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});

const root = resolve(values.root);
const { runUnderValgrind, parseCaseMetrics } = await import(resolve(root, 'dist/src/gate/index.js'));
// What each case counts per run: handled interrupts, or the bare queue's items done.
const workloadArgs = (duration) => ['--workload', resolve(root, values.workload), ...values.set.flatMap((s) => ['--set', s]), '--set', `duration=${duration}`];
const CASES = {
  workload: { script: 'workload', metric: 'fate.handled', unit: 'handled interrupt', args: workloadArgs, short: '60ms', long: '200ms' },
  'bare-queue': { script: 'bare-queue', metric: 'items', unit: 'item', args: workloadArgs, short: '60ms', long: '200ms' },
  'hold-model': {
    script: 'hold-model',
    metric: 'dispatched',
    unit: 'event',
    args: (holds) => ['--holds', holds, '--pending', values.pending, '--queue', values.queue],
    short: '200000',
    long: '1200000',
  },
};
const theCase = CASES[values.case];
if (theCase === undefined) {
  console.error(`instructions-per-irq: --case: expected one of ${Object.keys(CASES).join(', ')}, got ${JSON.stringify(values.case)}`);
  process.exit(2);
}
const caseScript = resolve(root, `dist/bench/cases/${theCase.script}.js`);
const shortLength = values.short ?? theCase.short;
const longLength = values.long ?? theCase.long;

/** One run of the case at `duration`: its instruction total and handled interrupts (or items). */
async function measure(duration) {
  const run = await runUnderValgrind(caseScript, theCase.args(duration), root);
  const metrics = parseCaseMetrics(run.stdout, caseScript);
  if (metrics === null || metrics[theCase.metric] === undefined) {
    throw new Error(`${caseScript}: printed no ${theCase.metric} metric`);
  }
  return { duration, instructions: run.totalInstructions, handled: metrics[theCase.metric] };
}

try {
  // One after the other: two valgrind runs at once would share the machine's cores, not speed up.
  const short = await measure(shortLength);
  const long = await measure(longLength);
  const dHandled = long.handled - short.handled;
  if (dHandled <= 0) throw new Error(`the ${longLength} run handled no more interrupts than the ${shortLength} run`);
  const perIrq = (long.instructions - short.instructions) / dHandled;
  if (values.json) {
    console.log(JSON.stringify({ case: values.case, workload: values.workload, set: values.set, short, long, instructionsPerHandledIrq: perIrq }));
  } else {
    const fmt = (n) => Math.round(n).toLocaleString('en-US');
    for (const r of [short, long]) {
      console.log(`${values.case} ${values.workload} ${r.duration}: ${fmt(r.instructions)} instructions, ${fmt(r.handled)} ${theCase.metric}`);
    }
    console.log(`marginal: ${perIrq.toFixed(1)} instructions per ${theCase.unit}`);
  }
} catch (err) {
  console.error(`instructions-per-irq: ${err.message}`);
  process.exit(err.name === 'GateInputError' ? 2 : 1);
}

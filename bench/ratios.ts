/**
 * The speed figures of issue 15 in one run (part of `npm run bench`):
 *   - the default storm's handled interrupts per wall-second (1 s simulated, statistics on), the
 *     bare queue behind it (bench/bare-storm-queue.ts) in items per wall-second, and the ratio of
 *     their costs per item, medians over interleaved rounds (the ratio is the median of each
 *     round's ratio, so a busy moment on the shared machine hits both sides of one round);
 *   - a ring-client storm's items per wall-second: the default storm with every peer's queue on
 *     ntb_transport's ring client (`--set peers[0].client=ring`), an item per trigger;
 *   - instructions per handled interrupt and per bare-queue item (scripts/instructions-per-irq.mjs:
 *     cachegrind, marginal between 60 ms and 200 ms), when valgrind is installed;
 *   - scavenges (V8's young-generation collections, `node --trace-gc`) in a 3 s run of each storm,
 *     and in a 100 ms one: the difference is the steady state's.
 * Wall figures are as noisy as the machine; the instruction and scavenge counts are not.
 * Writes results/bench/ratios.csv (metric, value, unit).
 * Usage: node dist/bench/ratios.js [--out DIR] [--rounds 3] [--duration 1s] [--no-instructions] [--no-scavenges]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '../src/gate/wall-clock.js';
import { COST_NAMES } from '../src/machine/costs.js';
import type { MachineConfig } from '../src/machine/config.js';
import { writeFileAtomic } from '../src/report/atomic-write.js';
import { runSimulation } from '../src/run.js';
import { loadWorkload } from '../src/workload/load.js';
import { toMachineConfig } from '../src/workload/to-machine-config.js';
import { bareQueueOf, runBareStormQueue } from './bare-storm-queue.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The package root (this file runs from dist/bench/). */
const root = resolve(here, '..', '..');
const STORM = 'workloads/default-storm.yaml';
/** The ring-client storm: the default storm's peers on ntb_transport's ring client. */
const RING_SETS = ['peers[0].client=ring'];

interface Row {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

function config(sets: readonly string[]): MachineConfig {
  const path = join(root, STORM);
  return toMachineConfig(loadWorkload(readFileSync(path, 'utf8'), path, [...sets], { costNames: COST_NAMES }));
}

function fate(run: ReturnType<typeof runSimulation>, metric: string): number {
  const row = run.snapshot.summary.find((r) => r.scope === 'fate' && r.metric === metric);
  if (row === undefined) throw new Error(`the run's summary has no fate ${metric}`);
  return row.value;
}

/** Seconds of wall time of `fn`. */
function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

/** Runs a node script from the package root; returns its stdout and stderr, or throws with its tail. */
function node(args: readonly string[]): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal}: ${(r.stderr ?? '').slice(-800)}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Scavenges V8 reports (`--trace-gc`) in one run of the gate's workload case. */
function scavenges(sets: readonly string[], duration: string): number {
  const caseArgs = ['--workload', STORM, ...[...sets, `duration=${duration}`].flatMap((s) => ['--set', s])];
  const { stdout } = node(['--trace-gc', join(root, 'dist/bench/cases/workload.js'), ...caseArgs]);
  return stdout.split('\n').filter((l) => l.includes(' Scavenge ')).length;
}

function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;
}

function instructionsPer(caseName: string, sets: readonly string[]): number {
  const { stdout } = node([join(root, 'scripts/instructions-per-irq.mjs'), '--json', '--case', caseName, ...sets.flatMap((s) => ['--set', s])]);
  return (JSON.parse(stdout) as { instructionsPerHandledIrq: number }).instructionsPerHandledIrq;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'results/bench' },
      rounds: { type: 'string', default: '3' },
      duration: { type: 'string', default: '1s' },
      'no-instructions': { type: 'boolean', default: false },
      'no-scavenges': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`--rounds: expected an integer ≥ 1, got ${JSON.stringify(values.rounds)}`);
  const durationSet = `duration=${values.duration}`;
  const storm = config([durationSet]);
  const ring = config([durationSet, ...RING_SETS]);
  const bare = bareQueueOf(storm);
  const rows: Row[] = [];
  const log = (metric: string, value: number, unit: string, text: string): void => {
    rows.push({ metric, value, unit });
    console.log(`ratios  ${text}`);
  };

  const stormRate: number[] = [];
  const bareRate: number[] = [];
  const ringRate: number[] = [];
  const costRatio: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let handled = 0;
    let items = 0;
    let ringItems = 0;
    const tStorm = timed(() => (handled = fate(runSimulation(storm), 'handled')));
    const tBare = timed(() => (items = runBareStormQueue(bare).items));
    const tRing = timed(() => (ringItems = fate(runSimulation(ring), 'triggered')));
    stormRate.push(handled / tStorm);
    bareRate.push(items / tBare);
    ringRate.push(ringItems / tRing);
    costRatio.push(tStorm / handled / (tBare / items));
    const m = (x: number): string => `${(x / 1e6).toFixed(2)} M/s`;
    console.log(`ratios  round ${r + 1}/${rounds}: storm ${m(handled / tStorm)} handled, bare queue ${m(items / tBare)} items, ring storm ${m(ringItems / tRing)} items`);
  }
  const M = (x: number): string => `${(x / 1e6).toFixed(2)} M/s`;
  log('default_storm_handled_per_s', median(stormRate), 'Hz', `default storm (${values.duration})   ${M(median(stormRate))} handled per wall-second (median of ${rounds})`);
  log('bare_queue_items_per_s', median(bareRate), 'Hz', `bare queue behind it  ${M(median(bareRate))} items per wall-second`);
  log('storm_cost_per_item_ratio', median(costRatio), 'ratio', `cost per item, storm ÷ bare queue: ${median(costRatio).toFixed(2)}× (median of the rounds' ratios)`);
  log('ring_storm_items_per_s', median(ringRate), 'Hz', `ring-client storm      ${M(median(ringRate))} items per wall-second`);

  if (values['no-instructions']) {
    console.log('ratios  instructions: skipped (--no-instructions)');
  } else if (!hasValgrind()) {
    console.log('ratios  instructions: skipped (no valgrind; sudo apt-get install -y valgrind)');
  } else {
    const perIrq = instructionsPer('workload', []);
    log('instructions_per_handled_irq', perIrq, 'count', `instructions per handled interrupt  ${Math.round(perIrq).toLocaleString('en-US')} (cachegrind, marginal 60→200 ms)`);
    const perItem = instructionsPer('bare-queue', []);
    log('instructions_per_bare_item', perItem, 'count', `instructions per bare-queue item    ${Math.round(perItem).toLocaleString('en-US')}`);
    const perRing = instructionsPer('workload', RING_SETS);
    log('instructions_per_ring_handled_irq', perRing, 'count', `instructions per handled interrupt, ring storm  ${Math.round(perRing).toLocaleString('en-US')}`);
  }

  if (values['no-scavenges']) {
    console.log('ratios  scavenges: skipped (--no-scavenges)');
  } else {
    for (const [name, sets] of [
      ['default_storm', []],
      ['ring_storm', RING_SETS],
    ] as const) {
      const long = scavenges(sets, '3s');
      const short = scavenges(sets, '100ms');
      rows.push({ metric: `${name}_scavenges_100ms`, value: short, unit: 'count' });
      log(`${name}_scavenges_3s`, long, 'count', `${name.replace('_', ' ')}: ${long} scavenges in 3 s, ${short} in 100 ms (steady state ${long - short})`);
    }
  }

  const outDir = values.out;
  mkdirSync(outDir, { recursive: true });
  const csv = ['metric,value,unit', ...rows.map((r) => `${r.metric},${r.value},${r.unit}`)].join('\n') + '\n';
  await writeFileAtomic(join(outDir, 'ratios.csv'), csv);
}

await main();

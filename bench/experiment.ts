/**
 * The experiment runner's targets, measured (part of `npm run bench`):
 *   - parallel efficiency: a 16-point sweep of the default storm with 2 worker threads against
 *     1, the wall-time ratio (target ≤ 0.6 on a 2-core machine), best of ROUNDS interleaved;
 *   - pool overhead: warm runs through the pool with one thread against the same runs on the
 *     main thread (each stored the same way), the extra time per run (target ≤ 5 %), and the
 *     one-time cost of a new pool's first run;
 *   - memory: a 1,000-point sweep of tiny runs, the parent's heap after 100 runs and after all
 *     1,000 (the parent streams results to the store and the CSV, so it should not grow).
 * Wall times are as noisy as the machine (see the README); take them on a quiet one.
 * Writes results/bench/experiment.csv. Usage: node dist/bench/experiment.js [--out DIR] [--quick]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { executeExperiment, experimentSpec, experimentUnits } from '../src/experiment/experiment.js';
import { cartesianPoints, type Axis } from '../src/experiment/plan.js';
import { runPointTask, type PointTask } from '../src/experiment/point-worker.js';
import { resolvePoints, type BaseWorkload, type ResolvedPoint } from '../src/experiment/points.js';
import { ResultStore } from '../src/experiment/result-store.js';
import { writeSweepCsv } from '../src/experiment/sweep-results.js';
import { gitShortCommit } from '../src/gate/git-commit.js';
import { COST_NAMES } from '../src/machine/costs.js';
import { writeFileAtomic } from '../src/report/atomic-write.js';
import { parseWorkloadText } from '../src/workload/parse.js';
import { toMachineConfig } from '../src/workload/to-machine-config.js';

const ROUNDS = 2;
const MODEL = { version: 'bench', commit: gitShortCommit() };

function base(path: string): BaseWorkload {
  return { file: path, raw: parseWorkloadText(readFileSync(path, 'utf8'), path) };
}

async function points(path: string, axes: Axis[], sets: string[]): Promise<ResolvedPoint[]> {
  return resolvePoints(base(path), axes, cartesianPoints(axes), [], sets, { costNames: COST_NAMES, readTrace: () => Promise.reject(new Error('no traces here')) });
}

/** Wall seconds to run every unit of `pts` × `seeds` on `jobs` threads into a fresh store. */
async function sweepSeconds(pts: readonly ResolvedPoint[], seeds: number[], jobs: number, onSettled?: (done: number) => void): Promise<{ seconds: number; cpuSeconds: number; store: string }> {
  const store = mkdtempSync(join(tmpdir(), 'irqstorm-bench-store-'));
  const spec = experimentSpec('sweep', 'bench', 'bench', [], pts, seeds, ['run/handled_rate'], []);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await executeExperiment(spec, pts, { store: new ResultStore(store, MODEL), jobs, fresh: true, anyModel: false, shard: null, onSettled: (d) => onSettled?.(d) });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  if (report.failed.length > 0) throw new Error(`bench sweep: ${report.failed[0].error}`);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, store };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'results/bench' }, quick: { type: 'boolean', default: false } } });
  const quick = values.quick === true;
  const rows: string[] = ['measure,value,unit,detail'];
  const say = (measure: string, value: number, unit: string, detail: string): void => {
    rows.push(`${measure},${value},${unit},"${detail}"`);
    console.log(`${measure.padEnd(28)} ${String(Number(value.toPrecision(4))).padStart(10)} ${unit.padEnd(8)} ${detail}`);
  };
  console.log(`irqstorm experiment bench at ${MODEL.commit} (wall times: quote them with the machine's load)`);

  // Parallel efficiency: 16 points of the default storm, one seed each.
  const rates = Array.from({ length: 16 }, (_, i) => 100_000 + 10_000 * i);
  const storm = await points('workloads/default-storm.yaml', [{ path: 'peers[0].arrival.rate', values: rates }], [quick ? 'duration=5ms' : 'duration=40ms', 'warmup=1ms']);
  const best = { 1: Infinity, 2: Infinity };
  const cpuOf = { 1: Infinity, 2: Infinity };
  for (let r = 0; r < ROUNDS; r++) {
    for (const jobs of [1, 2] as const) {
      const { seconds, cpuSeconds, store } = await sweepSeconds(storm, [1], jobs);
      rmSync(store, { recursive: true, force: true });
      if (seconds < best[jobs]) {
        best[jobs] = seconds;
        cpuOf[jobs] = cpuSeconds;
      }
    }
  }
  say('sweep16_jobs1_s', best[1], 's', `16-point default-storm sweep, 1 thread, best of ${ROUNDS}`);
  say('sweep16_jobs2_s', best[2], 's', `the same, 2 threads, best of ${ROUNDS}`);
  say('parallel_ratio', best[2] / best[1], 'ratio', 'jobs 2 / jobs 1 wall time (target <= 0.6)');
  // CPU seconds of all the process's threads: the work done, whatever else the machine runs.
  say('sweep16_jobs1_cpu_s', cpuOf[1], 's', 'CPU time (all threads) of the 1-thread sweep above');
  say('sweep16_jobs2_cpu_s', cpuOf[2], 's', 'CPU time (all threads) of the 2-thread sweep above');
  say('cpu_share_jobs2', cpuOf[2] / best[2], 'cores', 'CPU seconds per wall second with 2 threads: 2 on an idle 2-core machine');

  // Pool overhead: 16 runs (the 16 points twice over, seeds 1 and 2 of the first 8) on the main
  // thread and through a one-thread pool; only the last 8 are timed, so both are warm (the
  // worker's start, module loading and JIT, is a one-time cost reported on its own).
  const eight = storm.slice(0, 8);
  const spec16 = experimentSpec('sweep', 'bench', 'bench', [], eight, [1, 2], ['run/handled_rate'], []);
  let inline = Infinity;
  let pooled = Infinity;
  let firstPooled = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const store = mkdtempSync(join(tmpdir(), 'irqstorm-bench-inline-'));
    let t8 = 0;
    let i = 0;
    for (const u of experimentUnits(spec16)) {
      const p = eight[u.point];
      const workload = { ...p.workload, seed: u.seed };
      const task: PointTask = { config: toMachineConfig(workload, p.traces), record: { key: u.key, hash: p.hash, seed: u.seed, irqstorm: MODEL.version, commit: MODEL.commit, workload }, storeRoot: store, workloadFile: p.base.file };
      await runPointTask(task);
      if (++i === 8) t8 = performance.now();
    }
    inline = Math.min(inline, (performance.now() - t8) / 1000);
    rmSync(store, { recursive: true, force: true });
    let p8 = 0;
    let p1 = 0;
    const started = performance.now();
    const viaPool = await sweepSeconds(eight, [1, 2], 1, (done) => {
      if (done === 1) p1 = performance.now();
      if (done === 8) p8 = performance.now();
    });
    rmSync(viaPool.store, { recursive: true, force: true });
    pooled = Math.min(pooled, viaPool.seconds - (p8 - started) / 1000);
    firstPooled = Math.min(firstPooled, (p1 - started) / 1000);
  }
  say('runs8_main_thread_s', inline, 's', `8 warm runs on the main thread, each stored, best of ${ROUNDS}`);
  say('runs8_pool1_s', pooled, 's', `the same 8 warm runs through a one-thread pool, best of ${ROUNDS}`);
  say('pool_overhead', pooled / inline - 1, 'fraction', 'extra wall time per warm run through the pool (target <= 0.05)');
  say('pool_first_run_s', firstPooled, 's', 'the first run through a new pool: thread start, module loading, cold JIT, the run');

  // Memory: 1,000 tiny points; the parent's heap after 100 runs and at the end.
  const n = quick ? 200 : 1000;
  const tiny = await points('workloads/mm1.yaml', [{ path: 'peers[0].arrival.rate', values: Array.from({ length: n }, (_, i) => 100_000 + i) }], ['duration=20us', 'warmup=0']);
  const heapAt = new Map<number, number>();
  const sample = (done: number): void => {
    if (done === 100 || done === n) {
      globalThis.gc?.();
      heapAt.set(done, process.memoryUsage().heapUsed);
    }
  };
  const big = await sweepSeconds(tiny, [1], 2, sample);
  const spec = experimentSpec('sweep', 'bench', 'bench', [{ path: 'peers[0].arrival.rate', values: tiny.map((p) => p.values[0]) }], tiny, [1], ['run/handled_rate'], []);
  const csvDir = mkdtempSync(join(tmpdir(), 'irqstorm-bench-csv-'));
  const store = new ResultStore(big.store, MODEL);
  await writeSweepCsv(csvDir, spec, (u) => store.read(u.key) ?? (() => { throw new Error(`missing ${u.key}`); })());
  globalThis.gc?.();
  const afterCsv = process.memoryUsage().heapUsed;
  rmSync(big.store, { recursive: true, force: true });
  rmSync(csvDir, { recursive: true, force: true });
  const mib = (b: number | undefined): number => (b ?? NaN) / 2 ** 20;
  say(`sweep${n}_seconds`, big.seconds, 's', `${n} tiny runs on 2 threads`);
  say('parent_heap_at_100_mib', mib(heapAt.get(100)), 'MiB', 'parent heap after 100 runs (after a GC when --expose-gc)');
  say(`parent_heap_at_${n}_mib`, mib(heapAt.get(n)), 'MiB', `parent heap after all ${n} runs`);
  say('parent_heap_after_csv_mib', mib(afterCsv), 'MiB', 'parent heap after streaming sweep.csv');

  mkdirSync(values.out as string, { recursive: true });
  await writeFileAtomic(join(values.out as string, 'experiment.csv'), `${rows.join('\n')}\n`);
  console.log(`wrote ${join(values.out as string, 'experiment.csv')}`);
}

await main();

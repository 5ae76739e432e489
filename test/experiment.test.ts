/**
 * compare, sweep and merge end to end, as a user runs them (the compiled bin; `npm test`
 * builds first): the same sweep whatever --jobs, a killed sweep finished by a rerun, an extended
 * plan running only its new points, other models' results kept apart, shards merged equal to the
 * whole, merge refusals, bad plans refused before anything runs, a failing run failing only
 * itself, and the compare's intervals against a hand computation from its own CSV.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../bin/irqstorm.js', import.meta.url).pathname;
const ROOT = new URL('..', import.meta.url).pathname;
const MM1 = join(ROOT, 'workloads/mm1.yaml');
/** No array-job variables from the machine running the tests. */
const CLEAN_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(SLURM_ARRAY_|JOB_COMPLETION_INDEX|AWS_BATCH_JOB_ARRAY_|IRQSTORM_SHARD_COUNT)/.test(k)),
);

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000, env: { ...CLEAN_ENV, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(name: string): string {
  return mkdtempSync(join(tmpdir(), `irqstorm-exp-${name}-`));
}

/** A plan over the M/M/1 workload: `rates` for the arrival rate, `cpus`-free, short runs. */
function writePlan(dir: string, name: string, rates: number[], seeds: number, duration = '2ms'): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    [
      'description: a test sweep over the M/M/1 workload',
      `workload: ${MM1}`,
      `set: [duration=${duration}, warmup=0]`,
      'axes:',
      `  'peers[0].arrival.rate': [${rates.join(', ')}]`,
      `seeds: ${seeds}`,
      'metrics: [run/handled_rate, stage/end_to_end/mean_ns, peer/*/handled]',
      '',
    ].join('\n'),
  );
  return path;
}

function sweepCsv(out: string, plan: string): string {
  return readFileSync(join(out, plan, 'sweep.csv'), 'utf8');
}

function storeModels(store: string): string[] {
  return readdirSync(store);
}

describe('irqstorm sweep', () => {
  it('writes the same sweep.csv with 1 and 2 jobs, one row per point × seed × metric with the axis values', () => {
    const dir = tmp('jobs');
    const plan = writePlan(dir, 'rates', [2e5, 4e5, 6e5], 2);
    const a = cli(['sweep', plan, '--jobs', '1', '--out', join(dir, 'a'), '--store', join(dir, 'sa'), '--quiet']);
    const b = cli(['sweep', plan, '--jobs', '2', '--out', join(dir, 'b'), '--store', join(dir, 'sb'), '--quiet']);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const csv = sweepCsv(join(dir, 'a'), 'rates');
    expect(sweepCsv(join(dir, 'b'), 'rates')).toBe(csv);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('point,peers[0].arrival.rate,seed,scope,id,metric,value,unit');
    expect(lines).toHaveLength(1 + 3 * 2 * 3);
    expect(lines[1]).toMatch(/^0,200000,1,run,,handled_rate,[0-9.]+,Hz$/);
    expect(lines.some((l) => l.startsWith('2,600000,2,peer,src,handled,'))).toBe(true);
    for (const f of ['sweep.html', 'sweep.json']) expect(existsSync(join(dir, 'a', 'rates', f))).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, 'a', 'rates', 'sweep.json'), 'utf8')) as { runs: { total: number; ran: number } };
    expect(json.runs).toMatchObject({ total: 6, ran: 6 });
  });

  it('keeps each run\'s directory with --keep-runs, named and written as `irqstorm run` writes it', () => {
    const dir = tmp('keep');
    const plan = writePlan(dir, 'keep', [3e5], 1);
    const r = cli(['sweep', plan, '--keep-runs', '--out', join(dir, 'out'), '--store', join(dir, 'store'), '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const runs = readdirSync(join(dir, 'out', 'keep', 'runs'));
    expect(runs).toHaveLength(1);
    const single = cli(['run', MM1, '--set', 'duration=2ms', '--set', 'warmup=0', '--set', 'peers[0].arrival.rate=300000', '--out', join(dir, 'single'), '--quiet']);
    expect(single.status, single.stderr).toBe(0);
    expect(readdirSync(join(dir, 'single'))).toEqual(runs);
    for (const f of ['summary.csv', 'irqs.csv', 'percentiles.csv', 'series.csv']) {
      expect(readFileSync(join(dir, 'out', 'keep', 'runs', runs[0], f), 'utf8')).toBe(readFileSync(join(dir, 'single', runs[0], f), 'utf8'));
    }
  });

  it('finishes a sweep killed half-way by running only the missing runs, with the same result', async () => {
    const dir = tmp('kill');
    const plan = writePlan(dir, 'kill', [2e5, 3e5, 4e5, 5e5], 2, '100ms');
    const store = join(dir, 'store');
    const child = spawn(process.execPath, [BIN, 'sweep', plan, '--jobs', '1', '--out', join(dir, 'out'), '--store', store, '--quiet'], { cwd: ROOT, env: CLEAN_ENV });
    const stored = (): number => (existsSync(store) ? storeModels(store).flatMap((m) => readdirSync(join(store, m)).filter((f) => f.endsWith('.json'))).length : 0);
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (stored() >= 2) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        } else if (Date.now() - started > 180_000 || child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`the sweep ended or stalled before two runs were stored (exit ${child.exitCode})`));
        }
      }, 20);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const before = stored();
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(8);
    expect(existsSync(join(dir, 'out', 'kill', 'sweep.csv'))).toBe(false);
    // Only whole results: every stored file parses.
    for (const m of storeModels(store)) for (const f of readdirSync(join(store, m)).filter((x) => x.endsWith('.json'))) JSON.parse(readFileSync(join(store, m, f), 'utf8'));

    const rerun = cli(['sweep', plan, '--jobs', '2', '--out', join(dir, 'out'), '--store', store]);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain(`irqstorm: ${before} stored and reused; ${8 - before} to run`);
    const whole = cli(['sweep', plan, '--jobs', '2', '--out', join(dir, 'ref'), '--store', join(dir, 'ref-store'), '--quiet']);
    expect(whole.status, whole.stderr).toBe(0);
    expect(sweepCsv(join(dir, 'out'), 'kill')).toBe(sweepCsv(join(dir, 'ref'), 'kill'));
  });

  it('runs only the new runs of an extended plan, and never mixes in another model\'s results', () => {
    const dir = tmp('extend');
    const store = join(dir, 'store');
    const first = cli(['sweep', writePlan(dir, 'p', [2e5, 4e5], 2), '--out', join(dir, 'out'), '--store', store, '--jobs', '2']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('0 stored and reused; 4 to run');
    // One more load value and one more seed: 3 × 3 = 9 runs, 4 of them stored.
    const extended = cli(['sweep', writePlan(dir, 'p', [2e5, 4e5, 6e5], 3), '--out', join(dir, 'out'), '--store', store, '--jobs', '2']);
    expect(extended.status, extended.stderr).toBe(0);
    expect(extended.stderr).toContain('4 stored and reused; 5 to run');
    const extendedCsv = sweepCsv(join(dir, 'out'), 'p');

    // The same results as if stored by another irqstorm version, with a value changed so a mix-up shows.
    const [own] = storeModels(store);
    renameSync(join(store, own), join(store, '0.0.9-0ld0ld0'));
    for (const f of readdirSync(join(store, '0.0.9-0ld0ld0'))) {
      const path = join(store, '0.0.9-0ld0ld0', f);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/"handled_rate",[0-9.e+]+,/, '"handled_rate",-1,'));
    }
    const again = cli(['sweep', writePlan(dir, 'p', [2e5, 4e5, 6e5], 3), '--out', join(dir, 'out'), '--store', store, '--jobs', '2']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('0 stored and reused; 9 to run');
    expect(again.stderr).toContain('the store also holds 9 from 0.0.9-0ld0ld0 for runs of this plan; results of another model are not mixed in (--any-model to use them)');
    expect(sweepCsv(join(dir, 'out'), 'p')).toBe(extendedCsv);
    expect(sweepCsv(join(dir, 'out'), 'p')).not.toContain(',handled_rate,-1,');

    // Asked for, the other model's results are used (and they are the altered ones).
    rmSync(join(store, own), { recursive: true });
    const any = cli(['sweep', writePlan(dir, 'p', [2e5, 4e5, 6e5], 3), '--out', join(dir, 'any'), '--store', store, '--any-model', '--quiet']);
    expect(any.status, any.stderr).toBe(0);
    expect(sweepCsv(join(dir, 'any'), 'p')).toContain(',handled_rate,-1,');
  });

  it('fails only the run that fails, finishes the rest and exits 1', () => {
    const dir = tmp('fail');
    const base = join(dir, 'tail.yaml');
    // Items of a Pareto work of shape 0.001: the first draw is past the clock's 2^53 ns with
    // probability 1 − (1000 / 2^53)^0.001 ≈ 0.97 (often it overflows to Infinity), so the 5 ms
    // point stops mid-run; in 1 µs no item arrives and that point finishes.
    writeFileSync(
      base,
      'description: a tail past the clock\nduration: 5ms\nstatsInterval: 1us\npeers:\n  - { name: p, client: ring, ringSize: 4096, arrival: { type: poisson, rate: 800000 }, itemWork: { type: pareto, scale: 1000, shape: 0.001 } }\n',
    );
    const plan = join(dir, 'tail-plan.yaml');
    writeFileSync(plan, `description: one point fails\nworkload: tail.yaml\naxes:\n  duration: [1us, 5ms]\nseeds: 1\n`);
    const r = cli(['sweep', plan, '--out', join(dir, 'out'), '--store', join(dir, 'store'), '--jobs', '2']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /irqstorm: run failed: point 1 \(duration=5ms\) seed 1: event time (is .* past the clock's limit|must be a finite number of ns, got Infinity)/,
    );
    expect(r.stderr).toContain('1 of 2 runs failed');
    expect(existsSync(join(dir, 'out', 'tail-plan', 'sweep.csv'))).toBe(false);
    const [model] = storeModels(join(dir, 'store'));
    expect(readdirSync(join(dir, 'store', model))).toHaveLength(1); // the point that finished
  });
});

describe('bad input', () => {
  function refused(planText: string, extra: string[] = []): Result {
    const dir = tmp('bad');
    const plan = join(dir, 'plan.yaml');
    writeFileSync(plan, `description: d\nworkload: ${MM1}\n${planText}`);
    const r = cli(['sweep', plan, '--out', join(dir, 'out'), '--store', join(dir, 'store'), ...extra]);
    expect(r.status).toBe(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(existsSync(join(dir, 'store'))).toBe(false);
    return r;
  }

  it('refuses an unknown axis path, naming the plan and the field', () => {
    const r = refused("axes:\n  'peers[0].arival.rate': [1e5]\n");
    expect(r.stderr).toContain('plan.yaml: axes["peers[0].arival.rate"]: not a field of');
    expect(r.stderr).toContain('peers[0].arival: unknown key; did you mean "arrival"?');
  });

  it('refuses values the schema rejects, per point with its axis values, before anything runs', () => {
    const r = refused("axes:\n  'peers[0].arrival.rate': [1e5, -1]\n  machine.cpus: [1, 2000]\n");
    expect(r.stderr).toContain('some points are not valid workloads; nothing was run:');
    expect(r.stderr).toContain('point 1 (peers[0].arrival.rate=100000, machine.cpus=2000): ');
    expect(r.stderr).toContain('machine.cpus: must be at most 1024, got 2000 (value from axis machine.cpus)');
    expect(r.stderr).toContain('point 2 (peers[0].arrival.rate=-1, machine.cpus=1): ');
    expect(r.stderr).toContain('peers[0].arrival.rate: must be greater than 0, got -1 (value from axis peers[0].arrival.rate)');
  });

  it('refuses an empty product and a shard out of range', () => {
    expect(refused('axes:\n  machine.cpus: []\n').stderr).toContain('axes["machine.cpus"]: no values: the product of the axes would be empty');
    expect(refused('axes:\n  machine.cpus: [1]\n', ['--shard', '3/3']).stderr).toContain('--shard 3/3: shard index 3 is out of range for 3 shards (0…2)');
    const env = refusedEnv();
    expect(env.stderr).toContain('SLURM_ARRAY_TASK_ID=7: shard index 7 is out of range for 4 shards (0…3)');
  });

  function refusedEnv(): Result {
    const dir = tmp('badenv');
    const r = cli(['sweep', writePlan(dir, 'p', [1e5], 1), '--out', join(dir, 'out'), '--store', join(dir, 'store')], {
      SLURM_ARRAY_TASK_ID: '7',
      SLURM_ARRAY_TASK_MIN: '0',
      SLURM_ARRAY_TASK_COUNT: '4',
    });
    expect(r.status).toBe(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    return r;
  }
});

describe('shards and merge', () => {
  it('merges shards 0..N-1 (from --shard and from a Slurm array environment) into the unsharded sweep', () => {
    const dir = tmp('shards');
    const plan = writePlan(dir, 'sh', [2e5, 4e5, 6e5], 2);
    const whole = cli(['sweep', plan, '--out', join(dir, 'whole'), '--store', join(dir, 's-whole'), '--quiet']);
    expect(whole.status, whole.stderr).toBe(0);
    for (const k of [0, 1]) {
      const r = cli(['sweep', plan, '--shard', `${k}/3`, '--out', join(dir, 'shards'), '--store', join(dir, `s${k}`), '--quiet']);
      expect(r.status, r.stderr).toBe(0);
    }
    const slurm = cli(['sweep', plan, '--out', join(dir, 'shards'), '--store', join(dir, 's2')], { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '3' });
    expect(slurm.status, slurm.stderr).toBe(0);
    expect(slurm.stderr).toContain('(shard 2 of 3, from SLURM_ARRAY_TASK_ID: 2 of 6 runs)');
    const shardDirs = [0, 1, 2].map((k) => join(dir, 'shards', `sh-shard-${k}-of-3`));
    const merged = cli(['merge', ...shardDirs, '--out', join(dir, 'merged'), '--store', join(dir, 's-merged')]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(sweepCsv(join(dir, 'merged'), 'sh')).toBe(sweepCsv(join(dir, 'whole'), 'sh'));
    // The merged results land in the store: the same sweep there reruns nothing.
    const rerun = cli(['sweep', plan, '--out', join(dir, 'again'), '--store', join(dir, 's-merged')]);
    expect(rerun.stderr).toContain('6 stored and reused; nothing to run');
  });

  it('refuses missing or duplicate runs, shards of another plan or another model, writing nothing', () => {
    const dir = tmp('refuse');
    const plan = writePlan(dir, 'r', [2e5, 4e5], 2);
    const other = writePlan(dir, 'other', [3e5], 2);
    const store = join(dir, 'store');
    for (const k of [0, 1]) expect(cli(['sweep', plan, '--shard', `${k}/2`, '--out', join(dir, 'sh'), '--store', store, '--quiet']).status).toBe(0);
    expect(cli(['sweep', other, '--shard', '0/2', '--out', join(dir, 'sh'), '--store', store, '--quiet']).status).toBe(0);
    const s0 = join(dir, 'sh', 'r-shard-0-of-2');
    const s1 = join(dir, 'sh', 'r-shard-1-of-2');
    const merge = (dirs: string[]): Result => cli(['merge', ...dirs, '--out', join(dir, 'merged'), '--store', join(dir, 'ms')]);

    const missing = merge([s0]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('2 runs are in no shard (shard 1 of 2 not given):');
    expect(missing.stderr).toContain('  point 0 (peers[0].arrival.rate=200000) seed 2');
    expect(missing.stderr).toContain('  point 1 (peers[0].arrival.rate=400000) seed 2');

    const copy = join(dir, 'copy-of-0');
    cpSync(s0, copy, { recursive: true });
    const duplicate = merge([s0, s1, copy]);
    expect(duplicate.status).toBe(2);
    expect(duplicate.stderr).toContain(`2 runs are in more than one shard:\n  point 0 (peers[0].arrival.rate=200000) seed 1: in ${s0} and ${copy}`);

    const otherPlan = merge([s0, join(dir, 'sh', 'other-shard-0-of-2')]);
    expect(otherPlan.status).toBe(2);
    expect(otherPlan.stderr).toMatch(/other-shard-0-of-2 is a shard of another plan \(other, plan hash [0-9a-f]{16}\) than .*r-shard-0-of-2 \(r, plan hash [0-9a-f]{16}\)/);

    const manifest = join(s1, 'shard.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/"irqstorm": "[^"]*"/, '"irqstorm": "9.9.9"'));
    const otherModel = merge([s0, s1]);
    expect(otherModel.status).toBe(2);
    expect(otherModel.stderr).toContain(`${s1} was run by irqstorm 9.9.9`);
    expect(otherModel.stderr).toContain('results of two models are not merged');

    expect(merge([join(dir, 'nothing-here')]).stderr).toContain('not a shard folder (no shard.json)');
    expect(existsSync(join(dir, 'merged'))).toBe(false);
    expect(existsSync(join(dir, 'ms'))).toBe(false);
  });
});

describe('irqstorm compare', () => {
  it('prints mean ± 95 % CI per variant that a hand computation from compare.csv reproduces, with paired differences', () => {
    const dir = tmp('compare');
    const r = cli(['compare', MM1, '--vary', 'peers[0].arrival.rate=2e5,4e5', '--set', 'duration=2ms', '--set', 'warmup=0', '--seeds', '3', '--out', dir, '--store', join(dir, 'store'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { outDir: string; variants: string[]; rows: { name: string; estimates: { mean: number; halfWidth: number }[]; differences: ({ mean: number; p: number } | null)[] }[] };
    expect(out.variants).toEqual(['200000', '400000']);
    const csv = readFileSync(join(out.outDir, 'compare.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('variant,seed,scope,id,metric,value,unit');
    const values = (variant: string): number[] =>
      csv.filter((l) => l.startsWith(`${variant},`) && l.includes(',run,,handled_rate,')).map((l) => Number(l.split(',')[5]));
    const t975 = 4.302652729911275; // Student t, 2 degrees of freedom, 97.5 %
    const row = out.rows.find((x) => x.name === 'run/handled_rate');
    for (const [i, variant] of out.variants.entries()) {
      const xs = values(variant);
      expect(xs).toHaveLength(3);
      const mean = (xs[0] + xs[1] + xs[2]) / 3;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
      expect(row?.estimates[i].mean).toBeCloseTo(mean, 6);
      // Relative: the t quantile comes from bisection (1e-12 relative), the interval is ~2e4 Hz wide.
      expect(Math.abs((row?.estimates[i].halfWidth ?? 0) / ((t975 * sd) / Math.sqrt(3)) - 1)).toBeLessThan(1e-9);
    }
    const a = values('200000');
    const b = values('400000');
    expect(row?.differences[1]?.mean).toBeCloseTo((b[0] - a[0] + (b[1] - a[1]) + (b[2] - a[2])) / 3, 6);
    for (const f of ['compare.html', 'compare.json']) expect(existsSync(join(out.outDir, f))).toBe(true);
  });

  it('notes variants that are byte-identical, and refuses --vary without two values', () => {
    const dir = tmp('same');
    const r = cli(['compare', MM1, '--vary', 'machine.hz=250,1000', '--set', 'duration=1ms', '--set', 'warmup=0', '--seeds', '2', '--out', dir, '--store', join(dir, 'store')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('note: 1000 gave byte-identical results to 250 on every seed: the change has no effect on this workload.');
    expect(r.stdout).toContain('paired t-test on the per-seed differences');
    const bad = cli(['compare', MM1, '--vary', 'machine.hz=250', '--out', dir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--vary machine.hz=250: give at least two values to compare (FIELD=A,B)');
  });
});

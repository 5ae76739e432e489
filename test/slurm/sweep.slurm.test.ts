// A sweep submitted to a real Slurm as an sbatch array job (examples/slurm/sweep.sbatch), each
// task running its shard from SLURM_ARRAY_TASK_ID/COUNT; the shards merged must equal the same
// sweep run here in one piece. Needs a running cluster: npm run test:slurm starts one.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/irqstorm.js');

describe('irqstorm sweep on Slurm', () => {
  it('runs as an sbatch array job whose merged shards equal the local sweep', () => {
    if (process.env.SLURM_CONF === undefined) throw new Error('SLURM_CONF is not set: run this suite with npm run test:slurm (it starts a local cluster)');
    // The cluster answers and has a node taking jobs.
    expect(execFileSync('sinfo', ['-h', '-o', '%a %D'], { encoding: 'utf8' }).trim()).toMatch(/^up [1-9]/m);
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-slurm-'));
    const plan = join(dir, 'slurm-plan.yaml');
    writeFileSync(
      plan,
      `description: an array job test\nworkload: ${join(ROOT, 'workloads/mm1.yaml')}\nset: [duration=2ms, warmup=0]\naxes:\n  'peers[0].arrival.rate': [2e5, 4e5, 6e5]\n  machine.remapping: ['off', remapped]\nseeds: 2\nmetrics: [run/handled_rate, stage/end_to_end/p99_ns]\n`,
    );
    const out = join(dir, 'shards');
    const sub = spawnSync(
      'sbatch',
      ['--array=0-3', '--wait', '--chdir', ROOT, '--output', join(dir, 'task-%a.out'), join(ROOT, 'examples/slurm/sweep.sbatch'), plan, '--store', join(dir, 'store'), '--quiet'],
      { encoding: 'utf8', env: { ...process.env, IRQSTORM_OUT: out, IRQSTORM_BIN: `${process.execPath} ${BIN}` }, timeout: 540_000 },
    );
    const logs = readdirSync(dir).filter((f) => f.startsWith('task-')).map((f) => `${f}:\n${readFileSync(join(dir, f), 'utf8')}`).join('\n');
    expect(sub.status, `${sub.stderr}\n${logs}`).toBe(0);
    const shards = readdirSync(out).sort();
    expect(shards).toEqual([0, 1, 2, 3].map((k) => `slurm-plan-shard-${k}-of-4`));
    const merged = spawnSync(process.execPath, [BIN, 'merge', ...shards.map((s) => join(out, s)), '--out', join(dir, 'merged'), '--store', join(dir, 'merged-store')], { encoding: 'utf8' });
    expect(merged.status, merged.stderr).toBe(0);
    const local = spawnSync(process.execPath, [BIN, 'sweep', plan, '--out', join(dir, 'local'), '--store', join(dir, 'local-store'), '--quiet'], { encoding: 'utf8' });
    expect(local.status, local.stderr).toBe(0);
    const csv = readFileSync(join(dir, 'local', 'slurm-plan', 'sweep.csv'), 'utf8');
    expect(csv.trimEnd().split('\n')).toHaveLength(1 + 6 * 2 * 2);
    expect(readFileSync(join(dir, 'merged', 'slurm-plan', 'sweep.csv'), 'utf8')).toBe(csv);
  });
});

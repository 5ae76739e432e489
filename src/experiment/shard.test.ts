import { describe, expect, it } from 'vitest';
import { resolveSeeds, parseSeedsOption } from './seeds.js';
import { inShard, parseShard, shardFromEnv } from './shard.js';

describe('shards', () => {
  it('parses K/N and refuses an index out of range', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4, source: '--shard' });
    expect(() => parseShard('4/4')).toThrow('--shard 4/4: shard index 4 is out of range for 4 shards (0…3)');
    expect(() => parseShard('1/0')).toThrow('--shard 1/0: the shard count must be a whole number >= 1, got 0');
    expect(() => parseShard('one of four')).toThrow('--shard: expected K/N (shard K of N, counted from 0), got "one of four"');
  });

  it('reads the array job of Slurm (from its first task id, by its step), Kubernetes and AWS Batch', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0' })).toMatchObject({ index: 3, count: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })).toMatchObject({ index: 3, count: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '8', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '4' })).toMatchObject({ index: 2, count: 3 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '1' }, 3)).toMatchObject({ index: 1, count: 3, source: 'JOB_COMPLETION_INDEX' });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '1', IRQSTORM_SHARD_COUNT: '2' })).toMatchObject({ index: 1, count: 2 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '1' })).toThrow(/--shard-count N or set IRQSTORM_SHARD_COUNT/);
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '0', AWS_BATCH_JOB_ARRAY_SIZE: '5' })).toMatchObject({ index: 0, count: 5 });
    expect(() => shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '5', AWS_BATCH_JOB_ARRAY_SIZE: '5' })).toThrow('shard index 5 is out of range for 5 shards');
    expect(shardFromEnv({ PATH: '/bin' })).toBeNull();
  });

  it('assigns every run to exactly one shard, round robin', () => {
    const owners = Array.from({ length: 10 }, (_, u) => [0, 1, 2].filter((k) => inShard(u, { index: k, count: 3, source: '' })));
    expect(owners.map((o) => o.length)).toEqual(new Array(10).fill(1));
    expect(owners.map((o) => o[0])).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
    expect(inShard(7, null)).toBe(true);
  });
});

describe('seeds', () => {
  it('counts from the base seed, moves with --seed, and takes lists as they are', () => {
    expect(resolveSeeds(3, 1)).toEqual([1, 2, 3]);
    expect(resolveSeeds(3, 1, { first: 10 })).toEqual([10, 11, 12]);
    expect(resolveSeeds([4, 9], 1)).toEqual([4, 9]);
    expect(resolveSeeds([4, 9], 1, { seeds: 3 })).toEqual([4, 5, 6]);
    expect(resolveSeeds(5, 1, { seeds: [7, 3] })).toEqual([7, 3]);
    expect(() => resolveSeeds(5, 1, { seeds: [7, 3], first: 2 })).toThrow(/give one/);
  });

  it('parses --seeds as a count or a list', () => {
    expect(parseSeedsOption('5')).toBe(5);
    expect(parseSeedsOption('1, 2,7')).toEqual([1, 2, 7]);
    expect(() => parseSeedsOption('0')).toThrow('--seeds: expected at least 1 seed, got 0');
    expect(() => parseSeedsOption('1,1')).toThrow(/distinct/);
    expect(() => parseSeedsOption('x')).toThrow(/expected a number of seeds/);
  });
});

/**
 * A sweep split over a batch engine's array job: shard K of N runs the runs (point × seed, in
 * plan order) whose index is K modulo N, a stable assignment that spreads every axis over the
 * shards. The shard comes from `--shard K/N` or, without it, from the array job's environment:
 * Slurm, Kubernetes Indexed Jobs, AWS Batch array jobs (a GitHub Actions matrix passes --shard).
 */

export interface Shard {
  readonly index: number;
  readonly count: number;
  /** Where it came from, for messages: "--shard", "SLURM_ARRAY_TASK_ID", … */
  readonly source: string;
}

function wholeNumber(text: string | undefined): number {
  if (text === undefined || !/^\s*[0-9]+\s*$/.test(text)) return NaN;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : NaN;
}

function checked(index: number, count: number, source: string, what: string): Shard {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${what}: the shard count must be a whole number >= 1, got ${count}`);
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`${what}: the shard index must be a whole number >= 0, got ${index}`);
  if (index >= count) throw new RangeError(`${what}: shard index ${index} is out of range for ${count} shards (0…${count - 1})`);
  return { index, count, source };
}

/** Parses `--shard K/N` (0 ≤ K < N). Throws RangeError. */
export function parseShard(text: string): Shard {
  const m = /^\s*([0-9]+)\s*\/\s*([0-9]+)\s*$/.exec(text);
  if (m === null) throw new RangeError(`--shard: expected K/N (shard K of N, counted from 0), got ${JSON.stringify(text)}`);
  return checked(wholeNumber(m[1]), wholeNumber(m[2]), '--shard', `--shard ${text}`);
}

/**
 * The shard an array job's environment names, or null outside one. `count` (--shard-count, or
 * IRQSTORM_SHARD_COUNT) gives N where the engine does not export it (Kubernetes). Throws
 * RangeError for an environment that names a shard badly.
 */
export function shardFromEnv(env: Readonly<Record<string, string | undefined>>, count?: number): Shard | null {
  const given = count ?? wholeNumber(env.IRQSTORM_SHARD_COUNT);
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    // --array=1-8 numbers tasks from 1, --array=0-15:4 steps by 4: count from the first, by the step.
    const id = wholeNumber(env.SLURM_ARRAY_TASK_ID);
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : wholeNumber(env.SLURM_ARRAY_TASK_MIN);
    const step = env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : wholeNumber(env.SLURM_ARRAY_TASK_STEP);
    const n = Number.isFinite(given) ? given : wholeNumber(env.SLURM_ARRAY_TASK_COUNT);
    return checked((id - min) / step, n, 'SLURM_ARRAY_TASK_ID', `SLURM_ARRAY_TASK_ID=${env.SLURM_ARRAY_TASK_ID}`);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (!Number.isFinite(given)) {
      throw new RangeError('JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but not the shard count: pass --shard-count N or set IRQSTORM_SHARD_COUNT to the Job\'s completions');
    }
    return checked(wholeNumber(env.JOB_COMPLETION_INDEX), given, 'JOB_COMPLETION_INDEX', `JOB_COMPLETION_INDEX=${env.JOB_COMPLETION_INDEX}`);
  }
  if (env.AWS_BATCH_JOB_ARRAY_INDEX !== undefined) {
    const n = Number.isFinite(given) ? given : wholeNumber(env.AWS_BATCH_JOB_ARRAY_SIZE);
    return checked(wholeNumber(env.AWS_BATCH_JOB_ARRAY_INDEX), n, 'AWS_BATCH_JOB_ARRAY_INDEX', `AWS_BATCH_JOB_ARRAY_INDEX=${env.AWS_BATCH_JOB_ARRAY_INDEX}`);
  }
  return null;
}

/** Does run `unit` (its index among the plan's point × seed runs) belong to the shard? */
export function inShard(unit: number, shard: Shard | null): boolean {
  return shard === null || unit % shard.count === shard.index;
}

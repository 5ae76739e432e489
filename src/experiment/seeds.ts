/**
 * The seeds every point runs with. A plan gives a count (from the base workload's seed on) or a
 * list; `--seeds N` or `--seeds a,b,c` replaces it and `--seed S` moves the first seed. Every
 * point shares the same seeds: the variants then see the same arrival draws (each queue's stream
 * is named after it), which is what makes a paired comparison across seeds fair.
 */

export interface SeedOptions {
  /** `--seed S`: the first seed. */
  readonly first?: number;
  /** `--seeds N` (a count) or `--seeds a,b,c` (the seeds). */
  readonly seeds?: number | readonly number[];
}

/** The seeds, in order. `planSeeds` is the plan's `seeds`, `baseSeed` the base workload's seed. */
export function resolveSeeds(planSeeds: number | readonly number[], baseSeed: number, options: SeedOptions = {}): number[] {
  const given = options.seeds;
  if (Array.isArray(given)) {
    if (options.first !== undefined) throw new RangeError('--seed and a list of --seeds both name seeds; give one');
    return [...given];
  }
  if (typeof given !== 'number' && typeof planSeeds !== 'number' && options.first === undefined) return [...planSeeds];
  const count = typeof given === 'number' ? given : typeof planSeeds === 'number' ? planSeeds : planSeeds.length;
  const first = options.first ?? (typeof planSeeds === 'number' ? baseSeed : planSeeds[0]);
  if (first + count - 1 > Number.MAX_SAFE_INTEGER) throw new RangeError(`seeds ${first}… (${count} of them) pass 2^53-1`);
  return Array.from({ length: count }, (_, i) => first + i);
}

/** Parses `--seeds`: a count ("5") or a comma-separated list ("1,2,7"). Throws RangeError. */
export function parseSeedsOption(text: string): number | number[] {
  const parts = text.split(',').map((s) => s.trim());
  const nums = parts.map((s) => (/^[0-9]+$/.test(s) ? Number(s) : NaN));
  if (nums.some((n) => !Number.isSafeInteger(n))) {
    throw new RangeError(`--seeds: expected a number of seeds (5) or a list of seeds (1,2,7), got ${JSON.stringify(text)}`);
  }
  if (parts.length === 1) {
    if (nums[0] < 1) throw new RangeError(`--seeds: expected at least 1 seed, got ${nums[0]}`);
    return nums[0];
  }
  if (new Set(nums).size !== nums.length) throw new RangeError(`--seeds: seeds must be distinct, got ${JSON.stringify(text)}`);
  return nums;
}

/**
 * What a bench file exports: named tasks that each run a fixed batch of operations per call,
 * so the timer's own cost (tinybench times every call) stays under 5 % of what is measured.
 * bench/index.ts runs every suite with tinybench and writes results/bench/<suite>.csv.
 */
export interface BenchTask {
  /** Unique within the suite, e.g. "ack chain, 3 levels". */
  readonly name: string;
  /** Operations one call of fn() performs; ns/op = time per call / opsPerCall. */
  readonly opsPerCall: number;
  /** Builds state outside the timed region. Called once before the task's warm-up. */
  readonly setup?: () => void;
  /** One timed call: runs opsPerCall operations. Must allocate nothing in steady state. */
  readonly fn: () => void;
}

export interface BenchSuite {
  /** File-safe name: results/bench/<name>.csv. */
  readonly name: string;
  readonly tasks: readonly BenchTask[];
}

/**
 * The worker-thread pool (piscina) that runs a sweep's points in parallel: `jobs` threads, at
 * most two tasks per thread handed over at a time (so a 100,000-point sweep does not queue
 * 100,000 configs), each task's outcome reported as it settles. A task that throws, or whose
 * worker dies, fails only itself: piscina replaces the worker and the rest go on.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

export type Settled<R> = { readonly index: number; readonly ok: true; readonly value: R } | { readonly index: number; readonly ok: false; readonly error: string };

export interface PoolOptions {
  /** The worker module (absolute path); its default export is called with each task. */
  readonly filename: string;
  /** Threads, ≥ 1. */
  readonly jobs: number;
}

/** Tasks handed to the pool per thread ahead of completion: enough to keep every thread busy. */
const AHEAD_PER_THREAD = 2;

function message(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Runs `count` tasks (`taskAt(i)` builds the i-th when it is handed over) on a pool of
 * `options.jobs` threads; `onSettled` hears each outcome as it happens, in completion order.
 * Resolves when every task has settled; never rejects for a task's failure.
 */
export async function runOnPool<T, R>(count: number, taskAt: (index: number) => T, options: PoolOptions, onSettled: (s: Settled<R>) => void): Promise<void> {
  if (count === 0) return;
  if (!(Number.isInteger(options.jobs) && options.jobs >= 1)) throw new RangeError(`jobs must be an integer >= 1, got ${options.jobs}`);
  const threads = Math.min(options.jobs, count);
  const pool = new Piscina<T, R>({ filename: options.filename, minThreads: threads, maxThreads: threads, idleTimeout: 1000, concurrentTasksPerWorker: 1 });
  let next = 0;
  try {
    await new Promise<void>((resolve) => {
      let settled = 0;
      const submit = (): void => {
        const index = next++;
        pool.run(taskAt(index)).then(
          (value) => done({ index, ok: true, value }),
          (err: unknown) => done({ index, ok: false, error: message(err) }),
        );
      };
      const done = (s: Settled<R>): void => {
        settled++;
        onSettled(s);
        if (next < count) submit();
        if (settled === count) resolve();
      };
      const ahead = Math.min(count, threads * AHEAD_PER_THREAD);
      for (let i = 0; i < ahead; i++) submit();
    });
  } finally {
    await pool.destroy();
  }
}

/**
 * The compiled point worker: beside this module when it runs from dist/, else (tests run the
 * TypeScript sources) the build's copy under dist/src/experiment/.
 */
export function pointWorkerFile(): string {
  const here = fileURLToPath(new URL('./point-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  return fileURLToPath(new URL('../../dist/src/experiment/point-worker.js', import.meta.url));
}

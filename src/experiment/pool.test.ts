import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOnPool, type Settled } from './pool.js';

const WORKER = fileURLToPath(new URL('../../test/fixtures/pool-worker.mjs', import.meta.url));

interface Out {
  id: number;
  double: number;
  threadId: number;
}

async function collect(modes: (string | undefined)[], jobs: number, delayMs = 0): Promise<Settled<Out>[]> {
  const seen: Settled<Out>[] = [];
  await runOnPool<{ id: number; mode?: string; delayMs: number }, Out>(modes.length, (id) => ({ id, mode: modes[id], delayMs }), { filename: WORKER, jobs }, (s) => seen.push(s));
  return seen;
}

describe('runOnPool', () => {
  it('runs every task once and reports each outcome', async () => {
    const seen = await collect(new Array(10).fill(undefined), 2);
    expect(seen.map((s) => s.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const s of seen) {
      expect(s.ok).toBe(true);
      if (s.ok) expect(s.value.double).toBe(2 * s.index);
    }
  });

  it('uses as many threads as jobs', async () => {
    const seen = await collect(new Array(8).fill(undefined), 2, 30);
    const threads = new Set(seen.map((s) => (s.ok ? s.value.threadId : -1)));
    expect(threads.size).toBe(2);
  });

  it('fails only the task that throws or whose worker dies, and finishes the rest', async () => {
    const modes = [undefined, 'throw', undefined, 'exit', undefined, undefined];
    const seen = await collect(modes, 2);
    expect(seen).toHaveLength(6);
    const byIndex = new Map(seen.map((s) => [s.index, s]));
    expect(byIndex.get(1)).toMatchObject({ ok: false });
    expect((byIndex.get(1) as { error: string }).error).toContain('task 1 threw on purpose');
    expect(byIndex.get(3)).toMatchObject({ ok: false });
    for (const i of [0, 2, 4, 5]) expect(byIndex.get(i)).toMatchObject({ ok: true, value: { double: 2 * i } });
  });

  it('refuses a job count that is not a whole number >= 1', async () => {
    await expect(collect([undefined], 0)).rejects.toThrow(/jobs must be an integer >= 1/);
  });
});

/**
 * The up-front memory estimate against the measured peak (issue 18, deliver 3): every library
 * workload, with and without --trace, runs (those longer than 200 ms cut to 50 ms, since memory
 * does not grow with length: the trace is streamed and every table is sized before the run) and its run.json
 * holds the estimate beside the process's peak RSS; each estimate must be within ±25 % of it.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startRun } from '../src/cli/testing/kill-run.js';

const ROOT = new URL('..', import.meta.url).pathname;
const library = readdirSync(join(ROOT, 'workloads')).filter((f) => f.endsWith('.yaml')).sort();

// The long ones (1-2 s: the storm and the textbook queues) cut to 50 ms, warm-up dropped.
function cut(file: string): string[] {
  const w = parse(readFileSync(join(ROOT, 'workloads', file), 'utf8')) as { duration: string };
  const ms = /^([0-9.]+)(ms|s)$/.exec(w.duration);
  const durMs = ms === null ? 0 : Number(ms[1]) * (ms[2] === 's' ? 1000 : 1);
  return durMs > 200 ? ['--set', 'duration=50ms', '--set', 'warmup=0', '--set', 'statsInterval=1ms'] : [];
}

describe('the memory estimate', () => {
  it('is within ±25 % of the measured peak for every library workload, with and without --trace', async () => {
    const jobs = library.flatMap((f) => [[f, false] as const, [f, true] as const]);
    const rows: string[] = [];
    const bad: string[] = [];
    // Two at a time: each run is its own process, so their peaks do not mix.
    for (let i = 0; i < jobs.length; i += 2) {
      await Promise.all(
        jobs.slice(i, i + 2).map(async ([file, trace]) => {
          const out = mkdtempSync(join(tmpdir(), 'irqstorm-mem-'));
          const r = await startRun(['run', join('workloads', file), ...cut(file), '--out', out, '--quiet', ...(trace ? ['--trace'] : [])]).done;
          expect(r.code, `${file}: ${r.stderr}`).toBe(0);
          const [dir] = readdirSync(out);
          const m = (JSON.parse(readFileSync(join(out, dir, 'run.json'), 'utf8')) as { memory: { estimatedPeakBytes: number; peakRssBytes: number } }).memory;
          const ratio = m.estimatedPeakBytes / m.peakRssBytes;
          const row = `${file}${trace ? ' --trace' : ''}: estimated ${(m.estimatedPeakBytes / 2 ** 20).toFixed(0)} MiB, peak ${(m.peakRssBytes / 2 ** 20).toFixed(0)} MiB (${ratio.toFixed(2)})`;
          rows.push(row);
          if (ratio < 0.75 || ratio > 1.25) bad.push(row);
        }),
      );
    }
    // The table the README quotes (npx vitest run test/estimate-memory.test.ts).
    console.log(rows.sort().join('\n'));
    expect(bad, rows.join('\n')).toEqual([]);
  }, 300_000);
});

// Tests for the bench's bare-queue yardstick (bench/bare-storm-queue.ts): its PRNG against the
// reference outputs of xoshiro128**, hand-computed counts and latencies for an unloaded and a
// saturated server (Lindley's recursion over the same draws), and the queue it reads off the
// default storm.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bareQueueOf, exponentialGapNs, runBareStormQueue, seedBareStreams, xoshiro128ss } from '../bench/bare-storm-queue.js';
import { COST_NAMES } from '../src/machine/costs.js';
import { loadWorkload } from '../src/workload/load.js';
import { toMachineConfig } from '../src/workload/to-machine-config.js';

// The arrival times source `s` of the bare queue draws (the same stream and rounding).
function arrivals(seed: number, sources: number, s: number, rateHz: number, untilNs: number): number[] {
  const state = seedBareStreams(seed, sources);
  const out: number[] = [];
  for (let t = 0; ; ) {
    t += exponentialGapNs(1e9 / rateHz, xoshiro128ss(state, 4 * s));
    if (Math.round(t) > untilNs) return out;
    out.push(Math.round(t));
  }
}

const nearestRank = (sorted: number[], p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];

describe('xoshiro128ss', () => {
  it('gives the reference generator\'s outputs from state {1, 2, 3, 4}: 11520, 0, 5927040', () => {
    // Worked by hand from Blackman and Vigna's xoshiro128starstar.c: rotl(s1 * 5, 7) * 9, then the shifts.
    const s = new Uint32Array([1, 2, 3, 4]);
    expect([xoshiro128ss(s, 0), xoshiro128ss(s, 0), xoshiro128ss(s, 0)]).toEqual([11520, 0, 5927040]);
  });

  it('draws gaps with the exponential mean (1e5 draws within 1 %)', () => {
    const s = seedBareStreams(5, 1);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += exponentialGapNs(1000, xoshiro128ss(s, 0));
    expect(sum / 100_000).toBeGreaterThan(990);
    expect(sum / 100_000).toBeLessThan(1010);
  });
});

describe('runBareStormQueue', () => {
  it('with zero service does every item that arrives within the duration, each at latency 0', () => {
    const q = { sources: 3, cpus: 2, rateHzPerSource: 1e6, serviceNs: 0, durationNs: 200_000 };
    let expected = 0;
    for (let s = 0; s < 3; s++) expected += arrivals(7, 3, s, 1e6, 200_000).length;
    expect(expected).toBeGreaterThan(500);
    expect(runBareStormQueue(q, 7)).toEqual({ items: expected, p50Ns: 0, p99Ns: 0, maxNs: 0 });
  });

  it('one source into one CPU: the items and latencies of Lindley\'s recursion over the same arrivals', () => {
    // 1 M/s into one CPU at 700 ns an item (load 0.7): done_k = max(arrival_k, done_{k-1}) + S.
    const q = { sources: 1, cpus: 1, rateHzPerSource: 1e6, serviceNs: 700, durationNs: 300_000 };
    const lat: number[] = [];
    let prevDone = 0;
    for (const a of arrivals(11, 1, 0, 1e6, 300_000)) {
      const done = Math.max(a, prevDone) + 700;
      if (done > 300_000) break;
      lat.push(done - a);
      prevDone = done;
    }
    lat.sort((x, y) => x - y);
    expect(lat.length).toBeGreaterThan(200);
    expect(lat[lat.length - 1]).toBeGreaterThan(700); // some items waited
    expect(runBareStormQueue(q, 11)).toEqual({
      items: lat.length,
      p50Ns: nearestRank(lat, 0.5),
      p99Ns: nearestRank(lat, 0.99),
      maxNs: lat[lat.length - 1],
    });
  });

  it('keeps a saturated server busy from the first arrival on: floor((D - t0) / S) items', () => {
    // 1 M/s into one CPU that needs 10 µs an item: the backlog never empties (and the FIFO ring grows).
    const q = { sources: 1, cpus: 1, rateHzPerSource: 1e6, serviceNs: 10_000, durationNs: 1_000_000 };
    const t0 = arrivals(3, 1, 0, 1e6, 1_000_000)[0];
    expect(runBareStormQueue(q, 3).items).toBe(Math.floor((1_000_000 - t0) / 10_000));
  });
});

describe('bareQueueOf', () => {
  it('reads the default storm: 16 Poisson sources at 200 k/s into 4 CPUs, 200 ns an item', () => {
    const path = 'workloads/default-storm.yaml';
    const cfg = toMachineConfig(loadWorkload(readFileSync(path, 'utf8'), path, ['duration=20ms'], { costNames: COST_NAMES }));
    expect(bareQueueOf(cfg)).toEqual({ sources: 16, cpus: 4, rateHzPerSource: 200_000, serviceNs: 200, durationNs: 20_000_000 });
  });

  it('refuses a workload whose peers are not all Poisson at one rate', () => {
    const path = 'workloads/doorbell-vs-msi.yaml';
    const cfg = toMachineConfig(loadWorkload(readFileSync(path, 'utf8'), path, [], { costNames: COST_NAMES }));
    expect(() => bareQueueOf(cfg)).toThrow(/every peer Poisson at one rate/);
  });
});

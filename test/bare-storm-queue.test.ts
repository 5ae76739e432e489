// Tests for the bench's bare-queue yardstick (bench/bare-storm-queue.ts): hand-computed counts
// for an unloaded and a saturated server, and the queue it reads off the default storm.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bareQueueOf, runBareStormQueue } from '../bench/bare-storm-queue.js';
import { RandomStream } from '../src/engine/rng.js';
import { COST_NAMES } from '../src/machine/costs.js';
import { loadWorkload } from '../src/workload/load.js';
import { toMachineConfig } from '../src/workload/to-machine-config.js';

// The arrival times source `s` of the bare queue draws (the same stream and rounding).
function arrivals(seed: number, s: number, rateHz: number, untilNs: number): number[] {
  const rng = new RandomStream(seed, `bare/${s}`);
  const out: number[] = [];
  for (let t = 0; ; ) {
    t -= (1e9 / rateHz) * Math.log(rng.nextFloatOpen());
    if (Math.round(t) > untilNs) return out;
    out.push(Math.round(t));
  }
}

describe('runBareStormQueue', () => {
  it('with zero service does every item that arrives within the duration', () => {
    const q = { sources: 3, cpus: 2, rateHzPerSource: 1e6, serviceNs: 0, durationNs: 200_000 };
    let expected = 0;
    for (let s = 0; s < 3; s++) expected += arrivals(7, s, 1e6, 200_000).length;
    expect(expected).toBeGreaterThan(500);
    expect(runBareStormQueue(q, 7)).toBe(expected);
  });

  it('keeps a saturated server busy from the first arrival on: floor((D - t0) / S) items', () => {
    // 1 M/s into one CPU that needs 10 µs an item: the backlog never empties.
    const q = { sources: 1, cpus: 1, rateHzPerSource: 1e6, serviceNs: 10_000, durationNs: 1_000_000 };
    const t0 = arrivals(3, 0, 1e6, 1_000_000)[0];
    expect(runBareStormQueue(q, 3)).toBe(Math.floor((1_000_000 - t0) / 10_000));
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

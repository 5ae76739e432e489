/**
 * Tests for trace replay (trace-replay.ts): exact replay from the start time, exhaustion, and
 * looping with the cycle span·n/(n−1) computed without drift.
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../engine/rng.js';
import { createTraceReplayProcess } from './trace-replay.js';

const rng = new RandomStream(1, 'trace');

function take(p: { nextArrivalNs(): number }, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(p.nextArrivalNs());
  return out;
}

describe('TraceReplayProcess', () => {
  it('replays the recorded times after the start, then is exhausted for good', () => {
    const p = createTraceReplayProcess({ type: 'trace', timestamps: [0, 10, 10, 25] }, rng, 'a', 100);
    expect(take(p, 6)).toEqual([100, 110, 110, 125, Infinity, Infinity]);
    // 4 arrivals over [0, 25 ns]: 4/25 per ns = 1.6e8 Hz.
    expect(p.meanRateHz).toBeCloseTo(1.6e8, 0);
  });

  it('replays a Float64Array without copying it', () => {
    const ts = Float64Array.from([5, 7]);
    const p = createTraceReplayProcess({ type: 'trace', timestamps: ts }, rng, 'a', 0);
    expect(p.timestampsNs).toBe(ts);
    expect(take(p, 3)).toEqual([5, 7, Infinity]);
  });

  it('loops with a cycle of its span plus one mean gap', () => {
    // [0, 10, 20]: span 20, n = 3, cycle 20·3/2 = 30.
    const p = createTraceReplayProcess({ type: 'trace', timestamps: [0, 10, 20], loop: true }, rng, 'a', 0);
    expect(take(p, 7)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(p.meanRateHz).toBeCloseTo(1e8, 0); // 3 per 30 ns
    // [5, 10, 20]: span 15, cycle 22.5: lap 1 at 27.5, 32.5, 42.5 (→ 28, 33, 43), lap 2 at 50, 55, 65.
    const q = createTraceReplayProcess({ type: 'trace', timestamps: [5, 10, 20], loop: true }, rng, 'a', 0);
    expect(take(q, 9)).toEqual([5, 10, 20, 28, 33, 43, 50, 55, 65]);
  });

  it('does not drift over many laps', () => {
    // Lap k starts at 5 + 22.5k: after 1e6 laps (3e6 arrivals) the next is at 5 + 22_500_000.
    const p = createTraceReplayProcess({ type: 'trace', timestamps: [5, 10, 20], loop: true }, rng, 'a', 0);
    for (let i = 0; i < 3_000_000; i++) p.nextArrivalNs();
    expect(p.nextArrivalNs()).toBe(22_500_005);
  });
});

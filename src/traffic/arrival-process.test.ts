/**
 * Tests for the arrival-process factory (arrival-process.ts): every validation error names its
 * field and says what was expected and what was got; the same seed and stream name give the
 * same times; and, for every type, times are whole ns, non-decreasing, never before the start,
 * and Infinity for good once exhausted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../engine/distributions.js';
import { RandomStream, RngFactory } from '../engine/rng.js';
import { TimeError } from '../engine/time.js';
import { createArrivalProcess, validateArrivalSpec } from './arrival-process.js';
import type { ArrivalSpec } from './arrival-spec.js';

const P = 'peers[0].arrival';
const TYPES = 'poisson, periodic, onoff, mmpp, ramp, trace';
const STATES2 = [
  { rate: 1e5, meanSojourn: '10us' },
  { rate: 1e6, meanSojourn: '10us' },
];

describe('createArrivalProcess validation', () => {
  it.each<[string, unknown, string]>([
    ['a non-object', null, `${P}: expected an object such as { type: "poisson", rate: 100000 }, got null`],
    ['a list', [1], `${P}: expected an object such as { type: "poisson", rate: 100000 }, got [1]`],
    ['no type', { rate: 5 }, `${P}.type: is required; expected one of ${TYPES}`],
    ['an unknown type', { type: 'burst' }, `${P}.type: unknown arrival type "burst"; expected one of ${TYPES}`],
    ['a misspelt field', { type: 'poisson', rat: 5 }, `${P}.rat: unknown field; expected one of type, rate`],
    ['a missing rate', { type: 'poisson' }, `${P}.rate: is required (a rate in Hz)`],
    ['a negative rate', { type: 'poisson', rate: -5 }, `${P}.rate: must be greater than 0, got -5`],
    ['a zero rate', { type: 'poisson', rate: 0 }, `${P}.rate: must be greater than 0, got 0`],
    ['a string rate', { type: 'poisson', rate: 'fast' }, `${P}.rate: expected a rate in Hz (a finite number), got "fast"`],
    ['an infinite rate', { type: 'poisson', rate: Infinity }, `${P}.rate: expected a rate in Hz (a finite number), got Infinity`],
    ['a rate over 1 GHz', { type: 'poisson', rate: 2e9 }, `${P}.rate: must be at most 1000000000 Hz (one arrival per ns, the clock's resolution), got 2000000000`],
    ['both rate and period', { type: 'periodic', rate: 5, period: 10 }, `${P}: give either rate (Hz) or period, not both`],
    ['neither rate nor period', { type: 'periodic' }, `${P}: needs a rate (Hz) or a period (a duration such as "10us")`],
    ['a zero period', { type: 'periodic', period: '0us' }, `${P}.period: must be longer than 0 ns, got "0us"`],
    [
      'an unreadable period',
      { type: 'periodic', period: 'soon' },
      `${P}.period: cannot read "soon" as a duration; expected a number with an optional unit ns, us, ms or s (e.g. "250ns", "1.5us", "10ms", "2s")`,
    ],
    ['a fractional period', { type: 'periodic', period: 1.5 }, `${P}.period: must be a whole number of ns, got 1.5`],
    ['a period of the wrong kind', { type: 'periodic', period: true }, `${P}.period: expected a duration (such as "10us", or a whole number of ns), got true`],
    ['a bad jitter distribution', { type: 'periodic', rate: 5, jitter: { type: 'uniform', min: 5, max: 1 } }, `${P}.jitter.max: must be at least min (5), got 1`],
    ['a misspelt jitter', { type: 'periodic', rate: 5, jiter: '1us' }, `${P}.jiter: unknown field; expected one of type, rate, period, jitter`],
    ['a missing on', { type: 'onoff', off: 1, rate: 5 }, `${P}.on: is required (a duration such as "10us", or a distribution of ns)`],
    ['a zero on', { type: 'onoff', on: 0, off: 1, rate: 5 }, `${P}.on: mean on-period must be finite and greater than 0 ns, got 0`],
    [
      'an infinite-mean off',
      { type: 'onoff', on: 1, off: { type: 'pareto', scale: 1000, shape: 1 }, rate: 5 },
      `${P}.off: mean off-period must be finite and at least 0 ns, got Infinity`,
    ],
    ['a negative-mean off', { type: 'onoff', on: 1, off: { type: 'normal', mean: -5, stddev: 1 }, rate: 5 }, `${P}.off: mean off-period must be finite and at least 0 ns, got -5`],
    ['a bad within', { type: 'onoff', on: 1, off: 1, rate: 5, within: 'bursty' }, `${P}.within: expected one of poisson, periodic, got "bursty"`],
    ['one mmpp state', { type: 'mmpp', states: [STATES2[0]] }, `${P}.states: expected a list of at least 2 states ({ rate, meanSojourn }), got 1`],
    ['mmpp states not a list', { type: 'mmpp', states: 'two' }, `${P}.states: expected a list of at least 2 states ({ rate, meanSojourn }), got "two"`],
    ['a state not an object', { type: 'mmpp', states: [STATES2[0], 7] }, `${P}.states[1]: expected an object such as { rate: 100000, meanSojourn: "1ms" }, got 7`],
    ['a negative state rate', { type: 'mmpp', states: [STATES2[0], { rate: -1, meanSojourn: 5 }] }, `${P}.states[1].rate: must be at least 0, got -1`],
    ['a missing sojourn', { type: 'mmpp', states: [STATES2[0], { rate: 1 }] }, `${P}.states[1].meanSojourn: is required (a duration such as "10us", or ns)`],
    ['a zero sojourn', { type: 'mmpp', states: [STATES2[0], { rate: 1, meanSojourn: 0 }] }, `${P}.states[1].meanSojourn: must be longer than 0 ns, got 0`],
    [
      'all states silent',
      { type: 'mmpp', states: [{ rate: 0, meanSojourn: 1 }, { rate: 0, meanSojourn: 1 }] },
      `${P}.states: every state has rate 0; at least one must be greater than 0`,
    ],
    ['a short matrix', { type: 'mmpp', states: STATES2, transitions: [[0, 1]] }, `${P}.transitions: expected 2 rows (one per state) of 2 probabilities, got [[0,1]]`],
    ['a short row', { type: 'mmpp', states: STATES2, transitions: [[0, 1], [1]] }, `${P}.transitions[1]: expected 2 probabilities (one per state), got [1]`],
    ['a negative entry', { type: 'mmpp', states: STATES2, transitions: [[0, 1], [1.5, -0.5]] }, `${P}.transitions[1][0]: expected a probability in [0, 1], got 1.5`],
    ['a row not summing to 1', { type: 'mmpp', states: STATES2, transitions: [[0.5, 0.4], [1, 0]] }, `${P}.transitions[0]: probabilities must sum to 1 (leaving state 0 goes somewhere), got 0.9`],
    [
      'a reducible chain',
      { type: 'mmpp', states: STATES2, transitions: [[0, 1], [0, 1]] },
      `${P}.transitions: state 1 can never reach state 0; every state must be reachable from every other (an irreducible chain)`,
    ],
    ['a ramp from 0 to 0', { type: 'ramp', from: 0, to: 0, over: '1ms' }, `${P}: a ramp from 0 Hz to 0 Hz never fires; at least one of from and to must be greater than 0`],
    ['a negative ramp end', { type: 'ramp', from: -1, to: 5, over: '1ms' }, `${P}.from: must be at least 0, got -1`],
    ['a zero-length ramp', { type: 'ramp', from: 1, to: 5, over: 0 }, `${P}.over: must be longer than 0 ns, got 0`],
    ['a bad ramp ending', { type: 'ramp', from: 1, to: 5, over: 10, then: 'loop' }, `${P}.then: expected one of hold, stop, got "loop"`],
    ['no timestamps', { type: 'trace' }, `${P}.timestamps: expected a list of times in ns (read from the trace file), got nothing`],
    ['empty timestamps', { type: 'trace', timestamps: [] }, `${P}.timestamps: expected at least one timestamp, got an empty list`],
    ['decreasing timestamps', { type: 'trace', timestamps: [5, 9, 7] }, `${P}.timestamps[2]: timestamps must not decrease: got 7 ns after 9 ns`],
    ['a fractional timestamp', { type: 'trace', timestamps: [5, 9.5] }, `${P}.timestamps[1]: expected a whole number of ns in [0, 2^53-1], got 9.5`],
    ['a negative timestamp', { type: 'trace', timestamps: [-1] }, `${P}.timestamps[0]: expected a whole number of ns in [0, 2^53-1], got -1`],
    ['a bad loop flag', { type: 'trace', timestamps: [1, 2], loop: 'yes' }, `${P}.loop: expected true or false, got "yes"`],
    ['a looped instant', { type: 'trace', timestamps: [4, 4], loop: true }, `${P}.loop: a looped trace must span some time, but all 2 timestamps are 4 ns`],
  ])('rejects %s', (_what, spec, message) => {
    const build = () => createArrivalProcess(spec as ArrivalSpec, new RandomStream(1, 'v'), P);
    expect(build).toThrow(ParameterError);
    expect(build).toThrow(message);
    try {
      build();
    } catch (err) {
      // The message is exactly path + ": " + reason, and path is the field it starts with.
      expect((err as Error).message).toBe(message);
      expect(message.startsWith(`${(err as ParameterError).path}: `)).toBe(true);
    }
  });

  it('rejects a start time that is not a whole ns', () => {
    expect(() => createArrivalProcess({ type: 'poisson', rate: 1 }, new RandomStream(1, 'v'), P, { startNs: -1 })).toThrow(TimeError);
    expect(() => createArrivalProcess({ type: 'poisson', rate: 1 }, new RandomStream(1, 'v'), P, { startNs: 0.5 })).toThrow(
      'startNs must be a whole number of ns, got 0.5',
    );
  });

  it('validates without a run: validateArrivalSpec returns a good spec and throws on a bad one', () => {
    const good = { type: 'ramp', from: 0, to: 5, over: '1s' };
    expect(validateArrivalSpec(good, P)).toBe(good);
    expect(() => validateArrivalSpec({ type: 'ramp', from: 0, to: 5 }, P)).toThrow(`${P}.over: is required`);
  });
});

// One valid spec of every type, for the properties below.
const SPECS: readonly ArrivalSpec[] = [
  { type: 'poisson', rate: 2e6 },
  { type: 'periodic', rate: 3e6, jitter: { type: 'normal', mean: 0, stddev: 400 } },
  { type: 'onoff', on: { type: 'exponential', mean: 5_000 }, off: '3us', rate: 5e6 },
  { type: 'onoff', on: { type: 'uniform', min: 0, max: 3_000 }, off: 0, rate: 1e6, within: 'periodic' },
  { type: 'mmpp', states: [{ rate: 0, meanSojourn: '2us' }, { rate: 5e6, meanSojourn: 700 }, { rate: 1e5, meanSojourn: '1us' }] },
  { type: 'ramp', from: 5e6, to: 0, over: '20us', then: 'stop' },
  { type: 'ramp', from: 0, to: 2e6, over: '20us' },
  { type: 'trace', timestamps: [0, 3, 3, 1_000, 1_001], loop: true },
  { type: 'trace', timestamps: [7, 7, 9] },
];

describe('arrival processes, every type', () => {
  it.each(SPECS.map((s) => [s.type, s] as const))('%s: same seed and name give the same times, another name others', (_t, spec) => {
    const run = (seed: number, name: string) => {
      const p = createArrivalProcess(spec, new RngFactory(seed).stream(name), P, { startNs: 1_000 });
      const out: number[] = [];
      for (let i = 0; i < 200; i++) out.push(p.nextArrivalNs());
      return out;
    };
    expect(run(42, 'peer3/q0')).toEqual(run(42, 'peer3/q0'));
    if (spec.type !== 'trace') {
      expect(run(42, 'peer3/q0')).not.toEqual(run(42, 'peer3/q1'));
      expect(run(42, 'peer3/q0')).not.toEqual(run(43, 'peer3/q0'));
    }
  });

  it('gives whole, non-decreasing ns from the start time, and Infinity for good once exhausted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SPECS),
        fc.nat({ max: 1e12 }),
        fc.nat(),
        (spec, startNs, seed) => {
          const p = createArrivalProcess(spec, new RandomStream(seed, 'prop'), P, { startNs });
          let last = startNs;
          for (let i = 0; i < 300; i++) {
            const t = p.nextArrivalNs();
            if (t === Infinity) {
              last = t;
              continue;
            }
            if (!Number.isInteger(t) || t < last) return false; // also fails a finite time after Infinity
            last = t;
          }
          return Number.isFinite(p.meanRateHz) && p.meanRateHz > 0;
        },
      ),
      { numRuns: 300 },
    );
  });
});

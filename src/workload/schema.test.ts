import { describe, expect, test } from 'vitest';
import { validateArrivalSpec } from '../traffic/arrival-process.js';
import type { ArrivalSpec } from '../traffic/arrival-spec.js';
import type { ArrivalConfig } from './arrival-schema.js';
import { WorkloadError } from './errors.js';
import { validateWorkload } from './load.js';
import { WORKLOAD_KEYS } from './schema.js';
import { parseSizeBytes } from './size.js';

const workload = (peer: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
  description: 'schema test',
  duration: '1s',
  peers: [{ name: 'p', ...peer }],
  ...top,
});

function arrivalOf(arrival: unknown): ArrivalConfig {
  const a = validateWorkload(workload({ arrival }), 'w.json').peers[0].arrival;
  if (a === null) throw new Error('a raw peer always has an arrival');
  return a;
}

function lines(input: unknown): string[] {
  try {
    validateWorkload(input, 'w.json');
  } catch (err) {
    if (err instanceof WorkloadError) return err.format().split('\n');
    throw err;
  }
  throw new Error('expected a WorkloadError');
}

describe('arrivals', () => {
  test('each type normalises durations to ns and costs to distributions, and fills defaults', () => {
    expect(arrivalOf({ type: 'periodic', period: '2us', jitter: '100ns' })).toEqual({
      type: 'periodic',
      period: 2000,
      jitter: { type: 'deterministic', value: 100 },
    });
    expect(arrivalOf({ type: 'ramp', from: 0, to: 1e6, over: '10ms' })).toEqual({ type: 'ramp', from: 0, to: 1e6, over: 10_000_000, then: 'hold' });
    expect(arrivalOf({ type: 'trace', file: 'arrivals.csv' })).toEqual({ type: 'trace', file: 'arrivals.csv', loop: false });
    expect(
      arrivalOf({
        type: 'mmpp',
        states: [
          { rate: 1e5, meanSojourn: '1ms' },
          { rate: 0, meanSojourn: 500 },
        ],
        transitions: [
          [0, 1],
          [1, 0],
        ],
      }),
    ).toEqual({
      type: 'mmpp',
      states: [
        { rate: 1e5, meanSojourn: 1_000_000 },
        { rate: 0, meanSojourn: 500 },
      ],
      transitions: [
        [0, 1],
        [1, 0],
      ],
    });
  });

  test('the traffic layer accepts every non-trace arrival the schema produces', () => {
    const specs: unknown[] = [
      { type: 'poisson', rate: 5 },
      { type: 'periodic', rate: 1000, jitter: { type: 'normal', mean: 0, stddev: '50ns' } },
      { type: 'onoff', on: '1ms', off: { type: 'exponential', mean: '3ms' }, rate: 1e5, within: 'periodic' },
      { type: 'mmpp', states: [{ rate: 1, meanSojourn: 1 }, { rate: 2, meanSojourn: '1us' }] },
      { type: 'ramp', from: 10, to: 0, over: 1000, then: 'stop' },
    ];
    for (const spec of specs) {
      const config = arrivalOf(spec);
      // The config is deeply readonly; the traffic spec's arrays are not (a type-only difference).
      expect(() => validateArrivalSpec(config as unknown as ArrivalSpec, 'arrival')).not.toThrow();
    }
  });

  test('cross-field rules inside an arrival', () => {
    expect(lines(workload({ arrival: { type: 'periodic' } }))).toEqual([
      'w.json: peers[0].arrival: needs a rate (Hz) or a period (a duration such as "10us")',
    ]);
    expect(lines(workload({ arrival: { type: 'periodic', rate: 5, period: '1us' } }))).toEqual([
      'w.json: peers[0].arrival: give either rate (Hz) or period, not both',
    ]);
    expect(lines(workload({ arrival: { type: 'ramp', from: 0, to: 0, over: '1ms' } }))).toEqual([
      'w.json: peers[0].arrival: a ramp from 0 Hz to 0 Hz never fires; at least one of from and to must be greater than 0',
    ]);
    expect(lines(workload({ arrival: { type: 'onoff', on: 0, off: '1ms', rate: 5 } }))).toEqual([
      'w.json: peers[0].arrival.on: mean on-period must be finite and greater than 0 ns, got 0',
    ]);
    // The rules are the traffic layer's: it reports an arrival's first broken rule.
    const mmpp = (rates: number[], row0: number[]) => ({
      type: 'mmpp',
      states: rates.map((rate) => ({ rate, meanSojourn: 1 })),
      transitions: [row0, [1, 0]],
    });
    expect(lines(workload({ arrival: mmpp([0, 0], [0.5, 0.6]) }))).toEqual([
      'w.json: peers[0].arrival.states: every state has rate 0; at least one must be greater than 0',
    ]);
    // 0.5 + 0.6 = 1.1
    expect(lines(workload({ arrival: mmpp([1, 0], [0.5, 0.6]) }))).toEqual([
      'w.json: peers[0].arrival.transitions[0]: probabilities must sum to 1 (leaving state 0 goes somewhere), got 1.1',
    ]);
    expect(lines(workload({ arrival: { type: 'periodic', period: 0 } }))).toEqual(['w.json: peers[0].arrival.period: must be longer than 0 ns, got 0']);
  });
});

describe('sizes and windows', () => {
  test.each([
    ['64KiB', 65536],
    ['1MiB', 1048576],
    ['0.5KiB', 512],
    ['4096', 4096],
    [4096, 4096],
  ] as const)('%j is %d bytes', (text, bytes) => {
    expect(parseSizeBytes(text)).toBe(bytes);
  });

  test.each([
    ['64KB', 'cannot read "64KB": use binary units KiB, MiB or GiB (1024-based), e.g. "64KiB"'],
    ['0.3KiB', '"0.3KiB" is 307.2 bytes, not a whole number of bytes'],
    ['big', 'expected a size such as "4KiB", "64KiB", "1MiB", or a whole number of bytes, got "big"'],
    [0, 'expected a size such as "4KiB", "64KiB", "1MiB", or a whole number of bytes (at least 1 byte), got 0'],
  ] as const)('%j is refused', (text, message) => {
    expect(parseSizeBytes(text)).toBe(message);
  });

  test('window sizes must match the translation granularity', () => {
    expect(lines(workload({ arrival: { type: 'poisson', rate: 1 } }, { ntb: { window: { size: '4KiB' } } }))).toEqual([
      'w.json: ntb.window.size: a lut window must be a multiple of 64KiB, got 4096 bytes',
    ]);
    expect(lines(workload({ arrival: { type: 'poisson', rate: 1 } }, { ntb: { window: { type: 'direct', size: 6000 } } }))).toEqual([
      'w.json: ntb.window.size: a direct window must be a multiple of 4KiB, got 6000 bytes',
    ]);
  });
});

describe('peer names', () => {
  test('names must be usable in selectors', () => {
    expect(lines(workload({ name: 'a/b', arrival: { type: 'poisson', rate: 1 } }))).toEqual([
      `w.json: peers[0].name: expected a name of letters, digits, '_', '.' or '-' that starts with a letter or '_', got "a/b"`,
    ]);
    expect(lines(workload({ name: 'switchtec', arrival: { type: 'poisson', rate: 1 } }))).toEqual([
      `w.json: peers[0].name: "switchtec" is reserved for the local function's vectors (switchtec/doorbell, …)`,
    ]);
    expect(lines(workload({ name: 'all', arrival: { type: 'poisson', rate: 1 } }))).toEqual([
      `w.json: peers[0].name: "all" is reserved for the all-peers scope of latency.csv and percentiles.csv`,
    ]);
  });
});

describe('shares: one peer triggering another peer\'s irq', () => {
  const poisson = { type: 'poisson', rate: 1000 };
  const two = (second: Record<string, unknown>, first: Record<string, unknown> = {}) => ({
    description: 'shares',
    duration: '1ms',
    ntb: { device: 'idt' },
    peers: [
      { name: 'a', arrival: poisson, queues: 2, ...first },
      { name: 'b', arrival: poisson, ...second },
    ],
  });

  test('a raw msi peer may share an msi peer with as many queues', () => {
    const c = validateWorkload(two({ shares: 'a', queues: 2 }), 'w.json');
    expect(c.peers.map((p) => p.shares)).toEqual([null, 'a']);
  });

  test('each wrong use names the field and what was expected', () => {
    expect(lines(two({ shares: 'zzz' }))).toEqual(['w.json: peers[1].shares: no peer named "zzz"']);
    expect(lines(two({ shares: 'aa' }))).toEqual(['w.json: peers[1].shares: no peer named "aa"; did you mean "a"?']);
    expect(lines(two({ shares: 'b' }))).toEqual([
      'w.json: peers[1].shares: "b" must be an msi peer with its own irqs (not this peer, not a sharer itself)',
    ]);
    expect(lines(two({ shares: 'a', client: 'ring' }))).toEqual([
      'w.json: peers[1].shares: only a peer with mechanism msi and client raw may share another\'s irqs, got msi/ring',
    ]);
    expect(lines(two({ shares: 'a', queues: 3 }))).toEqual(['w.json: peers[1].queues: a peer sharing "a" may have at most its 2 queues, got 3']);
    expect(lines(two({ shares: 'a' }, { mechanism: 'doorbell' }))).toEqual([
      'w.json: peers[1].shares: "a" must be an msi peer with its own irqs (not this peer, not a sharer itself)',
    ]);
  });
});

describe('pingpong peers', () => {
  const base = { description: 'pp', duration: '1ms' };
  test('a doorbell pingpong peer needs no arrival and gets its delay in ns', () => {
    const c = validateWorkload({ ...base, peers: [{ name: 'pp', mechanism: 'doorbell', client: 'pingpong', pingDelay: '2us' }] }, 'w.json');
    expect(c.peers[0].arrival).toBeNull();
    expect(c.peers[0].pingDelayNs).toBe(2000);
  });

  test('handlerReturns none needs an msi queue (the Switchtec ISRs always return IRQ_HANDLED)', () => {
    const arrival = { type: 'poisson', rate: 5 };
    expect(lines({ ...base, peers: [{ name: 'd', mechanism: 'doorbell', arrival, handlerReturns: 'none' }] })).toEqual([
      "w.json: peers[0].handlerReturns: only an msi queue's own handler can return IRQ_NONE; the Switchtec doorbell ISR always returns IRQ_HANDLED",
    ]);
    expect(validateWorkload({ ...base, peers: [{ name: 'm', arrival, handlerReturns: 'none' }] }, 'w.json').peers[0].handlerReturns).toBe('none');
  });

  test('pingpong takes doorbells only and no arrival; every other client needs an arrival', () => {
    expect(lines({ ...base, peers: [{ name: 'pp', client: 'pingpong' }] })).toEqual([
      'w.json: peers[0].mechanism: client pingpong plays over doorbells (ntb_pingpong): expected doorbell, got "msi"',
    ]);
    expect(lines({ ...base, peers: [{ name: 'pp', mechanism: 'doorbell', client: 'pingpong', arrival: { type: 'poisson', rate: 5 } }] })).toEqual([
      'w.json: peers[0].arrival: a pingpong peer pings once at time 0 and then answers each pong: give pingDelay, not an arrival',
    ]);
    expect(lines({ ...base, peers: [{ name: 'p' }] })).toEqual([
      'w.json: peers[0].arrival: missing required field (expected an arrival process, e.g. { type: poisson, rate: 100000 })',
    ]);
  });
});

test('the top-level keys are those of the draft format (plus $schema)', () => {
  expect(WORKLOAD_KEYS).toEqual([
    '$schema',
    'description',
    'seed',
    'duration',
    'warmup',
    'statsInterval',
    'machine',
    'ntb',
    'peers',
    'affinity',
    'affinityChanges',
    'irqbalance',
    'costs',
    'trace',
  ]);
});

describe('costs and delays stay on the clock', () => {
  const P = { arrival: { type: 'poisson', rate: 1 } };
  test('a cost or handler work above 1000 s is refused, as a number or through a distribution', () => {
    expect(lines(workload({ ...P, itemWork: 2e12 }))).toEqual([
      'w.json: peers[0].itemWork: a cost or handler work may be at most 1000000000000 ns (1000 s), got 2000000000000 ns',
    ]);
    expect(lines(workload({ ...P, itemWork: { type: 'exponential', mean: 1e300 } }))).toEqual([
      'w.json: peers[0].itemWork: its mean is 1e+300 ns; a cost or handler work may be at most 1000000000000 ns (1000 s)',
    ]);
    expect(lines(workload({ ...P, itemWork: { type: 'empirical', samples: [10, 5e12] } }))).toEqual([
      'w.json: peers[0].itemWork: its largest sample is 5000000000000 ns; a cost or handler work may be at most 1000000000000 ns (1000 s)',
    ]);
    expect(lines(workload(P, { costs: { irqEntryNs: { type: 'lognormal', mu: 800, sigma: 1 } } }))).toEqual([
      'w.json: costs.irqEntryNs: its mean is Infinity ns; a cost or handler work may be at most 1000000000000 ns (1000 s)',
    ]);
  });

  test('1000 s itself and heavy tails with a small scale are accepted', () => {
    expect(() => validateWorkload(workload({ ...P, itemWork: '1000s' }), 'w.json')).not.toThrow();
    expect(() => validateWorkload(workload({ ...P, itemWork: { type: 'pareto', scale: 100, shape: 0.9 } }), 'w.json')).not.toThrow();
  });

  test('a link latency above 1000 s is refused', () => {
    expect(lines(workload({ ...P, linkLatency: '2000s' }))).toEqual(['w.json: peers[0].linkLatency: a delay may be at most 1000000000000 ns (1000 s)']);
  });
});

describe('queues per mechanism', () => {
  test('a message queue is one of 4 registers and a doorbell queue one of 28 bits', () => {
    const A = { arrival: { type: 'poisson', rate: 1 } };
    expect(lines(workload({ ...A, mechanism: 'message', queues: 5 }))).toEqual([
      'w.json: peers[0].queues: the message mechanism has 4 message registers per peer, one per queue; got 5 queues',
    ]);
    expect(lines(workload({ ...A, mechanism: 'doorbell', queues: 29 }))).toEqual([
      'w.json: peers[0].queues: the doorbell mechanism has 28 usable doorbell bits per peer, one per queue; got 29 queues',
    ]);
    expect(() => validateWorkload(workload({ ...A, mechanism: 'message', queues: 4 }), 'w.json')).not.toThrow();
    expect(() => validateWorkload(workload({ ...A, mechanism: 'msi', queues: 64 }), 'w.json')).not.toThrow();
  });
});

describe('statsInterval', () => {
  test('more than a million intervals is refused at statsInterval, with the smallest interval allowed', () => {
    expect(lines(workload({ arrival: { type: 'poisson', rate: 1 } }, { duration: '2s', statsInterval: '1us' }))).toEqual([
      'w.json: statsInterval: gives 2000000 intervals over duration 2s; at most 1,000,000 are allowed, so at least 2us, got 1us',
    ]);
  });
});

describe('normal costs', () => {
  test('a normal cost is judged by mean + 6 stddev', () => {
    expect(lines(workload({ arrival: { type: 'poisson', rate: 1 }, itemWork: { type: 'normal', mean: 100, stddev: 1e300 } }))).toEqual([
      'w.json: peers[0].itemWork: its mean + 6 stddev is 6e+300 ns; a cost or handler work may be at most 1000000000000 ns (1000 s)',
    ]);
  });
});

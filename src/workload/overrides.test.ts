import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { WorkloadError } from './errors.js';
import { applyOverrides, parseOverride } from './overrides.js';

const base = () => ({
  duration: '1s',
  machine: { cpus: 4, remapping: 'remapped' },
  peers: [{ name: 'a', arrival: { type: 'poisson', rate: 1000 } }, { name: 'b' }],
});

function lines(input: unknown, sets: string[]): string[] {
  try {
    applyOverrides(input, sets);
  } catch (err) {
    if (err instanceof WorkloadError) return err.format().split('\n');
    throw err;
  }
  throw new Error('expected a WorkloadError');
}

describe('values are YAML scalars or flow collections', () => {
  test.each([
    ['peers[0].arrival.rate=5e5', ['peers', 0, 'arrival', 'rate'], 500000],
    ['machine.cpus=8', ['machine', 'cpus'], 8],
    ['trace=true', ['trace'], true],
    ['machine.remapping=off', ['machine', 'remapping'], 'off'], // YAML 1.2: "off" is a string
    ['duration=2s', ['duration'], '2s'],
    ['description="a: b"', ['description'], 'a: b'],
    ['affinity[0].cpus=[1, 2]', ['affinity', 0, 'cpus'], [1, 2]],
    ['peers[1].arrival={type: periodic, period: 1us}', ['peers', 1, 'arrival'], { type: 'periodic', period: '1us' }],
    ['irqbalance=null', ['irqbalance'], null],
    ['description=x=y', ['description'], 'x=y'], // only the first '=' splits
  ])('%s', (text, path, value) => {
    expect(parseOverride(text)).toEqual({ text, path, value });
  });
});

describe('applyOverrides', () => {
  test('sets nested fields without touching the input', () => {
    const input = base();
    const before = structuredClone(input);
    const out = applyOverrides(input, ['peers[0].arrival.rate=5e5', 'machine.remapping=off', 'duration=2s', 'peers[1].queues=4']);
    expect(input).toEqual(before);
    expect(out).toEqual({
      duration: '2s',
      machine: { cpus: 4, remapping: 'off' },
      peers: [{ name: 'a', arrival: { type: 'poisson', rate: 500000 } }, { name: 'b', queues: 4 }],
    });
  });

  test('creates missing sections; later overrides win', () => {
    const out = applyOverrides(base(), ['irqbalance.interval=5s', 'ntb.window.size=1MiB', 'machine.cpus=2', 'machine.cpus=3']);
    expect(out).toMatchObject({ irqbalance: { interval: '5s' }, ntb: { window: { size: '1MiB' } }, machine: { cpus: 3 } });
  });

  test('no overrides returns the input itself', () => {
    const input = base();
    expect(applyOverrides(input, [])).toBe(input);
  });

  test('malformed paths say where they go wrong', () => {
    expect(lines(base(), ['peers[x].name=a'])).toEqual([
      `--set: malformed path "peers[x].name": expected '.', '[index]' or the end of the path at character 6, got "["`,
    ]);
    expect(lines(base(), ['machine..cpus=1'])).toEqual([
      '--set: malformed path "machine..cpus": expected a key (letters, digits, _, $, -) at character 9, got "."',
    ]);
    expect(lines(base(), ['[0].name=a'])).toEqual(['--set: malformed path "[0].name": expected a key (letters, digits, _, $, -) at character 1, got "["']);
    expect(lines(base(), ['duration'])).toEqual(['--set: expected path=value, got "duration"']);
    expect(lines(base(), ['duration='])).toEqual([`--set: "duration=": missing value after '='; write "" for an empty string`]);
    expect(lines(base(), ['__proto__.polluted=1'])).toEqual(['--set: malformed path "__proto__.polluted": key "__proto__" is not allowed']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('an index out of range, or into something that is not a list', () => {
    expect(lines(base(), ['peers[2].name=c'])).toEqual([
      '--set: peers[2].name: index 2 is out of range for peers: it has 2 items (indices 0…1) (in "peers[2].name=c")',
    ]);
    expect(lines(base(), ['machine[0]=1'])).toEqual([
      '--set: machine[0]: machine is an object, not a list, so [0] cannot index it (in "machine[0]=1")',
    ]);
    expect(lines(base(), ['duration.unit=s'])).toEqual([
      '--set: duration.unit: duration is a string ("1s"), not an object, so it has no key "unit" (in "duration.unit=s")',
    ]);
    expect(lines(base(), ['affinity[0].irq=a/q0'])).toEqual([
      '--set: affinity[0].irq: affinity is not set, so it has no items to index (in "affinity[0].irq=a/q0")',
    ]);
  });

  test('every bad override is reported, not only the first', () => {
    expect(lines(base(), ['peers[5].name=x', 'ok=1', 'bad path=1', 'peers[0].arrival.rate=[1'])).toEqual([
      '--set: malformed path "bad path": expected \'.\', \'[index]\' or the end of the path at character 4, got " "',
      '--set: "peers[0].arrival.rate=[1": cannot read the value "[1": Flow sequence must end with a ]',
      '--set: peers[5].name: index 5 is out of range for peers: it has 2 items (indices 0…1) (in "peers[5].name=x")',
    ]);
  });

  test('a YAML tag in a value is refused', () => {
    expect(lines(base(), ['description=!!binary aGk='])[0]).toMatch(/^--set: "description=!!binary aGk=": cannot read the value/);
  });

  test('property: setting a key path then reading it back gives the value', () => {
    const key = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/).filter((k) => k !== 'constructor' && k !== 'prototype');
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), fc.integer({ min: -1e6, max: 1e6 }), (path, n) => {
        const out = applyOverrides({}, [`${path.join('.')}=${n}`]) as Record<string, unknown>;
        let cur: unknown = out;
        for (const k of path) cur = (cur as Record<string, unknown>)[k];
        expect(cur).toBe(n);
      }),
      { numRuns: 200 },
    );
  });
});

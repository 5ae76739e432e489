import { describe, expect, it } from 'vitest';
import { loadWorkload } from './load.js';
import { shapeWarnings } from './shape-warnings.js';

const workload = (arrival: string): string => `
description: shapes
duration: 200ms
ntb: { device: idt }
peers:
  - name: p
    count: 3
    arrival: ${arrival}
`;

function warnings(text: string, sets: string[] = [], traces = new Map<string, Float64Array>()): string[] {
  return shapeWarnings(loadWorkload(text, 'w.yaml', sets), traces, sets).map((w) => `${w.path}: ${w.message}`);
}

describe('shapeWarnings', () => {
  const ramp = '{ type: ramp, from: 10000, to: 400000, over: 200ms }';

  it('warns once per peer entry when --set duration cuts a ramp short, with the rate the run ends at', () => {
    expect(warnings(workload(ramp))).toEqual([]);
    // 20 ms of 200: 10 % of the way, 10,000 + 390,000 × 0.1 = 49,000 Hz.
    expect(warnings(workload(ramp), ['duration=20ms'])).toEqual([
      'peers[0].arrival: the ramp from 10,000 Hz to 400,000 Hz over 200ms is cut short by duration 20ms (from --set duration=20ms): ' +
        'the run ends at 49,000 Hz, 10 % of the way; give duration 200ms or more to see the whole ramp',
    ]);
  });

  it('also when the file itself is shorter than its ramp, and names the right entry', () => {
    const text = workload(ramp).replace('duration: 200ms', 'duration: 50ms') + '  - name: q\n    arrival: { type: poisson, rate: 1000 }\n';
    expect(warnings(text)).toEqual([expect.stringMatching(/^peers\[0\]\.arrival: the ramp .* cut short by duration 50ms: the run ends at 107,500 Hz, 25 % of the way/)]);
    const second = workload('{ type: poisson, rate: 1000 }') + `  - name: q\n    arrival: ${ramp}\n`;
    expect(warnings(second, ['duration=100ms'])[0]).toMatch(/^peers\[1\]\.arrival: the ramp/);
  });

  it('warns for an on/off cycle or a period longer than the run, and for trace rows past its end', () => {
    expect(warnings(workload('{ type: onoff, on: 100ms, off: 150ms, rate: 1000 }'))).toEqual([
      'peers[0].arrival: one on/off cycle takes 250ms on average, longer than duration 200ms: the run may see no off period, or no burst after the first',
    ]);
    expect(warnings(workload('{ type: onoff, on: 50ms, off: 50ms, rate: 1000 }'))).toEqual([]);
    expect(warnings(workload('{ type: periodic, period: 300ms }'))).toEqual([
      'peers[0].arrival: the period 300ms is not shorter than duration 200ms: the run ends before the second arrival, maybe before the first',
    ]);
    expect(warnings(workload('{ type: periodic, rate: 100 }'))).toEqual([]);
    const rows = Float64Array.from([0, 100e6, 199_999_999, 200e6, 250e6]);
    expect(warnings(workload('{ type: trace, file: t.csv }'), [], new Map([['t.csv', rows]]))).toEqual([
      'peers[0].arrival: 2 of the trace\'s 5 rows fall at or after duration 200ms and are not played',
    ]);
    expect(warnings(workload('{ type: trace, file: t.csv, loop: true }'), [], new Map([['t.csv', rows]]))).toEqual([]);
  });
});

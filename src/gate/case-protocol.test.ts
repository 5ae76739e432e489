import { describe, expect, it } from 'vitest';
import { formatCaseMetrics, parseCaseMetrics } from './case-protocol.js';
import { GateInputError } from './gate-error.js';

describe('case metrics line', () => {
  it('round-trips through stdout among other output, last line wins', () => {
    const out = `hello\n${formatCaseMetrics({ a: 1 })}\nmore\n${formatCaseMetrics({ handled: 3, finalTimeNs: 1.5e9 })}\n`;
    expect(parseCaseMetrics(out, 'case.js')).toEqual({ handled: 3, finalTimeNs: 1.5e9 });
  });

  it('returns null when no line was printed', () => {
    expect(parseCaseMetrics('just logs\n', 'case.js')).toBeNull();
  });

  it('rejects non-finite values on both sides, naming the script', () => {
    expect(() => formatCaseMetrics({ x: Number.NaN })).toThrow(/"x" must be a finite number/);
    expect(() => parseCaseMetrics('@irqstorm-metrics {"x": "3"}', 'case.js')).toThrow(GateInputError);
    expect(() => parseCaseMetrics('@irqstorm-metrics {"x": "3"}', 'case.js')).toThrow(/^case\.js: metric "x" must be a finite number, got "3"/);
    expect(() => parseCaseMetrics('@irqstorm-metrics {oops', 'case.js')).toThrow(/not valid JSON/);
    expect(() => parseCaseMetrics('@irqstorm-metrics [1]', 'case.js')).toThrow(/JSON object/);
  });
});

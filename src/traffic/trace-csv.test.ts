/**
 * Tests for the trace CSV format (trace-csv.ts): accepted rows (ns, durations, header, blank
 * lines, CRLF, quotes, BOM), every bad row reported with `<file>:<line>:`, the row limit, and a
 * round trip of arbitrary non-decreasing traces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRACE_MAX_REPORTED_PROBLEMS, TraceCsvReader, TraceFormatError, parseTraceCsv } from './trace-csv.js';

const EXPECTED = 'expected a timestamp (whole ns such as 1500, or a duration such as "1.5us")';

function problemsOf(text: string, options = {}): readonly string[] {
  try {
    parseTraceCsv(text, 'storm.csv', options);
  } catch (err) {
    expect(err).toBeInstanceOf(TraceFormatError);
    return (err as TraceFormatError).problems;
  }
  return expect.fail('expected a TraceFormatError');
}

describe('parseTraceCsv', () => {
  it('reads ns integers and duration strings, one per row', () => {
    expect(Array.from(parseTraceCsv('0\n1500\n2us\n2.5us\n1ms\n', 't.csv'))).toEqual([0, 1500, 2000, 2500, 1_000_000]);
  });

  it('skips a time_ns header, blank lines, CRLF breaks, quotes and a BOM', () => {
    const text = '\uFEFFtime_ns\r\n\r\n"10"\r\n  20  \r\n\n30';
    expect(Array.from(parseTraceCsv(text, 't.csv'))).toEqual([10, 20, 30]);
    expect(Array.from(parseTraceCsv('"time_ns"\n5', 't.csv'))).toEqual([5]);
  });

  it('keeps equal consecutive times (a burst in one ns)', () => {
    expect(Array.from(parseTraceCsv('7\n7\n7', 't.csv'))).toEqual([7, 7, 7]);
  });

  it.each<[string, string, string]>([
    ['a word', '10\nsoon\n30', `storm.csv:2: ${EXPECTED}, got "soon"`],
    ['a header other than time_ns', 'timestamp\n10', `storm.csv:1: ${EXPECTED} or the header time_ns, got "timestamp"`],
    ['a header after data', '10\ntime_ns', `storm.csv:2: ${EXPECTED}, got "time_ns"`],
    ['a negative time', '10\n-5', `storm.csv:2: ${EXPECTED}, got "-5"`],
    ['a fraction of a ns', '0.5', `storm.csv:1: ${EXPECTED}, got "0.5" ("0.5" is 0.5 ns, not a whole number of nanoseconds)`],
    ['two columns', '10\n10,3', 'storm.csv:2: expected one timestamp per row, got 2 fields ("10,3")'],
    ['a time past the clock', '9007199254740992', `storm.csv:1: ${EXPECTED}, got 9007199254740992, past the clock's limit of 2^53-1 ns (about 104 days)`],
    [
      'a decreasing time',
      'time_ns\n100\n\n200\n150',
      'storm.csv:5: expected a time at or after 200 ns (line 4); times must not decrease, got 150 ns',
    ],
  ])('reports %s with its line', (_what, text, problem) => {
    expect(problemsOf(text)).toEqual([problem]);
  });

  it('lists every bad row in one error, then summarises past the cap', () => {
    const problems = problemsOf('1\nx\n3\ny\n2');
    expect(problems).toEqual([
      `storm.csv:2: ${EXPECTED}, got "x"`,
      `storm.csv:4: ${EXPECTED}, got "y"`,
      'storm.csv:5: expected a time at or after 3 ns (line 3); times must not decrease, got 2 ns',
    ]);
    expect(() => parseTraceCsv('1\nx\n3\ny\n2', 'storm.csv')).toThrow(/^storm\.csv: 3 bad rows:\nstorm\.csv:2: /);
    const many = Array.from({ length: 30 }, () => 'bad').join('\n');
    expect(problemsOf(many)).toHaveLength(TRACE_MAX_REPORTED_PROBLEMS);
    expect(() => parseTraceCsv(many, 'storm.csv')).toThrow(/storm\.csv: 30 bad rows:[\s\S]*\n… and 10 more bad rows$/);
  });

  it('rejects a trace with no timestamps', () => {
    expect(() => parseTraceCsv('time_ns\n\n', 'empty.csv')).toThrow('empty.csv: expected at least one timestamp, got none');
  });

  it('rejects more rows than the limit, naming the first row past it', () => {
    expect(Array.from(parseTraceCsv('1\n2\n3', 't.csv', { maxRows: 3 }))).toEqual([1, 2, 3]);
    expect(() => parseTraceCsv('time_ns\n1\n2\n3\n4', 't.csv', { maxRows: 3 })).toThrow(
      't.csv:5: expected at most 3 timestamps, got more; shorten the trace or raise the row limit',
    );
    expect(() => new TraceCsvReader('t.csv', { maxRows: 0 })).toThrow('maxRows must be a whole number of rows >= 1, got 0');
  });

  it('round-trips any non-decreasing trace, written in ns or in us', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1e12 }), { minLength: 1, maxLength: 3000 }), fc.boolean(), (raw, inUs) => {
        const times = raw.sort((a, b) => a - b).map((t) => (inUs ? t * 1000 : t));
        const text = `time_ns\n${times.map((t) => (inUs ? `${t / 1000}us` : String(t))).join('\n')}\n`;
        expect(Array.from(parseTraceCsv(text, 'p.csv'))).toEqual(times);
      }),
      { numRuns: 100 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { BusyTime, CounterTable } from './counters.js';

const COLS = [
  { name: 'a', unit: 'count', description: 'first' },
  { name: 'b', unit: 'count', description: 'second' },
];

describe('CounterTable', () => {
  it('keeps rows and columns apart', () => {
    const t = new CounterTable('cpu', 3, COLS);
    t.add(0, 1, 5);
    t.add(2, 0, 2);
    t.inc(2, 0);
    t.inc(1, 1);
    expect(t.get(0, 0)).toBe(0);
    expect(t.get(0, 1)).toBe(5);
    expect(t.get(2, 0)).toBe(3);
    expect(t.get(1, 1)).toBe(1);
    expect(t.total(0)).toBe(3);
    expect(t.total(1)).toBe(6);
    // Column-major: column 1 of row 0 sits at 1 * 3 + 0.
    expect(t.values[3]).toBe(5);
    t.reset();
    expect(t.total(1)).toBe(0);
  });

  it('finds columns by name and names the known ones when it cannot', () => {
    const t = new CounterTable('irq', 1, COLS);
    expect(t.columnIndex('b')).toBe(1);
    expect(() => t.columnIndex('c')).toThrow('irq counters: no column "c"; known: a, b');
  });

  it('rejects duplicate column names', () => {
    expect(() => new CounterTable('peer', 1, [COLS[0], COLS[0]])).toThrow(/"a" is defined twice/);
  });
});

describe('BusyTime', () => {
  it('counts nested spans once, from the outermost enter to the outermost exit', () => {
    const b = new BusyTime(2);
    expect(b.enter(0, 100)).toBe(true);
    expect(b.enter(0, 150)).toBe(false); // nested: a hard irq over a tasklet
    expect(b.exit(0, 180)).toBe(-1);
    expect(b.exit(0, 300)).toBe(100);
    expect(b.busyNs[0]).toBe(200); // 300 - 100
    expect(b.busyNs[1]).toBe(0);
  });

  it('clips spans that straddle the start of statistics', () => {
    const b = new BusyTime(1);
    b.enter(0, 900);
    b.reset(1000); // warm-up ends while cpu 0 is busy
    expect(b.busyUntil(0, 1200)).toBe(200); // open span counted from 1000 up to now
    expect(b.exit(0, 1500)).toBe(1000);
    expect(b.busyNs[0]).toBe(500); // 1500 - 1000
  });

  it('refuses an exit without an enter', () => {
    expect(() => new BusyTime(1).exit(0, 5)).toThrow(/cpu 0: busy exit at 5 ns without a matching enter/);
  });
});

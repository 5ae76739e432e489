import { describe, expect, it } from 'vitest';
import {
  COALESCED_DOORBELL,
  COALESCED_IRR,
  COALESCE_REASON_COUNT,
  COALESCE_REASON_NAMES,
  FATE_EXPORT_COLUMNS,
  FateTable,
  LOST_REASON_COUNT,
  LOST_REASON_NAMES,
  LOST_STALE_VECTOR,
  LOST_WINDOW_FAULT,
  fateRowValues,
} from './accounting.js';

describe('FateTable.checkIdentity', () => {
  it('is empty when every row balances', () => {
    const t = new FateTable('irq', 2);
    // Row 0: 10 triggered = 6 handled + 2 coalesced (IRR) + 1 lost + 1 in flight.
    t.triggered[0] = 10;
    t.handled[0] = 6;
    t.coalesced[0 * COALESCE_REASON_COUNT + COALESCED_IRR] = 2;
    t.lost[0 * LOST_REASON_COUNT + LOST_STALE_VECTOR] = 1;
    t.inFlight[0] = 1;
    // Row 1: 3 triggered = 1 handled + 2 coalesced (doorbell); spurious is outside the identity.
    t.triggered[1] = 3;
    t.handled[1] = 1;
    t.coalesced[1 * COALESCE_REASON_COUNT + COALESCED_DOORBELL] = 2;
    t.spurious[1] = 7;
    expect(t.checkIdentity()).toEqual([]);
  });

  it('reports the unbalanced row and the total', () => {
    const t = new FateTable('peer', 3);
    t.triggered[0] = 5;
    t.handled[0] = 5;
    t.triggered[2] = 4;
    t.handled[2] = 2;
    t.lost[2 * LOST_REASON_COUNT + LOST_WINDOW_FAULT] = 1; // 2 + 1 = 3 ≠ 4: one trigger unaccounted
    const v = t.checkIdentity();
    expect(v.map((x) => x.row)).toEqual([2, -1]);
    expect(v[0]).toMatchObject({ scope: 'peer', triggered: 4, accounted: 3 });
    expect(v[0].message).toBe(
      'peer 2: triggered 4 but handled + coalesced + lost + in-flight = 3 (under-accounted by 1)',
    );
    // Total: triggered 9, accounted 8.
    expect(v[1].message).toMatch(/^peer total: triggered 9 .* = 8 \(under-accounted by 1\)$/);
  });

  it('flags over-accounting too', () => {
    const t = new FateTable('irq', 1);
    t.triggered[0] = 1;
    t.handled[0] = 1;
    t.inFlight[0] = 1;
    expect(t.checkIdentity()[0].message).toMatch(/over-accounted by 1/);
  });
});

describe('fate export', () => {
  it('has one column per value, reasons in code order', () => {
    const t = new FateTable('irq', 1);
    t.triggered[0] = 20;
    t.handled[0] = 10;
    for (let r = 0; r < COALESCE_REASON_COUNT; r++) t.coalesced[r] = r + 1; // 1 2 3 4 → 10
    for (let r = 0; r < LOST_REASON_COUNT; r++) t.lost[r] = 0;
    t.inFlight[0] = 0;
    t.spurious[0] = 9;
    const values = fateRowValues(t, 0);
    expect(values).toEqual([20, 10, 10, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 9]);
    expect(FATE_EXPORT_COLUMNS.map((c) => c.name)).toEqual([
      'triggered',
      'handled',
      'coalesced',
      ...COALESCE_REASON_NAMES.map((n) => `coalesced_${n}`),
      'lost',
      ...LOST_REASON_NAMES.map((n) => `lost_${n}`),
      'in_flight',
      'spurious',
    ]);
    expect(values.length).toBe(FATE_EXPORT_COLUMNS.length);
  });

  it('rejects a negative row count', () => {
    expect(() => new FateTable('irq', -1)).toThrow(/integer >= 0, got -1/);
  });
});

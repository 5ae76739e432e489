import { describe, expect, it } from 'vitest';
import { IrqChipRegistry } from './chip.js';
import { CpuMask } from './cpumask.js';
import { IrqDataTable } from './data-table.js';
import { IRQ_SET_MASK_OK, IRQ_SET_MASK_OK_DONE } from './irq-flags.js';
import { MsiMsg } from './msi-msg.js';
import { FakeChip, type FakeChipOptions } from './testing/fake-chip.js';
import { EBUSY } from './errno.js';

/**
 * One irq's rows, outermost first, each with its own FakeChip: returns the top row.
 * Rows are chained top → … → root through `parent`, as IrqDomainRegistry.allocIrq builds them.
 */
function hierarchy(levels: Array<[string, FakeChipOptions]>): {
  data: IrqDataTable;
  chips: IrqChipRegistry;
  log: string[];
  fakes: FakeChip[];
  top: number;
} {
  const data = new IrqDataTable(8);
  const chips = new IrqChipRegistry(data);
  const log: string[] = [];
  const fakes = levels.map(([name, opts]) => new FakeChip(chips, data, log, name, opts));
  const rows = levels.map((_, i) => data.allocData(0, i, -1));
  for (let i = 0; i < rows.length; i++) {
    data.chip[rows[i]] = fakes[i].id;
    if (i + 1 < rows.length) data.parent[rows[i]] = rows[i + 1];
  }
  return { data, chips, log, fakes, top: rows[0] };
}

describe('IrqChipRegistry: ack/mask/unmask forward to the parent', () => {
  it('a 2-level ack chain records each level in order (irq_chip_ack_parent)', () => {
    const h = hierarchy([
      ['msi', { ops: ['ack'], forward: ['ack'] }],
      ['vector', { ops: ['ack'] }],
    ]);
    h.chips.chipOf(h.top).irqAck(h.top);
    expect(h.log).toEqual(['msi:ack', 'vector:ack']);
  });

  it('a 3-level ack chain records each level in order', () => {
    const h = hierarchy([
      ['msi', { ops: ['ack'], forward: ['ack'] }],
      ['ir', { ops: ['ack'], forward: ['ack'] }],
      ['vector', { ops: ['ack'] }],
    ]);
    h.chips.chipOf(h.top).irqAck(h.top);
    expect(h.log).toEqual(['msi:ack', 'ir:ack', 'vector:ack']);
  });

  it('levels without an ack op are skipped by the default delegate, reaching the root', () => {
    // msi and ir have no ack: each default forwards one level up, so only the root records.
    const h = hierarchy([
      ['msi', { ops: [] }],
      ['ir', { ops: [] }],
      ['vector', { ops: ['ack'] }],
    ]);
    h.chips.chipOf(h.top).irqAck(h.top);
    expect(h.log).toEqual(['vector:ack']);
  });

  it('a missing middle op forwards past that level only', () => {
    const h = hierarchy([
      ['msi', { ops: ['ack', 'mask', 'unmask'], forward: ['ack', 'mask', 'unmask'] }],
      ['ir', { ops: [] }],
      ['vector', { ops: ['ack', 'mask', 'unmask'] }],
    ]);
    const chip = h.chips.chipOf(h.top);
    chip.irqAck(h.top);
    chip.irqMask(h.top);
    chip.irqUnmask(h.top);
    expect(h.log).toEqual(['msi:ack', 'vector:ack', 'msi:mask', 'vector:mask', 'msi:unmask', 'vector:unmask']);
  });

  it('a root without the op is a no-op, not an error', () => {
    const h = hierarchy([
      ['msi', { ops: [] }],
      ['vector', { ops: [] }],
    ]);
    const chip = h.chips.chipOf(h.top);
    expect(() => {
      chip.irqAck(h.top);
      chip.irqMask(h.top);
      chip.irqUnmask(h.top);
    }).not.toThrow();
    expect(h.log).toEqual([]);
  });
});

describe('IrqChipRegistry: set_affinity, compose, write, retrigger', () => {
  it.each([
    ['OK', IRQ_SET_MASK_OK],
    ['OK_DONE', IRQ_SET_MASK_OK_DONE],
    ['-EBUSY', -EBUSY],
  ])('irq_chip_set_affinity_parent returns the parent value (%s)', (_name, ret) => {
    const h = hierarchy([
      ['msi', { ops: [] }],
      ['ir', { ops: [] }],
      ['vector', { ops: ['setAffinity'] }],
    ]);
    h.fakes[2].setAffinityRet = ret;
    const mask = new CpuMask(4).set(2);
    expect(h.chips.chipOf(h.top).irqSetAffinity(h.top, mask, false)).toBe(ret);
    expect(h.fakes[2].affinityCalls).toEqual([[2]]);
  });

  it('set_affinity at a root without the op is IRQ_SET_MASK_OK', () => {
    const h = hierarchy([['only', { ops: [] }]]);
    expect(h.chips.chipOf(h.top).irqSetAffinity(h.top, new CpuMask(4).set(0), false)).toBe(IRQ_SET_MASK_OK);
  });

  it('compose uses the first level, walking up, that has a compose op', () => {
    // Both ir and vector compose: ir is met first (irq_chip_compose_msi_msg), vector is not called.
    const h = hierarchy([
      ['msi', { ops: [] }],
      ['ir', { ops: ['compose'] }],
      ['vector', { ops: ['compose'] }],
    ]);
    h.fakes[1].composeData = 0x1234;
    h.fakes[2].composeData = 0x99;
    const msg = new MsiMsg();
    h.chips.chipOf(h.top).irqComposeMsiMsg(h.top, msg);
    expect(h.log).toEqual(['ir:compose']);
    expect(msg.data).toBe(0x1234);
  });

  it('compose falls through to the root when only the root composes', () => {
    const h = hierarchy([
      ['msi', { ops: [] }],
      ['ir', { ops: [] }],
      ['vector', { ops: ['compose'] }],
    ]);
    h.fakes[2].composeData = 0x41;
    const msg = new MsiMsg();
    h.chips.chipOf(h.top).irqComposeMsiMsg(h.top, msg);
    expect(h.log).toEqual(['vector:compose']);
    expect(msg.data).toBe(0x41);
  });

  it('write_msi_msg does not forward: only the level that has it writes', () => {
    const h = hierarchy([
      ['msi', { ops: [] }],
      ['vector', { ops: ['write'] }],
    ]);
    h.chips.chipOf(h.top).irqWriteMsiMsg(h.top, new MsiMsg());
    expect(h.log).toEqual([]);
  });

  it('retrigger walks up to the first chip that can (irq_chip_retrigger_hierarchy); 0 if none', () => {
    const h = hierarchy([
      ['msi', { ops: [] }],
      ['ir', { ops: [] }],
      ['vector', { ops: ['retrigger'] }],
    ]);
    expect(h.chips.chipOf(h.top).irqRetrigger(h.top)).toBe(1);
    expect(h.log).toEqual(['vector:retrigger']);
    const none = hierarchy([
      ['msi', { ops: [] }],
      ['vector', { ops: [] }],
    ]);
    expect(none.chips.chipOf(none.top).irqRetrigger(none.top)).toBe(0);
  });

  it('registration keeps name and flags, numbers chips in order, and refuses a 256th chip', () => {
    const data = new IrqDataTable(1);
    const chips = new IrqChipRegistry(data);
    expect(chips.register('a', 3, {})).toBe(0);
    expect(chips.register('b', 0, {})).toBe(1);
    expect(chips.chips[0].name).toBe('a');
    expect(chips.chips[0].flags).toBe(3);
    // The chip column is a Uint8Array; the registry caps at 255 chips (ids 0 … 254).
    for (let i = 2; i < 255; i++) chips.register(`c${i}`, 0, {});
    expect(chips.chips.length).toBe(255);
    expect(() => chips.register('overflow', 0, {})).toThrow(/more than 255 irq chips/);
  });
});

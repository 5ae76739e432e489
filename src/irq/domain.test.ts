import { describe, expect, it } from 'vitest';
import { IrqDomainError } from './domain.js';
import { IRQD_ACTIVATED } from './irq-flags.js';
import { FakeChip, FakeDomain, createFakeCore } from './testing/fake-chip.js';
import { EBUSY, ENOSPC } from './errno.js';

/** top → mid → root, each domain with its own recording chip. */
function threeLevels() {
  const fc = createFakeCore();
  const root = new FakeDomain(fc.core, fc.log, 'root', -1);
  const mid = new FakeDomain(fc.core, fc.log, 'mid', root.id);
  const top = new FakeDomain(fc.core, fc.log, 'top', mid.id);
  root.chip = new FakeChip(fc.chips, fc.data, fc.log, 'rootchip', { ops: ['ack'] }).id;
  mid.chip = new FakeChip(fc.chips, fc.data, fc.log, 'midchip', { ops: [] }).id;
  top.chip = new FakeChip(fc.chips, fc.data, fc.log, 'topchip', { ops: [] }).id;
  return { fc, root, mid, top };
}

describe('IrqDomainRegistry.allocIrq (irq_domain_alloc_irqs)', () => {
  it('builds one irq_data row per level, linked top → root, each naming its domain', () => {
    const { fc, root, mid, top } = threeLevels();
    const virq = fc.domains.allocIrq(top.id, 'q0');
    const t = fc.desc.topData[virq];
    const m = fc.data.parent[t];
    const r = fc.data.parent[m];
    expect([fc.data.domain[t], fc.data.domain[m], fc.data.domain[r]]).toEqual([top.id, mid.id, root.id]);
    expect(fc.data.parent[r]).toBe(-1);
    expect([fc.data.virq[t], fc.data.virq[m], fc.data.virq[r]]).toEqual([virq, virq, virq]);
    // Each alloc put its chip on its own row: the ack from the top reaches the root's chip.
    fc.chips.chipOf(t).irqAck(t);
    expect(fc.log).toContain('rootchip:ack');
    // irq_domain_get_irq_data(): the row at a given domain, walking down from the top.
    expect(fc.data.findAtDomain(t, root.id)).toBe(r);
    expect(fc.data.findAtDomain(t, 99)).toBe(-1);
    // A new desc is disabled (depth 1) and named, until request_irq enables it.
    expect(fc.desc.depth[virq]).toBe(1);
    expect(fc.desc.names[virq]).toBe('q0');
  });

  it('allocates the root first (irq_domain_alloc_irqs_parent recursion)', () => {
    const { fc, top } = threeLevels();
    fc.domains.allocIrq(top.id, 'q0');
    expect(fc.log.filter((e) => e.endsWith(':alloc'))).toEqual(['root:alloc', 'mid:alloc', 'top:alloc']);
  });

  it('a failing middle level frees the levels below it that succeeded and throws the errno', () => {
    const { fc, mid, top } = threeLevels();
    mid.allocRet = -ENOSPC;
    let err: unknown;
    try {
      fc.domains.allocIrq(top.id, 'q0');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IrqDomainError);
    expect((err as IrqDomainError).errno).toBe(-ENOSPC);
    expect((err as IrqDomainError).message).toMatch(/"q0" failed in domain mid/);
    // top was never called; root succeeded and is freed again.
    expect(fc.log).toEqual(['root:alloc', 'mid:alloc', 'root:free']);
  });

  it('a failing top level frees mid then root (outermost first, root last)', () => {
    const { fc, top } = threeLevels();
    top.allocRet = -EBUSY;
    expect(() => fc.domains.allocIrq(top.id, 'q0')).toThrow(IrqDomainError);
    expect(fc.log).toEqual(['root:alloc', 'mid:alloc', 'top:alloc', 'mid:free', 'root:free']);
  });

  it('a failing root frees nothing', () => {
    const { fc, root, top } = threeLevels();
    root.allocRet = -ENOSPC;
    expect(() => fc.domains.allocIrq(top.id, 'q0')).toThrow(IrqDomainError);
    expect(fc.log).toEqual(['root:alloc']);
  });
});

describe('IrqDomainRegistry.activateIrq / deactivateIrq', () => {
  it('activates root first, passes `reserve`, and marks IRQD_ACTIVATED', () => {
    const { fc, root, top } = threeLevels();
    const virq = fc.domains.allocIrq(top.id, 'q0');
    fc.log.length = 0;
    expect(fc.domains.activateIrq(virq, true)).toBe(0);
    expect(fc.log).toEqual(['root:activate', 'mid:activate', 'top:activate']);
    expect(root.activateReserve).toEqual([true]);
    expect(fc.desc.irqdState[virq] & IRQD_ACTIVATED).toBe(IRQD_ACTIVATED);
  });

  it('is idempotent: an activated irq is not activated again', () => {
    const { fc, top } = threeLevels();
    const virq = fc.domains.allocIrq(top.id, 'q0');
    fc.domains.activateIrq(virq, false);
    fc.log.length = 0;
    expect(fc.domains.activateIrq(virq, false)).toBe(0);
    expect(fc.log).toEqual([]);
  });

  it('a failing top level deactivates the parents it activated, and stays not activated', () => {
    const { fc, top } = threeLevels();
    const virq = fc.domains.allocIrq(top.id, 'q0');
    fc.log.length = 0;
    top.activateRet = -ENOSPC;
    expect(fc.domains.activateIrq(virq, false)).toBe(-ENOSPC);
    expect(fc.log).toEqual(['root:activate', 'mid:activate', 'top:activate', 'mid:deactivate', 'root:deactivate']);
    expect(fc.desc.irqdState[virq] & IRQD_ACTIVATED).toBe(0);
  });

  it('a failing middle level deactivates only the root, never calls the top, and nothing twice', () => {
    const { fc, mid, top } = threeLevels();
    const virq = fc.domains.allocIrq(top.id, 'q0');
    fc.log.length = 0;
    mid.activateRet = -EBUSY;
    expect(fc.domains.activateIrq(virq, false)).toBe(-EBUSY);
    expect(fc.log).toEqual(['root:activate', 'mid:activate', 'root:deactivate']);
  });

  it('a failing root deactivates nothing', () => {
    const { fc, root, top } = threeLevels();
    const virq = fc.domains.allocIrq(top.id, 'q0');
    fc.log.length = 0;
    root.activateRet = -ENOSPC;
    expect(fc.domains.activateIrq(virq, false)).toBe(-ENOSPC);
    expect(fc.log).toEqual(['root:activate']);
  });

  it('after a failed activation a retry activates every level again', () => {
    const { fc, top } = threeLevels();
    const virq = fc.domains.allocIrq(top.id, 'q0');
    top.activateRet = -ENOSPC;
    fc.domains.activateIrq(virq, false);
    top.activateRet = 0;
    fc.log.length = 0;
    expect(fc.domains.activateIrq(virq, false)).toBe(0);
    expect(fc.log).toEqual(['root:activate', 'mid:activate', 'top:activate']);
  });

  it('deactivates outermost first, clears IRQD_ACTIVATED, and is a no-op when not activated', () => {
    const { fc, top } = threeLevels();
    const virq = fc.domains.allocIrq(top.id, 'q0');
    fc.log.length = 0;
    fc.domains.deactivateIrq(virq);
    expect(fc.log).toEqual([]);
    fc.domains.activateIrq(virq, false);
    fc.log.length = 0;
    fc.domains.deactivateIrq(virq);
    expect(fc.log).toEqual(['top:deactivate', 'mid:deactivate', 'root:deactivate']);
    expect(fc.desc.irqdState[virq] & IRQD_ACTIVATED).toBe(0);
  });

  it('domains missing ops get no-ops: a bare hierarchy allocates and activates', () => {
    const fc = createFakeCore();
    const root = fc.domains.create('bare-root', -1, {});
    const top = fc.domains.create('bare-top', root.id, {});
    const virq = fc.domains.allocIrq(top.id, 'x');
    expect(fc.domains.activateIrq(virq, false)).toBe(0);
    expect(root.parent).toBe(-1);
    expect(top.parent).toBe(root.id);
  });
});

import { describe, expect, it } from 'vitest';
import { IRQCHIP_MOVE_DEFERRED } from './chip.js';
import { CpuMask } from './cpumask.js';
import { EDGE_DEFERRED, EDGE_RUN, handleEdgeIrq } from './handle-edge-irq.js';
import { IRQD_AFFINITY_SET, IRQD_IRQ_DISABLED, IRQD_IRQ_MASKED, IRQD_SETAFFINITY_PENDING, IRQS_PENDING, IRQS_REPLAY, IRQ_SET_MASK_OK, IRQ_SET_MASK_OK_DONE } from './irq-flags.js';
import {
  checkIrqResend,
  disableIrqNosync,
  enableIrq,
  irqDoSetAffinity,
  irqMoveIrq,
  irqMoveMaskedIrq,
  irqSetAffinity,
} from './manage.js';
import { createFakeCore, createFakeHierarchy, requestFakeIrq } from './testing/fake-chip.js';
import { EBUSY, EINVAL } from './errno.js';

function setup(topFlags = 0) {
  const h = createFakeHierarchy(createFakeCore({ cpus: 4 }), topFlags);
  const virq = requestFakeIrq(h);
  return { h, virq, core: h.fc.core, desc: h.fc.desc, log: h.fc.log, hooks: h.fc.hooks };
}

const mask = (...cpus: number[]): CpuMask => new CpuMask(4).fromList(cpus);

describe('disable_irq_nosync / enable_irq', () => {
  it('nests through depth; the disable is lazy (no chip op) and only depth 1 → 0 enables', () => {
    const { core, desc, virq, log } = setup();
    disableIrqNosync(core, virq);
    disableIrqNosync(core, virq);
    expect(desc.depth[virq]).toBe(2);
    expect(desc.irqdState[virq] & IRQD_IRQ_DISABLED).toBe(IRQD_IRQ_DISABLED);
    expect(log).toEqual([]);
    expect(enableIrq(core, virq)).toBe(0);
    expect(desc.depth[virq]).toBe(1);
    expect(desc.irqdState[virq] & IRQD_IRQ_DISABLED).toBe(IRQD_IRQ_DISABLED);
    expect(enableIrq(core, virq)).toBe(0);
    expect(desc.depth[virq]).toBe(0);
    expect(desc.irqdState[virq] & IRQD_IRQ_DISABLED).toBe(0);
    // Never masked (lazy disable, no interrupt came), so no unmask and nothing to resend.
    expect(log).toEqual([]);
  });

  it('an unbalanced enable throws', () => {
    const { core, virq } = setup();
    expect(() => enableIrq(core, virq)).toThrow(/Unbalanced enable for irq/);
  });

  it('an edge while disabled is masked and left PENDING; enable unmasks and retriggers it in hardware', () => {
    const { core, desc, virq, log, hooks } = setup();
    disableIrqNosync(core, virq);
    expect(handleEdgeIrq(core, virq, 0, true)).toBe(EDGE_DEFERRED);
    expect(log).toEqual(['top:mask', 'root:ack']);
    log.length = 0;
    expect(enableIrq(core, virq)).toBe(0);
    // irq_enable → unmask_irq, then check_irq_resend → try_retrigger (hierarchy: the root).
    expect(log).toEqual(['top:unmask', 'root:retrigger']);
    expect(desc.istate[virq] & (IRQS_PENDING | IRQS_REPLAY)).toBe(IRQS_REPLAY);
    expect(desc.irqdState[virq] & IRQD_IRQ_MASKED).toBe(0);
    expect(hooks.resends).toEqual([]);
  });

  it('falls back to the software resend when no chip can retrigger', () => {
    const { h, core, desc, virq, hooks } = setup();
    h.rootChip.retriggerRet = 0;
    disableIrqNosync(core, virq);
    handleEdgeIrq(core, virq, 0, true);
    expect(enableIrq(core, virq)).toBe(0);
    expect(hooks.resends).toEqual([virq]);
    expect(desc.istate[virq] & IRQS_REPLAY).toBe(IRQS_REPLAY);
  });

  it('a second resend before the flow handler ran is -EBUSY; the handler entry clears REPLAY', () => {
    const { core, desc, virq, log } = setup();
    disableIrqNosync(core, virq);
    handleEdgeIrq(core, virq, 0, true);
    enableIrq(core, virq);
    // Disable/enable again before the retriggered vector arrived: REPLAY is still set.
    disableIrqNosync(core, virq);
    log.length = 0;
    expect(enableIrq(core, virq)).toBe(-EBUSY);
    expect(checkIrqResend(core, virq, true)).toBe(-EBUSY);
    expect(log).toEqual([]);
    // The replayed interrupt arrives: handle_edge_irq clears REPLAY, so a resend works again.
    expect(handleEdgeIrq(core, virq, 0, true)).toBe(EDGE_RUN);
    expect(desc.istate[virq] & IRQS_REPLAY).toBe(0);
  });

  it('check_irq_resend: nothing PENDING is a no-op unless injected', () => {
    const { core, desc, virq, log } = setup();
    expect(checkIrqResend(core, virq, false)).toBe(0);
    expect(log).toEqual([]);
    expect(checkIrqResend(core, virq, true)).toBe(0);
    expect(log).toEqual(['root:retrigger']);
    expect(desc.istate[virq] & IRQS_REPLAY).toBe(IRQS_REPLAY);
  });
});

describe('irq_set_affinity', () => {
  it('rejects an empty mask with -EINVAL', () => {
    const { core, virq } = setup();
    expect(irqSetAffinity(core, virq, new CpuMask(4))).toBe(-EINVAL);
  });

  it('a not-activated irq only stores the mask (irq_set_affinity_deactivated)', () => {
    const h = createFakeHierarchy(createFakeCore());
    const virq = h.fc.domains.allocIrq(h.top.id, 'idle');
    h.fc.log.length = 0;
    expect(irqSetAffinity(h.fc.core, virq, mask(3))).toBe(IRQ_SET_MASK_OK);
    expect(h.fc.log).toEqual([]);
    expect(h.fc.core.affinity[virq].toList()).toEqual([3]);
    expect(h.fc.desc.irqdState[virq] & (IRQD_AFFINITY_SET | IRQD_SETAFFINITY_PENDING)).toBe(IRQD_AFFINITY_SET);
  });

  it('an immediate chip moves now, through the hierarchy, and the new mask is stored', () => {
    const { h, core, desc, virq, log } = setup();
    h.rootChip.setAffinityRet = IRQ_SET_MASK_OK_DONE;
    expect(irqSetAffinity(core, virq, mask(1, 2))).toBe(IRQ_SET_MASK_OK_DONE);
    // The top chip has no set_affinity: irq_chip_set_affinity_parent reaches the root.
    expect(log).toEqual(['root:setAffinity']);
    expect(h.rootChip.affinityCalls).toEqual([[1, 2]]);
    expect(core.affinity[virq].toList()).toEqual([1, 2]);
    expect(desc.irqdState[virq] & (IRQD_AFFINITY_SET | IRQD_SETAFFINITY_PENDING)).toBe(IRQD_AFFINITY_SET);
  });

  it('a failed immediate move (-EBUSY) leaves the stored affinity as it was and becomes a pending move', () => {
    // Regression (was a bug at src/irq/manage.ts:74, fixed): irq_set_affinity_locked() only changes
    // desc->irq_common_data.affinity through irq_do_set_affinity() on IRQ_SET_MASK_OK/OK_DONE;
    // the model copied the mask before calling the chip, so a refused move still rewrote
    // affinity (which the vector domain's activation and "Affinity broken" check then read).
    // Regression (was a model error, fixed): irq_try_set_affinity() turns -EBUSY into a pending
    // move (irq_set_affinity_pending()), done by irq_move_irq() at a later interrupt; the model
    // returned -EBUSY and the request was lost.
    const { h, core, desc, virq } = setup();
    h.rootChip.setAffinityRet = -EBUSY;
    expect(irqSetAffinity(core, virq, mask(2))).toBe(IRQ_SET_MASK_OK);
    expect(core.affinity[virq].toList()).toEqual([0, 1, 2, 3]);
    expect(desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING).toBe(IRQD_SETAFFINITY_PENDING);
    expect(core.pendingMask[virq].toList()).toEqual([2]);
  });

  it('an IRQCHIP_MOVE_DEFERRED chip only records the pending mask', () => {
    const { core, desc, virq, log } = setup(IRQCHIP_MOVE_DEFERRED);
    expect(irqSetAffinity(core, virq, mask(3))).toBe(IRQ_SET_MASK_OK);
    expect(log).toEqual([]);
    expect(desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING).toBe(IRQD_SETAFFINITY_PENDING);
    expect(core.pendingMask[virq].toList()).toEqual([3]);
  });

  it('a deferred request leaves the stored affinity alone until the move happens', () => {
    // Regression (was a bug at src/irq/manage.ts:74, fixed): in irq_set_affinity_locked()'s deferred branch the kernel
    // only sets IRQD_SETAFFINITY_PENDING and copies pending_mask; desc affinity changes when
    // irq_move_masked_irq() succeeds (an idle irq keeps its old affinity until it next fires).
    const { core, virq } = setup(IRQCHIP_MOVE_DEFERRED);
    irqSetAffinity(core, virq, mask(3));
    expect(core.affinity[virq].toList()).toEqual([0, 1, 2, 3]);
  });

  it('while a move is pending even an immediate chip defers (the later mask wins)', () => {
    const { core, desc, virq, log } = setup();
    desc.irqdState[virq] |= IRQD_SETAFFINITY_PENDING;
    core.pendingMask[virq].copy(mask(1));
    expect(irqSetAffinity(core, virq, mask(2))).toBe(IRQ_SET_MASK_OK);
    expect(log).toEqual([]);
    expect(core.pendingMask[virq].toList()).toEqual([2]);
  });

  it('irq_do_set_affinity stores the mask on OK/OK_DONE but not on an error', () => {
    const { h, core, virq } = setup();
    h.rootChip.setAffinityRet = IRQ_SET_MASK_OK;
    expect(irqDoSetAffinity(core, virq, mask(1), false)).toBe(IRQ_SET_MASK_OK);
    expect(core.affinity[virq].toList()).toEqual([1]);
    h.rootChip.setAffinityRet = -EBUSY;
    expect(irqDoSetAffinity(core, virq, mask(3), false)).toBe(-EBUSY);
    expect(core.affinity[virq].toList()).toEqual([1]);
  });
});

describe('irq_move_irq (kernel/irq/migration.c)', () => {
  function pending() {
    const s = setup(IRQCHIP_MOVE_DEFERRED);
    irqSetAffinity(s.core, s.virq, mask(2));
    s.log.length = 0;
    return s;
  }

  it('an unmasked irq is masked around the move and unmasked again', () => {
    const { h, core, desc, virq, log } = pending();
    irqMoveIrq(core, virq);
    expect(log).toEqual(['top:mask', 'root:setAffinity', 'top:unmask']);
    expect(h.rootChip.affinityCalls).toEqual([[2]]);
    expect(desc.irqdState[virq] & (IRQD_SETAFFINITY_PENDING | IRQD_IRQ_MASKED)).toBe(0);
    expect(core.pendingMask[virq].isEmpty()).toBe(true);
    expect(core.affinity[virq].toList()).toEqual([2]);
  });

  it('an already masked irq is moved without touching the mask, and stays masked', () => {
    const { core, desc, virq, log } = pending();
    desc.irqdState[virq] |= IRQD_IRQ_MASKED;
    irqMoveIrq(core, virq);
    expect(log).toEqual(['root:setAffinity']);
    expect(desc.irqdState[virq] & IRQD_IRQ_MASKED).toBe(IRQD_IRQ_MASKED);
  });

  it('a disabled irq, or one with no pending move, is left alone', () => {
    const { core, desc, virq, log } = pending();
    desc.irqdState[virq] |= IRQD_IRQ_DISABLED;
    irqMoveIrq(core, virq);
    expect(log).toEqual([]);
    expect(desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING).toBe(IRQD_SETAFFINITY_PENDING);
    const other = setup(IRQCHIP_MOVE_DEFERRED);
    irqMoveIrq(other.core, other.virq);
    expect(other.log).toEqual([]);
  });

  it('-EBUSY (cleanup still pending below) keeps the move and its mask for the next interrupt', () => {
    const { h, core, desc, virq, log } = pending();
    h.rootChip.setAffinityRet = -EBUSY;
    irqMoveIrq(core, virq);
    expect(desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING).toBe(IRQD_SETAFFINITY_PENDING);
    expect(core.pendingMask[virq].toList()).toEqual([2]);
    h.rootChip.setAffinityRet = IRQ_SET_MASK_OK;
    log.length = 0;
    irqMoveIrq(core, virq);
    expect(log).toEqual(['top:mask', 'root:setAffinity', 'top:unmask']);
    expect(desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING).toBe(0);
    expect(core.affinity[virq].toList()).toEqual([2]);
  });

  it('an empty pending mask just drops the pending flag (irq_move_masked_irq)', () => {
    const { core, desc, virq, log } = pending();
    core.pendingMask[virq].clearAll();
    irqMoveMaskedIrq(core, virq);
    expect(log).toEqual([]);
    expect(desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING).toBe(0);
  });
});

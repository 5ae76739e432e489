import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EDGE_DEFERRED, EDGE_DONE, EDGE_RUN, EDGE_WAIT, handleEdgeIrq, handleIrqEventDone } from './handle-edge-irq.js';
import {
  IRQD_IRQ_INPROGRESS,
  IRQD_IRQ_MASKED,
  IRQD_SINGLE_TARGET,
  IRQS_PENDING,
  IRQS_REPLAY,
  IRQS_WAITING,
  IRQ_HANDLED,
  IRQ_NONE,
} from './irq-flags.js';
import { disableIrqNosync, irqDisable } from './manage.js';
import { createFakeCore, createFakeHierarchy, requestFakeIrq } from './testing/fake-chip.js';

/** A requested irq on the two-level fake (top: mask/unmask; root: ack), log cleared. */
function setup() {
  const h = createFakeHierarchy(createFakeCore());
  const virq = requestFakeIrq(h);
  const { core, desc, log } = h.fc;
  /** The flow handler's entry on `cpu`, logging "action@cpu" when it says run. */
  const edge = (cpu: number, fix = true): number => {
    const r = handleEdgeIrq(core, virq, cpu, fix);
    if (r === EDGE_RUN) log.push(`action@${cpu}`);
    return r;
  };
  /** The end of the action on `cpu`, logging the next action if the loop replays. */
  const done = (cpu: number, ret = IRQ_HANDLED): number => {
    const r = handleIrqEventDone(core, virq, cpu, ret);
    if (r === EDGE_RUN) log.push(`action@${cpu}`);
    return r;
  };
  return { h, virq, core, desc, log, edge, done };
}

describe('handle_edge_irq: op sequences', () => {
  it('a normal edge acks before the action, counts kstat, and ends with INPROGRESS clear', () => {
    const { desc, virq, log, edge, done } = setup();
    expect(edge(0)).toBe(EDGE_RUN);
    expect(desc.irqdState[virq] & IRQD_IRQ_INPROGRESS).toBe(IRQD_IRQ_INPROGRESS);
    expect(desc.inprogressCpu[virq]).toBe(0);
    expect(done(0)).toBe(EDGE_DONE);
    // The ack (top has none: forwarded to the root, which EOIs) comes before the action.
    expect(log).toEqual(['root:ack', 'action@0']);
    expect(desc.irqdState[virq] & IRQD_IRQ_INPROGRESS).toBe(0);
    expect(desc.inprogressCpu[virq]).toBe(-1);
    expect(desc.kstatIrqs(virq)).toBe(1);
    expect(desc.handled[virq]).toBe(1);
  });

  it('kstat counts on the CPU that ran the flow (the per-CPU columns of /proc/interrupts)', () => {
    const { desc, virq, edge, done } = setup();
    // Two runs on CPU 2, one on CPU 0; a deferred edge on CPU 1 while CPU 0 runs counts nowhere.
    for (const cpu of [2, 2, 0]) {
      expect(edge(cpu)).toBe(EDGE_RUN);
      if (cpu === 0) expect(edge(1)).toBe(EDGE_DEFERRED);
      while (done(cpu) === EDGE_RUN);
    }
    const row = [0, 1, 2, 3].map((cpu) => desc.kstatCpu[virq * desc.cpus + cpu]);
    expect(row).toEqual([1, 0, 2, 0]);
    expect(desc.kstatIrqs(virq)).toBe(3);
  });

  it('an edge while in progress on another CPU is deferred (PENDING, mask + ack), then replayed with an unmask', () => {
    const { desc, virq, log, edge, done } = setup();
    expect(edge(0)).toBe(EDGE_RUN);
    expect(edge(1)).toBe(EDGE_DEFERRED);
    expect(desc.istate[virq] & IRQS_PENDING).toBe(IRQS_PENDING);
    expect(desc.irqdState[virq] & IRQD_IRQ_MASKED).toBe(IRQD_IRQ_MASKED);
    // CPU 0 finishes, sees PENDING: unmask (it was masked by the deferral), clear PENDING, run again.
    expect(done(0)).toBe(EDGE_RUN);
    expect(desc.istate[virq] & IRQS_PENDING).toBe(0);
    expect(desc.irqdState[virq] & IRQD_IRQ_MASKED).toBe(0);
    expect(done(0)).toBe(EDGE_DONE);
    expect(log).toEqual(['root:ack', 'action@0', 'top:mask', 'root:ack', 'top:unmask', 'action@0']);
    // kstat counts flow-handler entries that ran (1), not the deferred one nor the replay turn.
    expect(desc.kstatIrqs(virq)).toBe(1);
    expect(desc.handled[virq]).toBe(2);
  });

  it('further edges during the same action coalesce into the one PENDING: the mask is not repeated, the ack is', () => {
    const { desc, virq, log, edge, done } = setup();
    edge(0);
    expect(edge(1)).toBe(EDGE_DEFERRED);
    expect(edge(2)).toBe(EDGE_DEFERRED);
    expect(done(0)).toBe(EDGE_RUN);
    expect(done(0)).toBe(EDGE_DONE);
    // mask_irq() skips an already masked irq (IRQD_IRQ_MASKED), the ack always runs: 2 acks, 1 mask.
    expect(log).toEqual(['root:ack', 'action@0', 'top:mask', 'root:ack', 'root:ack', 'top:unmask', 'action@0']);
    expect(desc.handled[virq]).toBe(2);
  });

  it('a disabled irq sets PENDING and mask_acks, without running or counting', () => {
    const { core, desc, virq, log, edge } = setup();
    irqDisable(core, virq);
    expect(edge(0)).toBe(EDGE_DEFERRED);
    expect(log).toEqual(['top:mask', 'root:ack']);
    expect(desc.istate[virq] & IRQS_PENDING).toBe(IRQS_PENDING);
    expect(desc.kstatIrqs(virq)).toBe(0);
  });

  it('an irq with no action sets PENDING and mask_acks', () => {
    const { desc, virq, log, edge } = setup();
    desc.action[virq] = -1;
    expect(edge(0)).toBe(EDGE_DEFERRED);
    expect(log).toEqual(['top:mask', 'root:ack']);
    expect(desc.istate[virq] & IRQS_PENDING).toBe(IRQS_PENDING);
  });

  it('an action removed while PENDING: the loop masks and stops, PENDING stays for a later resend', () => {
    const { desc, virq, log, edge, done } = setup();
    edge(0);
    edge(1);
    desc.action[virq] = -1;
    log.length = 0;
    expect(done(0)).toBe(EDGE_DONE);
    // Already masked by the deferral, so mask_irq() has nothing to do; no action runs.
    expect(log).toEqual([]);
    expect(desc.istate[virq] & IRQS_PENDING).toBe(IRQS_PENDING);
    expect(desc.irqdState[virq] & IRQD_IRQ_MASKED).toBe(IRQD_IRQ_MASKED);
  });

  it('disabled while an edge is pending: the loop stops (PENDING && !disabled) and stays masked', () => {
    const { core, desc, virq, log, edge, done } = setup();
    edge(0);
    edge(1);
    disableIrqNosync(core, virq);
    log.length = 0;
    expect(done(0)).toBe(EDGE_DONE);
    expect(log).toEqual([]);
    expect(desc.istate[virq] & IRQS_PENDING).toBe(IRQS_PENDING);
    expect(desc.irqdState[virq] & IRQD_IRQ_MASKED).toBe(IRQD_IRQ_MASKED);
  });

  it('IRQS_REPLAY and IRQS_WAITING are cleared on entry (irq_can_handle_actions), also when disabled', () => {
    const { core, desc, virq, edge, done } = setup();
    desc.istate[virq] |= IRQS_REPLAY | IRQS_WAITING;
    edge(0);
    expect(desc.istate[virq] & (IRQS_REPLAY | IRQS_WAITING)).toBe(0);
    done(0);
    desc.istate[virq] |= IRQS_REPLAY;
    irqDisable(core, virq);
    edge(0);
    expect(desc.istate[virq] & IRQS_REPLAY).toBe(0);
  });

  it('6.15+ order: an edge deferred because of INPROGRESS leaves REPLAY alone (irq_can_handle_pm comes first)', () => {
    const { desc, virq, edge } = setup();
    edge(0);
    desc.istate[virq] |= IRQS_REPLAY;
    expect(edge(1)).toBe(EDGE_DEFERRED);
    expect(desc.istate[virq] & IRQS_REPLAY).toBe(IRQS_REPLAY);
  });

  it('IRQ_NONE results are noted as unhandled, IRQ_HANDLED ones as handled', () => {
    const { desc, virq, edge, done } = setup();
    edge(0);
    done(0, IRQ_NONE);
    edge(0);
    done(0, IRQ_HANDLED);
    expect(desc.handled[virq]).toBe(1);
    expect(desc.irqsUnhandled[virq]).toBe(1);
    // irq_count runs from the first unhandled event on: both events count.
    expect(desc.irqCount[virq]).toBe(2);
  });
});

describe('handle_edge_irq: migration live lock fix (8d39d6ec4db5, irq_can_handle_pm)', () => {
  /** The irq runs on CPU 0; its effective affinity has just moved to CPU 1. */
  function moved() {
    const s = setup();
    s.desc.irqdState[s.virq] |= IRQD_SINGLE_TARGET;
    s.desc.effectiveCpu[s.virq] = 0;
    expect(s.edge(0)).toBe(EDGE_RUN);
    s.desc.effectiveCpu[s.virq] = 1;
    s.log.length = 0;
    return s;
  }

  it('with the fix, the new single target busy-waits (EDGE_WAIT): no PENDING, no chip ops', () => {
    const { desc, virq, log, edge, done } = moved();
    expect(edge(1, true)).toBe(EDGE_WAIT);
    expect(desc.istate[virq] & IRQS_PENDING).toBe(0);
    expect(log).toEqual([]);
    // The old CPU is released after one action; the waiter then handles the edge itself.
    expect(done(0)).toBe(EDGE_DONE);
    expect(edge(1, true)).toBe(EDGE_RUN);
    expect(log).toEqual(['root:ack', 'action@1']);
  });

  it('without the fix, the new target sets PENDING and the old CPU replays it', () => {
    const { desc, virq, log, edge, done } = moved();
    expect(edge(1, false)).toBe(EDGE_DEFERRED);
    expect(desc.istate[virq] & IRQS_PENDING).toBe(IRQS_PENDING);
    expect(done(0)).toBe(EDGE_RUN);
    expect(log).toEqual(['top:mask', 'root:ack', 'top:unmask', 'action@0']);
  });

  it('with the fix, a CPU that is not the new target is still deferred', () => {
    const { edge } = moved();
    expect(edge(2, true)).toBe(EDGE_DEFERRED);
  });

  it('with the fix, an irq that is not single-target is deferred even on its effective CPU', () => {
    const { desc, virq, edge } = moved();
    desc.irqdState[virq] &= ~IRQD_SINGLE_TARGET;
    expect(edge(1, true)).toBe(EDGE_DEFERRED);
  });
});

describe('handle_edge_irq: properties', () => {
  it('any interleaving of edges and action ends on 3 CPUs drains to: not pending, not masked, not in progress', () => {
    // Model: CPUs 0-2. An "edge" on an idle CPU enters the flow handler; a "finish" ends the
    // action on the CPU running it (the loop may replay). Every edge is eventually either run
    // or merged into PENDING, so actions run ≥ 1 and ≤ edges, and kstat = edges not deferred.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('edge', 'finish'), fc.integer({ min: 0, max: 2 })), { maxLength: 40 }), (steps) => {
        const { core, desc, virq } = setup();
        const running = [false, false, false];
        let edges = 0;
        let deferred = 0;
        let actions = 0;
        const finish = (cpu: number): void => {
          let r = handleIrqEventDone(core, virq, cpu, IRQ_HANDLED);
          while (r === EDGE_RUN) {
            actions++;
            r = handleIrqEventDone(core, virq, cpu, IRQ_HANDLED);
          }
          running[cpu] = false;
        };
        for (const [kind, cpu] of steps) {
          if (kind === 'edge') {
            if (running[cpu]) continue; // IF is off while the CPU is in the handler
            edges++;
            const r = handleEdgeIrq(core, virq, cpu, true);
            if (r === EDGE_RUN) {
              actions++;
              running[cpu] = true;
            } else {
              expect(r).toBe(EDGE_DEFERRED);
              deferred++;
            }
          } else if (running[cpu]) {
            finish(cpu);
          }
          // At most one CPU is ever in the action (INPROGRESS excludes the others).
          expect(running.filter(Boolean).length).toBeLessThanOrEqual(1);
        }
        for (let c = 0; c < 3; c++) if (running[c]) finish(c);
        expect(desc.istate[virq] & IRQS_PENDING).toBe(0);
        expect(desc.irqdState[virq] & (IRQD_IRQ_MASKED | IRQD_IRQ_INPROGRESS)).toBe(0);
        expect(desc.kstatIrqs(virq)).toBe(edges - deferred);
        if (edges > 0) expect(actions).toBeGreaterThanOrEqual(1);
        expect(actions).toBeLessThanOrEqual(edges);
        expect(desc.handled[virq]).toBe(actions);
      }),
      { numRuns: 200 },
    );
  });
});

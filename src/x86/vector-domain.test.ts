import { describe, expect, it } from 'vitest';
import { Simulator } from '../engine/simulator.js';
import { EV_IPI_VECTOR, EV_VECTOR_CLEANUP } from '../events.js';
import { IRQCHIP_MOVE_DEFERRED } from '../irq/chip.js';
import { CpuMask } from '../irq/cpumask.js';
import { EDGE_RUN, handleEdgeIrq, handleIrqEventDone } from '../irq/handle-edge-irq.js';
import { IRQ_HANDLED, IRQD_CAN_RESERVE, IRQD_SETAFFINITY_PENDING, IRQD_SINGLE_TARGET } from '../irq/irq-flags.js';
import { irqSetAffinity } from '../irq/manage.js';
import { MsiDescTable } from '../irq/msi-desc-table.js';
import { MsiDomain } from '../irq/msi-domain.js';
import { PciMsixChip } from '../irq/pci-msix-chip.js';
import { MsiMsg } from '../irq/msi-msg.js';
import { createFakeCore } from '../irq/testing/fake-chip.js';
import { LocalApic } from './local-apic.js';
import { DecodedMsi, MSI_FORMAT_COMPAT, decodeMsiMsg } from './msi-msg.js';
import { VectorDomain } from './vector-domain.js';
import { VectorMatrix } from './vector-matrix.js';
import { FIRST_EXTERNAL_VECTOR, MANAGED_IRQ_SHUTDOWN_VECTOR, VECTOR_UNUSED } from './vectors.js';
import { EBUSY, ENOSPC } from '../irq/errno.js';

const JIFFY_NS = 4_000_000; // HZ = 250
const COSTS = { eoiNs: 10, vectorAssignNs: 7, ipiNs: 500 };

/**
 * A hand-built machine as src/machine/machine.ts builds one: IrqCore + registries, matrix,
 * APICs, the vector domain, and a PCI MSI-X domain on top (real entries, moves deferred).
 */
function machine(options: { cpus?: number; reservation?: boolean; irqs?: number } = {}) {
  const cpus = options.cpus ?? 4;
  const irqs = options.irqs ?? 16;
  const sim = new Simulator();
  const f = createFakeCore({ cpus, irqs, clock: sim, jiffyNs: JIFFY_NS });
  const matrix = new VectorMatrix(cpus);
  const apic = new LocalApic(cpus);
  const online = new CpuMask(cpus).fillFirst(cpus);
  const vec = new VectorDomain({ core: f.core, matrix, apic, sim, costs: COSTS, cpus, capacity: irqs, reservationMode: options.reservation ?? true, onlineMask: online });
  /** [timeNs, kind, a0, a1] of every dispatched event. */
  const events: Array<[number, number, number, number]> = [];
  sim.setDispatch((kind, a0, a1) => {
    events.push([sim.nowNs, kind, a0, a1]);
    if (kind === EV_VECTOR_CLEANUP) vec.vectorCleanup(a0);
  });
  const descs = new MsiDescTable(irqs);
  const pci = new PciMsixChip(descs, f.meter, { sendPending: () => {}, writeMsiMsgCallback: () => {} }, { mmioWriteNs: 0, mmioReadNs: 0 });
  const msi = new MsiDomain(f.core, descs, { name: 'PCI-MSIX', parent: vec.id, chipFlags: IRQCHIP_MOVE_DEFERRED, chip: pci });
  const alloc = (name = `irq${f.desc.count}`): number => {
    const desc = descs.allocDesc(f.desc.count, false);
    const virq = f.domains.allocIrq(msi.id, name);
    msi.bindDesc(f.desc.topData[virq], desc);
    return virq;
  };
  /** request_irq: install an action and activate (the real vector in reservation mode). */
  const request = (virq: number): number => {
    f.desc.action[virq] = 0;
    const ret = f.domains.activateIrq(virq, false);
    if (ret === 0) f.desc.depth[virq] = 0;
    return ret;
  };
  /** irq_data row of `virq` at the vector domain, and its apic_chip_data row. */
  const vd = (virq: number): number => f.data.findAtDomain(f.desc.topData[virq], vec.id);
  const apicd = (virq: number): number => vec.apicd(vd(virq));
  /** The message the device holds for `virq`, decoded. */
  const deviceMsg = (virq: number): DecodedMsi => {
    const desc = f.data.chipData[f.desc.topData[virq]];
    const out = new DecodedMsi();
    expect(decodeMsiMsg(descs.msgLo[desc], descs.msgHi[desc], descs.msgData[desc], out)).toBe(MSI_FORMAT_COMPAT);
    return out;
  };
  /** Fills every free vector of `cpu` in the matrix (irq_matrix_assign, as boot irqs would). */
  const fillCpu = (cpu: number): void => {
    for (let v = matrix.allocStart; v < matrix.allocEnd; v++) if (!matrix.isSystem(v) && !matrix.isAllocated(cpu, v)) matrix.assign(cpu, v);
  };
  const mask = (...list: number[]): CpuMask => new CpuMask(cpus).fromList(list);
  return { f, sim, matrix, apic, online, vec, events, descs, msi, alloc, request, vd, apicd, deviceMsg, fillCpu, mask };
}

/** An activated irq on CPU 0, vector 0x20, with the vector domain's op called directly. */
function onCpu0() {
  const m = machine();
  const virq = m.alloc();
  expect(m.request(virq)).toBe(0);
  const a = m.apicd(virq);
  expect([m.vec.cpu[a], m.vec.vector[a]]).toEqual([0, FIRST_EXTERNAL_VECTOR]);
  return { ...m, virq, a, d: m.vd(virq) };
}

describe('VectorDomain: reservation mode (x86_vector_alloc_irqs + x86_vector_activate)', () => {
  it('alloc only reserves: global_reserved, no vector, message on the shutdown vector', () => {
    const m = machine();
    const virq = m.alloc();
    const a = m.apicd(virq);
    expect(m.matrix.globalReserved).toBe(1);
    expect(m.matrix.totalAllocated).toBe(0);
    expect(m.vec.vector[a]).toBe(0);
    expect([m.vec.cfgVector[a], m.vec.cfgCpu[a]]).toEqual([MANAGED_IRQ_SHUTDOWN_VECTOR, 0]);
    expect(m.f.data.hwirq[m.vd(virq)]).toBe(virq);
    expect(m.f.desc.irqdState[virq] & (IRQD_CAN_RESERVE | IRQD_SINGLE_TARGET)).toBe(IRQD_CAN_RESERVE | IRQD_SINGLE_TARGET);
    const msg = new MsiMsg();
    m.vec.composeMsiMsg(m.vd(virq), msg);
    const out = new DecodedMsi();
    decodeMsiMsg(msg.addressLo, msg.addressHi, msg.data, out);
    expect([out.destApicId, out.vector]).toEqual([0, 0xef]);
  });

  it('activation with reserve only points at the shutdown vector; a real activation assigns one', () => {
    const m = machine();
    const virq = m.alloc();
    expect(m.f.domains.activateIrq(virq, true)).toBe(0);
    expect(m.matrix.totalAllocated).toBe(0);
    expect(m.vec.cfgVector[m.apicd(virq)]).toBe(MANAGED_IRQ_SHUTDOWN_VECTOR);
  });

  it('activation assigns the lowest free vector on the CPU with the most available, and writes it', () => {
    // All four CPUs have 202: ties go to CPU 0 (a candidate must be strictly better), 0x20.
    // Then CPU 0 has 201, so the next three land on CPUs 1, 2, 3 at 0x20; the fifth on CPU 0 at 0x21.
    const m = machine();
    const got: Array<[number, number]> = [];
    for (let i = 0; i < 5; i++) {
      const virq = m.alloc();
      m.f.meter.take();
      expect(m.request(virq)).toBe(0);
      expect(m.f.meter.take()).toBe(COSTS.vectorAssignNs);
      const a = m.apicd(virq);
      got.push([m.vec.cpu[a], m.vec.vector[a]]);
      expect(m.vec.lookup(m.vec.cpu[a], m.vec.vector[a])).toBe(virq);
      expect(m.f.desc.effectiveCpu[virq]).toBe(m.vec.cpu[a]);
      const msg = m.deviceMsg(virq);
      expect([msg.destApicId, msg.vector]).toEqual([m.vec.cpu[a], m.vec.vector[a]]);
      expect(m.vec.hasReserved[a]).toBe(0);
    }
    expect(got).toEqual([
      [0, 0x20],
      [1, 0x20],
      [2, 0x20],
      [3, 0x20],
      [0, 0x21],
    ]);
    expect(m.matrix.globalReserved).toBe(0);
    expect(m.vec.stats.affinityBroken).toBe(0);
  });

  it('the best CPU is the one with most available vectors, not the lowest', () => {
    // CPU 0: 2 taken, CPU 1: 1, CPU 2: 0, CPU 3: 1 → CPU 2 has 202, the most.
    const m = machine();
    m.matrix.assign(0, 0x40);
    m.matrix.assign(0, 0x41);
    m.matrix.assign(1, 0x40);
    m.matrix.assign(3, 0x40);
    const virq = m.alloc();
    m.request(virq);
    expect(m.vec.cpu[m.apicd(virq)]).toBe(2);
  });

  it('a user mask with room is honoured; without room the irq lands elsewhere and "Affinity broken" is counted', () => {
    const m = machine();
    const fits = m.alloc();
    irqSetAffinity(m.f.core, fits, m.mask(3)); // not activated: only stored
    m.request(fits);
    expect(m.vec.cpu[m.apicd(fits)]).toBe(3);
    expect(m.vec.stats.affinityBroken).toBe(0);
    m.fillCpu(0);
    const broken = m.alloc();
    irqSetAffinity(m.f.core, broken, m.mask(0));
    expect(m.request(broken)).toBe(0);
    // CPU 0 full → assign_irq_vector_any_locked falls back to all online CPUs: 1 and 2 tie at 202.
    expect(m.vec.cpu[m.apicd(broken)]).toBe(1);
    expect(m.vec.stats.affinityBroken).toBe(1);
  });

  it('no room anywhere: -ENOSPC, counted', () => {
    const m = machine({ cpus: 2 });
    m.fillCpu(0);
    m.fillCpu(1);
    const virq = m.alloc();
    expect(m.request(virq)).toBe(-ENOSPC);
    expect(m.vec.stats.enospc).toBe(1);
  });

  it('deactivation frees the vector and takes the reservation back', () => {
    const { f, matrix, vec, virq, a } = onCpu0();
    f.domains.deactivateIrq(virq);
    expect(matrix.isAllocated(0, 0x20)).toBe(false);
    expect(vec.lookup(0, 0x20)).toBe(VECTOR_UNUSED);
    expect(matrix.globalReserved).toBe(1);
    expect(vec.cfgVector[a]).toBe(MANAGED_IRQ_SHUTDOWN_VECTOR);
  });
});

describe('VectorDomain: without reservation mode', () => {
  it('alloc assigns a real vector at once; activation keeps it (current CPU in the mask)', () => {
    const m = machine({ reservation: false });
    const virq = m.alloc();
    const a = m.apicd(virq);
    expect(m.matrix.globalReserved).toBe(0);
    expect([m.vec.cpu[a], m.vec.vector[a]]).toEqual([0, 0x20]);
    expect(m.vec.canReserve[a]).toBe(0);
    expect(m.f.desc.irqdState[virq] & IRQD_CAN_RESERVE).toBe(0);
    m.f.meter.take();
    expect(m.request(virq)).toBe(0);
    // assign_vector_locked() returns early: no matrix allocation, no assign cost.
    expect(m.f.meter.take()).toBe(0);
    expect(m.matrix.totalAllocated).toBe(1);
    expect([m.deviceMsg(virq).destApicId, m.deviceMsg(virq).vector]).toEqual([0, 0x20]);
  });
});

describe('VectorDomain: moves (apic_set_affinity, assign_vector_locked, apic_update_vector)', () => {
  it('nothing to do when the current CPU is in the new mask', () => {
    const { vec, d, a } = onCpu0();
    expect(vec.apicSetAffinity(d, new CpuMask(4).fromList([0, 2]))).toBe(0);
    expect([vec.cpu[a], vec.vector[a], vec.moveInProgress[a]]).toEqual([0, 0x20, 0]);
    expect(vec.stats.movesStarted).toBe(0);
  });

  it('a move keeps the old vector as prev_* with move_in_progress; both vector_irq slots name the irq', () => {
    const { f, vec, matrix, d, a, virq } = onCpu0();
    expect(vec.apicSetAffinity(d, new CpuMask(4).set(2))).toBe(0);
    expect([vec.cpu[a], vec.vector[a]]).toEqual([2, 0x20]);
    expect([vec.prevCpu[a], vec.prevVector[a], vec.moveInProgress[a]]).toEqual([0, 0x20, 1]);
    expect(vec.lookup(0, 0x20)).toBe(virq);
    expect(vec.lookup(2, 0x20)).toBe(virq);
    expect(matrix.isAllocated(0, 0x20)).toBe(true);
    expect([vec.cfgCpu[a], vec.cfgVector[a], f.desc.effectiveCpu[virq]]).toEqual([2, 0x20, 2]);
    expect(vec.stats.movesStarted).toBe(1);
  });

  it('-EBUSY while the move is in progress, and while its cleanup is queued', () => {
    const { f, vec, d, a } = onCpu0();
    vec.apicSetAffinity(d, new CpuMask(4).set(2));
    expect(vec.apicSetAffinity(d, new CpuMask(4).set(3))).toBe(-EBUSY);
    expect(vec.isMoveBusy(d)).toBe(true);
    // First interrupt on the new CPU: move_in_progress clears, the cleanup is queued on CPU 0.
    f.core.thisCpu = 2;
    vec.apicAckEdge(d);
    expect(vec.moveInProgress[a]).toBe(0);
    expect(vec.apicSetAffinity(d, new CpuMask(4).set(3))).toBe(-EBUSY);
    expect(vec.stats.busyRejections).toBe(2);
  });

  it('a move off an offline CPU frees the old vector at once (no move in progress)', () => {
    const { vec, matrix, online, d, a } = onCpu0();
    online.clear(0);
    matrix.offlineCpu(0);
    expect(vec.apicSetAffinity(d, new CpuMask(4).set(1))).toBe(0);
    expect(vec.moveInProgress[a]).toBe(0);
    expect(vec.prevVector[a]).toBe(0);
    expect(matrix.isAllocated(0, 0x20)).toBe(false);
  });
});

describe('VectorDomain: irq_complete_move and the cleanup timer', () => {
  function moving() {
    const s = onCpu0();
    s.vec.apicSetAffinity(s.d, new CpuMask(4).set(2));
    return s;
  }

  it('an interrupt on the old CPU does not complete the move; one on the new CPU queues the cleanup', () => {
    const { f, vec, sim, d, a } = moving();
    f.core.thisCpu = 0;
    vec.apicAckEdge(d);
    expect(vec.moveInProgress[a]).toBe(1);
    expect(vec.cleanupTimer[0]).toBe(-1);
    f.core.thisCpu = 2;
    vec.apicAckEdge(d);
    expect(vec.moveInProgress[a]).toBe(0);
    expect(vec.cleanupHead[0]).toBe(a);
    // jiffies + 1: the next tick boundary after now (0) is 4 ms.
    expect(vec.cleanupTimer[0]).toBeGreaterThanOrEqual(0);
    expect(sim.peekTimeNs()).toBe(JIFFY_NS);
  });

  it('the ack EOIs the APIC (apic_eoi) and charges it', () => {
    const { f, vec, apic, d } = moving();
    apic.setIrr(2, 0x20);
    apic.accept(2, 0x20);
    f.core.thisCpu = 2;
    f.meter.take();
    vec.apicAckEdge(d);
    expect(apic.isIsrSet(2, 0x20)).toBe(false);
    expect(f.meter.take()).toBe(COSTS.eoiNs);
  });

  it('the timer at the next jiffy frees the old vector: vector_irq back to VECTOR_UNUSED, matrix bit free', () => {
    const { f, vec, sim, matrix, events, d, a, virq } = moving();
    sim.run({ untilNs: 5_000_000 }); // now 5 ms: the next boundary is 8 ms
    f.core.thisCpu = 2;
    vec.apicAckEdge(d);
    sim.run();
    expect(events).toEqual([[8_000_000, EV_VECTOR_CLEANUP, 0, 0]]);
    expect(matrix.isAllocated(0, 0x20)).toBe(false);
    expect(vec.lookup(0, 0x20)).toBe(VECTOR_UNUSED);
    expect(vec.lookup(2, 0x20)).toBe(virq);
    expect([vec.prevVector[a], vec.isMoveBusy(d)]).toEqual([0, false]);
    expect(vec.stats.movesCompleted).toBe(1);
    // And the irq can move again.
    expect(vec.apicSetAffinity(d, new CpuMask(4).set(3))).toBe(0);
  });

  it('re-arms while the old vector is still pending in the old CPU IRR, frees it once it is not', () => {
    const { f, vec, sim, apic, matrix, events, d } = moving();
    f.core.thisCpu = 2;
    vec.apicAckEdge(d);
    apic.setIrr(0, 0x20); // "Moved interrupt pending in old target APIC"
    sim.run({ untilNs: JIFFY_NS });
    expect(vec.stats.cleanupRearms).toBe(1);
    expect(matrix.isAllocated(0, 0x20)).toBe(true);
    expect(vec.cleanupHead[0]).toBe(vec.apicd(d));
    apic.accept(0, 0x20);
    apic.eoi(0);
    sim.run();
    expect(events.map((e) => e[0])).toEqual([JIFFY_NS, 2 * JIFFY_NS]);
    expect(matrix.isAllocated(0, 0x20)).toBe(false);
    expect(vec.isMoveBusy(d)).toBe(false);
  });

  it('two cleanups queued on one CPU share one timer and are both freed', () => {
    const m = machine({ cpus: 2 });
    const x = m.alloc();
    const y = m.alloc();
    m.request(x); // CPU 0, 0x20
    m.request(y); // CPU 1, 0x20
    m.vec.apicSetAffinity(m.vd(x), new CpuMask(2).set(1)); // x: 0/0x20 → 1/0x21
    m.f.core.thisCpu = 1;
    m.vec.apicAckEdge(m.vd(x)); // x's old vector queued on CPU 0, timer armed
    const z = m.alloc();
    m.request(z); // CPU 0 has 201 free, CPU 1 has 200 → CPU 0, lowest free 0x21
    expect([m.vec.cpu[m.apicd(z)], m.vec.vector[m.apicd(z)]]).toEqual([0, 0x21]);
    m.vec.apicSetAffinity(m.vd(z), new CpuMask(2).set(1)); // z: 0/0x21 → 1/0x22
    m.vec.apicAckEdge(m.vd(z)); // queued on CPU 0 as well: the timer is already pending
    expect(m.sim.pendingCount).toBe(1);
    m.sim.run();
    expect(m.events).toEqual([[JIFFY_NS, EV_VECTOR_CLEANUP, 0, 0]]);
    expect(m.matrix.isAllocated(0, 0x20)).toBe(false);
    expect(m.matrix.isAllocated(0, 0x21)).toBe(false);
    expect(m.vec.stats.movesCompleted).toBe(2);
  });

  it('deactivating during a move also frees the previous vector (clear_irq_vector)', () => {
    // Regression (was a bug at src/x86/vector-domain.ts:186, #deactivate; also #free at :166, fixed): clear_irq_vector()
    // releases apicd->prev_vector on prev_cpu, clears move_in_progress and unhashes the clist
    // entry. The model releases only the current vector, so the old one stays allocated in the
    // matrix (and owned in vector_irq) for good if the move never completed.
    const { f, vec, matrix, virq, a } = moving();
    f.domains.deactivateIrq(virq);
    expect(matrix.isAllocated(0, 0x20)).toBe(false);
    expect(vec.lookup(0, 0x20)).not.toBe(virq);
    expect(vec.moveInProgress[a]).toBe(0);
  });
});

describe('VectorDomain: apic_retrigger_irq', () => {
  it('returns 1 and sends the vector to its CPU by IPI after ipiNs', () => {
    const { vec, sim, events, d } = onCpu0();
    sim.run({ untilNs: 1000 });
    expect(vec.apicRetriggerIrq(d)).toBe(1);
    sim.run();
    expect(events).toEqual([[1000 + COSTS.ipiNs, EV_IPI_VECTOR, 0, 0x20]]);
  });
});

describe('VectorDomain under a PCI MSI-X domain: the deferred move end to end', () => {
  it('request → pending; the next interrupt on the old CPU moves and rewrites the message; the first on the new CPU completes', () => {
    const { f, vec, sim, matrix, descs, deviceMsg, virq, a, d } = onCpu0();
    const desc = f.data.chipData[f.desc.topData[virq]];
    expect(irqSetAffinity(f.core, virq, new CpuMask(4).set(2))).toBe(0);
    expect(f.desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING).toBe(IRQD_SETAFFINITY_PENDING);
    expect(vec.cpu[a]).toBe(0); // nothing moved yet
    expect(descs.msgWrites[desc]).toBe(1);
    // Interrupt on the old CPU 0: ack → apic_ack_edge → irq_move_irq → msi_domain_set_affinity.
    f.core.thisCpu = 0;
    expect(handleEdgeIrq(f.core, virq, 0, true)).toBe(EDGE_RUN);
    expect(f.desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING).toBe(0);
    expect([vec.cpu[a], vec.vector[a], vec.moveInProgress[a]]).toEqual([2, 0x20, 1]);
    // The device holds the new message (CPU 2, 0x20), written once more; the entry was
    // masked around the move and is unmasked again.
    expect(descs.msgWrites[desc]).toBe(2);
    expect([deviceMsg(virq).destApicId, deviceMsg(virq).vector]).toEqual([2, 0x20]);
    expect(descs.maskBit[desc]).toBe(0);
    // The old vector still delivers until the first interrupt on the new CPU completes the move.
    expect(vec.lookup(0, 0x20)).toBe(virq);
    f.core.thisCpu = 2;
    vec.apicAckEdge(d);
    sim.run();
    expect(matrix.isAllocated(0, 0x20)).toBe(false);
    expect(vec.lookup(0, 0x20)).toBe(VECTOR_UNUSED);
    expect(f.core.affinity[virq].toList()).toEqual([2]);
  });

  it('a second request while the first move is still in progress stays pending (-EBUSY keeps it)', () => {
    const { f, vec, virq, a, d } = onCpu0();
    irqSetAffinity(f.core, virq, new CpuMask(4).set(2));
    f.core.thisCpu = 0;
    handleEdgeIrq(f.core, virq, 0, true); // moves to CPU 2, move in progress
    irqSetAffinity(f.core, virq, new CpuMask(4).set(3));
    // Another interrupt on the old vector/CPU before one arrives on CPU 2: assign_vector_locked → -EBUSY.
    handleIrqEventDone(f.core, virq, 0, IRQ_HANDLED);
    vec.apicAckEdge(d);
    expect(f.desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING).toBe(IRQD_SETAFFINITY_PENDING);
    expect(f.core.pendingMask[virq].toList()).toEqual([3]);
    expect(vec.cpu[a]).toBe(2);
    expect(vec.stats.busyRejections).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { Simulator } from '../engine/simulator.js';
import { EV_VECTOR_CLEANUP } from '../events.js';
import { CpuMask } from '../irq/cpumask.js';
import { EDGE_RUN, handleEdgeIrq } from '../irq/handle-edge-irq.js';
import { IRQD_SETAFFINITY_PENDING, IRQ_SET_MASK_OK, IRQ_SET_MASK_OK_DONE } from '../irq/irq-flags.js';
import { irqDoSetAffinity, irqSetAffinity } from '../irq/manage.js';
import { MsiDescTable } from '../irq/msi-desc-table.js';
import { MsiDomain } from '../irq/msi-domain.js';
import { PciMsixChip } from '../irq/pci-msix-chip.js';
import { NtbMsiChip } from '../ntb/ntb-msi-chip.js';
import { createFakeCore } from '../irq/testing/fake-chip.js';
import { InterruptEntryCache } from './iec.js';
import {
  IRTE_INDEX_INVALID,
  IRTE_NOT_PRESENT,
  IRTE_OK,
  IRTE_SID_MISMATCH,
  IrteTable,
  SVT_NO_VERIFY,
  SVT_VERIFY_BUS,
  SVT_VERIFY_SID_SQ,
} from './irte-table.js';
import { LocalApic } from './local-apic.js';
import { DecodedMsi, MSI_FORMAT_REMAPPABLE, decodeMsiMsg } from './msi-msg.js';
import { IntelRemappingDomain } from './intel-remapping-domain.js';
import { REMAP_BLOCKED, REMAP_PASSTHROUGH, REMAP_TRANSLATED, RemapResult, type SourceIdCheck } from './interrupt-remapper.js';
import { VectorDomain } from './vector-domain.js';
import { VectorMatrix } from './vector-matrix.js';
import { EBUSY } from '../irq/errno.js';

const JIFFY_NS = 4_000_000;
const VEC_COSTS = { eoiNs: 10, vectorAssignNs: 7, ipiNs: 500 };
const IR_COSTS = { entryWriteNs: 300, cacheFlushNs: 2000 };
const DEVICE_RID = 0x0301; // bus 3, devfn 0x01: the Switchtec NTB function
const PROXY_RID = 0x0380; //  a proxy requester ID on the same bus (peer writes)
const OTHER_BUS_RID = 0x0901;

/**
 * MSI (IR-PCI-MSIX or NTB-MSI) → INTEL-IR → VECTOR, built by hand as machine.ts does, with a
 * small IRTE table and IEC. Reservation mode on.
 */
function machine(options: { sourceIdCheck?: SourceIdCheck; posted?: boolean; kind?: 'pci-msix' | 'ntb' } = {}) {
  const cpus = 4;
  const sim = new Simulator();
  const f = createFakeCore({ cpus, irqs: 8, clock: sim, jiffyNs: JIFFY_NS });
  const matrix = new VectorMatrix(cpus);
  const apic = new LocalApic(cpus);
  const online = new CpuMask(cpus).fillFirst(cpus);
  const vec = new VectorDomain({ core: f.core, matrix, apic, sim, costs: VEC_COSTS, cpus, capacity: 8, reservationMode: true, onlineMask: online });
  sim.setDispatch((kind, a0) => {
    if (kind === EV_VECTOR_CLEANUP) vec.vectorCleanup(a0);
  });
  const irte = new IrteTable(64);
  const iec = new InterruptEntryCache(4, 2);
  const remap = new IntelRemappingDomain({
    core: f.core,
    vector: vec,
    irte,
    iec,
    ...IR_COSTS,
    posted: options.posted ?? false,
    deviceRid: DEVICE_RID,
    sourceIdCheck: options.sourceIdCheck ?? 'bus',
    capacity: f.data.capacity,
  });
  const descs = new MsiDescTable(8);
  const callbacks: number[] = [];
  const record = (desc: number): void => {
    callbacks.push(desc);
  };
  const chip =
    options.kind === 'ntb'
      ? new NtbMsiChip(descs, record)
      : new PciMsixChip(descs, f.meter, { sendPending: () => {}, writeMsiMsgCallback: record }, { mmioWriteNs: 0, mmioReadNs: 0 });
  const msi = new MsiDomain(f.core, descs, { name: options.kind === 'ntb' ? 'NTB-MSI' : 'IR-PCI-MSIX', parent: remap.id, chipFlags: 0, chip });
  /** Allocates, binds and requests one irq (a virtual entry, so the msg write costs nothing). */
  const request = (): { virq: number; desc: number; dIr: number; dVec: number; index: number } => {
    const desc = descs.allocDesc(0x10000 + f.desc.count, true);
    const virq = f.domains.allocIrq(msi.id, `q${f.desc.count}`);
    const top = f.desc.topData[virq];
    msi.bindDesc(top, desc);
    f.desc.action[virq] = 0;
    expect(f.domains.activateIrq(virq, false)).toBe(0);
    f.desc.depth[virq] = 0;
    const dIr = f.data.findAtDomain(top, remap.id);
    return { virq, desc, dIr, dVec: f.data.findAtDomain(top, vec.id), index: remap.irteIndex[dIr] };
  };
  return { f, sim, matrix, apic, vec, irte, iec, remap, descs, msi, callbacks, request };
}

describe.each([
  // [mode, svt, sid, device RID verdict, proxy RID (same bus) verdict, other-bus RID verdict]
  ['requester-id', SVT_VERIFY_SID_SQ, DEVICE_RID, IRTE_OK, IRTE_SID_MISMATCH, IRTE_SID_MISMATCH],
  ['bus', SVT_VERIFY_BUS, 0x0303, IRTE_OK, IRTE_OK, IRTE_SID_MISMATCH],
  ['none', SVT_NO_VERIFY, 0, IRTE_OK, IRTE_OK, IRTE_OK],
] as const)('IntelRemappingDomain: source-ID mode %s (set_msi_sid)', (mode, svt, sid, own, proxy, otherBus) => {
  it(`programs svt ${svt}, sid 0x${sid.toString(16)}`, () => {
    const m = machine({ sourceIdCheck: mode });
    const { index } = m.request();
    expect([m.irte.svt[index], m.irte.sid[index]]).toEqual([svt, sid]);
  });

  it('decides the device, a same-bus proxy requester ID, and another bus', () => {
    const m = machine({ sourceIdCheck: mode });
    const { index } = m.request();
    const out = new RemapResult();
    m.remap.remap(index, DEVICE_RID, out);
    expect(out.verdict).toBe(own);
    m.remap.remap(index, PROXY_RID, out);
    expect(out.verdict).toBe(proxy);
    m.remap.remap(index, OTHER_BUS_RID, out);
    expect(out.verdict).toBe(otherBus);
  });
});

describe('IntelRemappingDomain: allocation, activation, compose', () => {
  it('alloc takes an IRTE (hwirq = index) that stays not present until activation', () => {
    const m = machine();
    const desc = m.descs.allocDesc(0x10000, true);
    const virq = m.f.domains.allocIrq(m.msi.id, 'q');
    m.msi.bindDesc(m.f.desc.topData[virq], desc);
    const dIr = m.f.data.findAtDomain(m.f.desc.topData[virq], m.remap.id);
    const index = m.remap.irteIndex[dIr];
    expect(index).toBe(0);
    expect(m.f.data.hwirq[dIr]).toBe(index);
    expect(m.irte.isAllocated(index)).toBe(true);
    const out = new RemapResult();
    m.remap.remap(index, DEVICE_RID, out);
    expect(out.verdict).toBe(IRTE_NOT_PRESENT);
  });

  it('activation programs the IRTE from the vector cfg, flushes the IEC, and writes a remappable message naming the IRTE', () => {
    const m = machine();
    m.f.meter.take();
    const { desc, index } = m.request();
    // vector 0x20 on CPU 0 (7 ns), then one modify_irte + qi_flush_iec (300 + 2000 ns).
    expect(m.f.meter.take()).toBe(VEC_COSTS.vectorAssignNs + IR_COSTS.entryWriteNs + IR_COSTS.cacheFlushNs);
    expect([m.irte.present[index], m.irte.vector[index], m.irte.destId[index]]).toEqual([1, 0x20, 0]);
    expect(m.remap.iecFlushes).toBe(1);
    const msg = new DecodedMsi();
    expect(decodeMsiMsg(m.descs.msgLo[desc], m.descs.msgHi[desc], m.descs.msgData[desc], msg)).toBe(MSI_FORMAT_REMAPPABLE);
    expect(msg.irteIndex).toBe(index);
  });

  it('remap() reports the destination, and the IEC hit after the first miss', () => {
    const m = machine();
    const { index } = m.request();
    const out = new RemapResult();
    m.remap.remap(index, DEVICE_RID, out);
    expect([out.verdict, out.cpu, out.vector, out.posted, out.cacheHit]).toEqual([IRTE_OK, 0, 0x20, 0, 0]);
    m.remap.remap(index, DEVICE_RID, out);
    expect(out.cacheHit).toBe(1);
    m.remap.remap(64, DEVICE_RID, out);
    expect([out.verdict, out.cacheHit]).toEqual([IRTE_INDEX_INVALID, 0]);
  });

  it('a deactivated then reactivated IRTE still checks the source ID', () => {
    // Regression (was a bug at src/x86/remapping-domain.ts:497 and :501, fixed): intel_irq_remapping_deactivate() writes
    // an all-zero IRTE to the hardware, but the driver's cached ir_data->irte_entry keeps the
    // sid/sq/svt that set_msi_sid() put there at alloc, and activation
    // (intel_ir_reconfigure_irte(irqd, true)) writes that whole cached entry back. The model's
    // IrteTable.deactivate() zeroes the source fields and program() keeps whatever is there, so
    // after a deactivate/activate cycle the entry verifies nothing (svt 0): proxy or foreign
    // requester IDs are let through.
    const m = machine({ sourceIdCheck: 'requester-id' });
    const { virq, index } = m.request();
    m.f.domains.deactivateIrq(virq);
    expect(m.f.domains.activateIrq(virq, false)).toBe(0);
    const out = new RemapResult();
    m.remap.remap(index, PROXY_RID, out);
    expect(out.verdict).toBe(IRTE_SID_MISMATCH);
    expect([m.irte.svt[index], m.irte.sid[index]]).toEqual([SVT_VERIFY_SID_SQ, DEVICE_RID]);
  });

  it('deactivation clears the IRTE (not present) and flushes', () => {
    const m = machine();
    const { virq, index } = m.request();
    m.f.domains.deactivateIrq(virq);
    expect(m.remap.iecFlushes).toBe(2);
    const out = new RemapResult();
    m.remap.remap(index, DEVICE_RID, out);
    expect(out.verdict).toBe(IRTE_NOT_PRESENT);
  });
});

describe('IntelRemappingDomain as an InterruptRemapper: remapMsi()', () => {
  it('translates the message the device holds, blocks a writer the IRTE refuses, passes a compat message through', () => {
    const m = machine({ sourceIdCheck: 'requester-id' });
    const { desc } = m.request();
    const out = new RemapResult();
    const lo = m.descs.msgLo[desc] | 0;
    const data = m.descs.msgData[desc];
    expect(m.remap.remapMsi(lo, data, DEVICE_RID, out)).toBe(REMAP_TRANSLATED);
    expect([out.cpu, out.vector, out.posted]).toEqual([0, 0x20, 0]);
    expect(m.remap.remapMsi(lo, data, PROXY_RID, out)).toBe(REMAP_BLOCKED);
    expect(out.verdict).toBe(IRTE_SID_MISMATCH);
    // Compatibility format (dest APIC 1, vector 0x31): not Intel's to translate.
    expect(m.remap.remapMsi(0xfee01000 | 0, 0x31, DEVICE_RID, out)).toBe(REMAP_PASSTHROUGH);
    // One activation (one IRTE write, one flush), one blocked write reported; two lookups, the first a miss.
    expect(m.remap.counters()).toEqual({ cacheHits: 1, cacheMisses: 1, cacheFlushes: 1, faults: 1 });
  });
});

describe('IntelRemappingDomain: intel_ir_set_affinity', () => {
  it('rewrites the IRTE in place, flushes the IEC, queues the cleanup at once, and returns OK_DONE', () => {
    const m = machine();
    const { virq, desc, dVec, index } = m.request();
    const a = m.vec.apicd(dVec);
    const out = new RemapResult();
    m.remap.remap(index, DEVICE_RID, out); // now cached in the IEC
    expect(m.iec.contains(index)).toBe(true);
    const lo = m.descs.msgLo[desc];
    m.f.meter.take();
    // The IR-PCI-MSIX chip is not MOVE_DEFERRED: the move happens in the request itself.
    expect(irqSetAffinity(m.f.core, virq, new CpuMask(4).set(2))).toBe(IRQ_SET_MASK_OK_DONE);
    expect(m.f.meter.take()).toBe(VEC_COSTS.vectorAssignNs + IR_COSTS.entryWriteNs + IR_COSTS.cacheFlushNs);
    expect(m.remap.irteIndex[m.f.data.findAtDomain(m.f.desc.topData[virq], m.remap.id)]).toBe(index);
    expect([m.irte.vector[index], m.irte.destId[index]]).toEqual([0x20, 2]);
    expect(m.iec.contains(index)).toBe(false);
    // vector_schedule_cleanup(): no wait for a first interrupt on the new CPU.
    expect(m.vec.moveInProgress[a]).toBe(0);
    expect(m.vec.cleanupHead[0]).toBe(a);
    expect(m.sim.pendingCount).toBe(1);
    // OK_DONE: msi_domain_set_affinity composes and writes nothing; the device's message is unchanged.
    expect(m.descs.msgWrites[desc]).toBe(1);
    expect(m.descs.msgLo[desc]).toBe(lo);
    m.remap.remap(index, DEVICE_RID, out);
    expect([out.verdict, out.cpu, out.vector, out.cacheHit]).toEqual([IRTE_OK, 2, 0x20, 0]);
    expect(m.f.core.affinity[virq].toList()).toEqual([2]);
  });

  it("an NTB-MSI domain on top gets no write_msi_msg callback for a move (nothing reaches the peers)", () => {
    const m = machine({ kind: 'ntb' });
    const { virq, desc } = m.request();
    expect(m.callbacks).toEqual([desc]); // the activation's write
    irqSetAffinity(m.f.core, virq, new CpuMask(4).set(3));
    expect(m.callbacks).toEqual([desc]);
  });

  it('the parent refusing (-EBUSY: cleanup still queued) leaves the IRTE alone', () => {
    const m = machine();
    const { virq, index } = m.request();
    irqSetAffinity(m.f.core, virq, new CpuMask(4).set(2));
    const flushes = m.remap.iecFlushes;
    expect(irqDoSetAffinity(m.f.core, virq, new CpuMask(4).set(3), false)).toBe(-EBUSY);
    expect(m.remap.iecFlushes).toBe(flushes);
    expect(m.irte.destId[index]).toBe(2);
    // irq_set_affinity_locked() keeps the refused request as a pending move (irq_try_set_affinity).
    expect(irqSetAffinity(m.f.core, virq, new CpuMask(4).set(3))).toBe(IRQ_SET_MASK_OK);
    expect(m.f.core.desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING).toBe(IRQD_SETAFFINITY_PENDING);
    expect(m.f.core.pendingMask[virq].toList()).toEqual([3]);
    expect(m.irte.destId[index]).toBe(2);
  });

  it('after the cleanup timer the old vector is free and the irq can move again', () => {
    const m = machine();
    const { virq, index } = m.request();
    irqSetAffinity(m.f.core, virq, new CpuMask(4).set(2));
    expect(m.matrix.isAllocated(0, 0x20)).toBe(true);
    m.sim.run(); // the cleanup timer at the next jiffy
    expect(m.sim.nowNs).toBe(JIFFY_NS);
    expect(m.matrix.isAllocated(0, 0x20)).toBe(false);
    expect(irqSetAffinity(m.f.core, virq, new CpuMask(4).set(3))).toBe(IRQ_SET_MASK_OK_DONE);
    expect(m.irte.destId[index]).toBe(3);
  });
});

describe('IntelRemappingDomain: the ack (apic_ack_irq) and posted mode', () => {
  it('the ack chain from the MSI level ends in the IR chip: one EOI, no irq_complete_move', () => {
    const m = machine();
    const { virq } = m.request();
    m.apic.setIrr(0, 0x20);
    m.apic.accept(0, 0x20);
    m.f.core.thisCpu = 0;
    m.f.meter.take();
    expect(handleEdgeIrq(m.f.core, virq, 0, true)).toBe(EDGE_RUN);
    expect(m.apic.isIsrSet(0, 0x20)).toBe(false);
    expect(m.f.meter.take()).toBe(VEC_COSTS.eoiNs);
  });

  it('posted: INTEL-IR-POST chip, posted-format IRTE naming the CPU, and a dummy ack (no EOI)', () => {
    const m = machine({ posted: true });
    const { virq, index } = m.request();
    const dIr = m.f.data.findAtDomain(m.f.desc.topData[virq], m.remap.id);
    expect(m.f.chips.chipOf(dIr).name).toBe('INTEL-IR-POST');
    const out = new RemapResult();
    m.remap.remap(index, DEVICE_RID, out);
    expect([out.verdict, out.posted, out.cpu, out.vector]).toEqual([IRTE_OK, 1, 0, 0x20]);
    m.f.meter.take();
    handleEdgeIrq(m.f.core, virq, 0, true);
    expect(m.f.meter.take()).toBe(0);
    expect(m.apic.spuriousEoi[0]).toBe(0);
  });
});

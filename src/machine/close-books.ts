/**
 * The run's books: at the end every trigger still unresolved is in flight (in an IRR or PIR bit,
 * an IRQS_PENDING flag or a PBA bit, an action still running, a write waiting out an IEC miss),
 * so the accounting identity holds; and the machine's own counters for reports and tests.
 */
import type { Simulator } from '../engine/simulator.js';
import type { Metrics } from '../metrics/metrics.js';
import type { SwitchtecDbMsg } from '../ntb/switchtec-dbmsg.js';
import { CPU_EXITING, CPU_HARDIRQ, CPU_SPIN, type CpuFlow } from './cpu-flow.js';
import type { Delivery } from './delivery.js';
import type { IrqHierarchy } from './irq-hierarchy.js';
import type { NtbMsiHost } from './ntb-msi-host.js';
import type { PeerWrites } from './peer-writes.js';
import type { TriggerSlots } from './trigger-slots.js';

/** The whole result a run produces besides metrics: the counts tests and reports want. */
export interface MachineCounters {
  readonly eventsDispatched: number;
  readonly irrCoalesced: number;
  readonly vectorMovesStarted: number;
  readonly vectorMovesCompleted: number;
  readonly cleanupRearms: number;
  readonly affinityBroken: number;
  readonly affinityBusy: number;
  readonly iecHits: number;
  readonly iecMisses: number;
  readonly iecFlushes: number;
  readonly remapFaults: number;
  readonly doorbellBitsCoalesced: number;
  readonly messagesOverflowed: number;
  readonly nobodyCared: number;
  readonly windowFaults: number;
  readonly republishes: number;
  readonly staleWrites: number;
  readonly sourceHeldBack: number;
}

/** The parts of a machine its books read. */
export interface MachineBooks {
  readonly sim: Simulator;
  readonly metrics: Metrics;
  readonly hierarchy: IrqHierarchy;
  readonly cpuFlow: CpuFlow;
  readonly delivery: Delivery;
  readonly irr: TriggerSlots;
  readonly pending: TriggerSlots;
  readonly regs: readonly SwitchtecDbMsg[];
  readonly ntbMsi: NtbMsiHost;
  readonly writes: PeerWrites;
}

/** The end of the run (now): every trigger still unresolved is booked in flight. */
export function closeBooks(b: MachineBooks): void {
  const m = b.metrics;
  const now = b.sim.nowNs;
  const irr = b.irr;
  for (let slot = 0; slot < irr.size; slot++) if (irr.carries(slot)) m.addInFlight(irr.virq[slot], irr.peer[slot], 1);
  if (b.cpuFlow.posted !== null) b.cpuFlow.posted.addInFlight();
  const pending = b.pending;
  for (let virq = 0; virq < b.hierarchy.desc.count; virq++) if (pending.carries(virq)) m.addInFlight(virq, pending.peer[virq], 1);
  const f = b.cpuFlow;
  for (let cpu = 0; cpu < f.cpuState.length; cpu++) {
    const s = f.cpuState[cpu];
    if (s === CPU_EXITING) m.cpuExit(cpu, Math.min(f.cpuBusyUntilNs[cpu], now));
    if ((s === CPU_HARDIRQ || s === CPU_SPIN) && f.cpuVirq[cpu] >= 0 && f.cpuTriggerNs[cpu] >= 0) {
      m.addInFlight(f.cpuVirq[cpu], f.cpuPeer[cpu], 1);
    }
  }
  // A write still waiting out its IEC miss (a freed slot was cleared when it arrived).
  const miss = b.delivery.iecMiss.slots;
  for (let slot = 0; slot < miss.size; slot++) if (miss.carries(slot)) m.addInFlight(miss.virq[slot], miss.peer[slot], 1);
}

/** The machine's counters now. */
export function machineCounters(b: MachineBooks): MachineCounters {
  let doorbellCoalesced = 0;
  let overflowed = 0;
  for (const r of b.regs) {
    doorbellCoalesced += r.dbBitsCoalesced;
    overflowed += r.msgOverwritten + r.msgDropped;
  }
  const h = b.hierarchy;
  const stats = h.vector.stats;
  const remap = h.remapper === null ? null : h.remapper.counters();
  return {
    eventsDispatched: b.sim.dispatched,
    irrCoalesced: b.delivery.irrCoalesced,
    vectorMovesStarted: stats.movesStarted,
    vectorMovesCompleted: stats.movesCompleted,
    cleanupRearms: stats.cleanupRearms,
    affinityBroken: stats.affinityBroken,
    affinityBusy: stats.busyRejections,
    iecHits: remap === null ? 0 : remap.cacheHits,
    iecMisses: remap === null ? 0 : remap.cacheMisses,
    iecFlushes: remap === null ? 0 : remap.cacheFlushes,
    remapFaults: remap === null ? 0 : remap.faults,
    doorbellBitsCoalesced: doorbellCoalesced,
    messagesOverflowed: overflowed,
    nobodyCared: h.nobodyCared,
    windowFaults: b.ntbMsi.windowFaults,
    republishes: b.ntbMsi.republishes,
    staleWrites: b.writes.staleWrites,
    sourceHeldBack: b.writes.sourceHeldBack,
  };
}

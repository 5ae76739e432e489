/**
 * src/x86/ mirrors arch/x86/kernel/apic/ (the vector matrix and domain, the local APIC, the MSI
 * formats, posted MSI) and interrupt remapping (drivers/iommu/: the InterruptRemapper interface
 * and Intel's VT-d domain).
 *
 * The x86 vector domain, arch/x86/kernel/apic/vector.c: apic_chip_data per irq, the per-CPU
 * vector_irq[] table the entry code reads, the chip "APIC" (ack = apic_ack_edge, set_affinity
 * = apic_set_affinity, compose = the compatibility MSI format, retrigger = self-IPI), the
 * alloc/activate policy (reservation mode: the real vector comes at activation), moves with
 * move_in_progress and the per-CPU cleanup timer at jiffies + 1.
 */
import type { Simulator } from '../engine/simulator.js';
import { EV_IPI_VECTOR, EV_VECTOR_CLEANUP } from '../events.js';
import { CpuMask } from '../irq/cpumask.js';
import type { IrqCore } from '../irq/irq-core.js';
import { IRQD_CAN_RESERVE, IRQD_SINGLE_TARGET, IRQ_SET_MASK_OK } from '../irq/irq-flags.js';
import { irqMoveIrq } from '../irq/manage.js';
import type { MsiMsg } from '../irq/msi-msg.js';
import type { LocalApic } from './local-apic.js';
import type { PostedMsiDescriptors } from './posted-msi.js';
import { composeCompatMsg } from './msi-msg.js';
import { MatrixScratch, type VectorMatrix } from './vector-matrix.js';
import { MANAGED_IRQ_SHUTDOWN_VECTOR, NR_VECTORS, VECTOR_UNUSED } from './vectors.js';
import { EBUSY } from '../irq/errno.js';

/** cleanupTimer values besides an event id: no timer armed, or the cleanup waits for an irq exit. */
export const CLEANUP_IDLE = -1;
export const CLEANUP_DEFERRED = -2;

const CLIST_UNHASHED = -2;

/** Costs the vector domain charges to the CostMeter, in ns. */
export interface VectorDomainCosts {
  /** apic_eoi(): x2APIC WRMSR or xAPIC MMIO write. */
  eoiNs: number;
  /** One irq_matrix_alloc + apic_update_vector under vector_lock. */
  vectorAssignNs: number;
  /** Sending a self-IPI and its arrival (irq_retrigger). */
  ipiNs: number;
}

/** What a VectorDomain is built from (cold: once per machine). */
export interface VectorDomainOptions {
  readonly core: IrqCore;
  readonly matrix: VectorMatrix;
  readonly apic: LocalApic;
  readonly sim: Simulator;
  readonly costs: VectorDomainCosts;
  /** CPUs of the machine (the per-CPU tables' size). */
  readonly cpus: number;
  /** apic_chip_data rows: one per irq at this level. */
  readonly capacity: number;
  /** Reservation mode (GENERIC_IRQ_RESERVATION_MODE): the vector is chosen at activation. */
  readonly reservationMode: boolean;
  /** The set of online CPUs (cpu_online_mask). */
  readonly onlineMask: CpuMask;
}

/** Counters the vector domain keeps (all cumulative). */
export class VectorDomainStats {
  movesStarted = 0;
  movesCompleted = 0;
  busyRejections = 0;
  cleanupRearms = 0;
  affinityBroken = 0;
  enospc = 0;
}

export class VectorDomain {
  readonly id: number;
  readonly chip: number;
  readonly stats = new VectorDomainStats();
  /** per_cpu(vector_irq)[vector] flattened: virq, or VECTOR_UNUSED/SHUTDOWN/RETRIGGERED. */
  readonly vectorIrq: Int32Array;
  /** apic_chip_data.irq */
  virq: Int32Array;
  /** apic_chip_data.vector (0 = none) */
  vector: Int32Array;
  /** apic_chip_data.cpu */
  cpu: Int32Array;
  /** apic_chip_data.prev_vector (0 = none) */
  prevVector: Int32Array;
  /** apic_chip_data.prev_cpu */
  prevCpu: Int32Array;
  /** hw_irq_cfg.vector: what the message carries (may be the shutdown vector) */
  cfgVector: Int32Array;
  /** hw_irq_cfg.dest_apicid (APIC ID = CPU number in this model) */
  cfgCpu: Int32Array;
  /** apic_chip_data.move_in_progress */
  moveInProgress: Uint8Array;
  /** apic_chip_data.can_reserve */
  canReserve: Uint8Array;
  /** apic_chip_data.has_reserved */
  hasReserved: Uint8Array;
  /** apic_chip_data.clist: next row on the CPU's cleanup list (-1 end, -2 unhashed) */
  clistNext: Int32Array;
  /** Head of each CPU's cleanup list (-1 empty), and its armed timer event (-1 none). */
  readonly cleanupHead: Int32Array;
  readonly cleanupTimer: Int32Array;
  /**
   * With posted MSI, the CPUs' posted-interrupt descriptors: a vector set in the PIR is pending
   * too (is_vector_pending(): IRR or pi_pending_this_cpu()), so its cleanup waits. Set by the
   * builder; null without posted MSI.
   */
  postedPir: PostedMsiDescriptors | null = null;
  count = 0;
  readonly #scratch = new MatrixScratch();
  readonly #search: CpuMask;

  readonly core: IrqCore;
  readonly matrix: VectorMatrix;
  readonly apic: LocalApic;
  readonly sim: Simulator;
  readonly costs: VectorDomainCosts;
  readonly cpuCount: number;
  /** Reservation mode (GENERIC_IRQ_RESERVATION_MODE): the vector is chosen at activation. */
  readonly reservationMode: boolean;
  /** The set of online CPUs (cpu_online_mask). */
  readonly onlineMask: CpuMask;

  constructor(options: VectorDomainOptions) {
    const { core, capacity } = options;
    const cpuCount = options.cpus;
    this.core = core;
    this.matrix = options.matrix;
    this.apic = options.apic;
    this.sim = options.sim;
    this.costs = options.costs;
    this.cpuCount = cpuCount;
    this.reservationMode = options.reservationMode;
    this.onlineMask = options.onlineMask;
    this.#search = new CpuMask(cpuCount);
    this.vectorIrq = new Int32Array(cpuCount * NR_VECTORS).fill(VECTOR_UNUSED);
    this.virq = new Int32Array(capacity).fill(-1);
    this.vector = new Int32Array(capacity);
    this.cpu = new Int32Array(capacity);
    this.prevVector = new Int32Array(capacity);
    this.prevCpu = new Int32Array(capacity);
    this.cfgVector = new Int32Array(capacity);
    this.cfgCpu = new Int32Array(capacity);
    this.moveInProgress = new Uint8Array(capacity);
    this.canReserve = new Uint8Array(capacity);
    this.hasReserved = new Uint8Array(capacity);
    this.clistNext = new Int32Array(capacity).fill(CLIST_UNHASHED);
    this.cleanupHead = new Int32Array(cpuCount).fill(-1);
    this.cleanupTimer = new Int32Array(cpuCount).fill(-1);

    const domain = core.domains.create('VECTOR', -1, {
      alloc: (d) => this.#alloc(d),
      free: (d) => this.#free(d),
      activate: (d, reserve) => this.#activate(d, reserve),
      deactivate: (d) => this.#deactivate(d),
    });
    this.id = domain.id;
    this.chip = core.chips.register('APIC', 0, {
      irqAck: (d) => this.apicAckEdge(d),
      irqSetAffinity: (d, mask) => this.apicSetAffinity(d, mask),
      irqComposeMsiMsg: (d, out) => this.composeMsiMsg(d, out),
      irqRetrigger: (d) => this.apicRetriggerIrq(d),
      irqMask: () => {},
      irqUnmask: () => {},
    });
  }

  /** The apic_chip_data row behind irq_data row `d`. */
  apicd(d: number): number {
    return this.core.data.chipData[d];
  }

  /** Which virq `vector` on `cpu` belongs to now (or a VECTOR_* sentinel). */
  lookup(cpu: number, vector: number): number {
    return this.vectorIrq[cpu * NR_VECTORS + vector];
  }

  // x86_vector_alloc_irqs() for one irq: a reservation (reservation mode) or a real vector now.
  #alloc(d: number): number {
    const a = this.count++;
    const virq = this.core.data.virq[d];
    this.core.data.chipData[d] = a;
    this.core.data.chip[d] = this.chip;
    this.core.data.hwirq[d] = virq;
    this.virq[a] = virq;
    this.core.desc.irqdState[virq] |= IRQD_SINGLE_TARGET;
    if (this.reservationMode) {
      // reserve_irq_vector(): a global reservation with no guarantee; the message points at
      // the shutdown vector until activation assigns the real one.
      this.matrix.reserve();
      this.canReserve[a] = 1;
      this.hasReserved[a] = 1;
      this.core.desc.irqdState[virq] |= IRQD_CAN_RESERVE;
      this.#assignManagedShutdown(a);
      return 0;
    }
    return this.#assignAnyLocked(d, a);
  }

  #free(d: number): void {
    const a = this.apicd(d);
    this.#clearIrqVector(a);
    if (this.hasReserved[a]) this.matrix.removeReserved();
    this.hasReserved[a] = 0;
  }

  /**
   * clear_irq_vector(): releases the current vector and, mid-move, the previous one too, and
   * takes the irq off its old CPU's cleanup list, so nothing is left behind.
   */
  #clearIrqVector(a: number): void {
    const vector = this.vector[a];
    if (vector && vector !== MANAGED_IRQ_SHUTDOWN_VECTOR) this.#releaseVector(a, this.cpu[a], vector);
    this.vector[a] = 0;
    const prev = this.prevVector[a];
    if (prev) {
      this.#releaseVector(a, this.prevCpu[a], prev);
      this.prevVector[a] = 0;
    }
    this.moveInProgress[a] = 0;
    if (this.clistNext[a] !== CLIST_UNHASHED) this.#unlinkCleanup(a);
  }

  // hlist_del_init(&apicd->clist)
  #unlinkCleanup(a: number): void {
    const cpu = this.prevCpu[a];
    if (this.cleanupHead[cpu] === a) {
      this.cleanupHead[cpu] = this.clistNext[a];
    } else {
      for (let p = this.cleanupHead[cpu]; p >= 0; p = this.clistNext[p]) {
        if (this.clistNext[p] === a) {
          this.clistNext[p] = this.clistNext[a];
          break;
        }
      }
    }
    this.clistNext[a] = CLIST_UNHASHED;
  }

  // x86_vector_activate()
  #activate(d: number, reserve: boolean): number {
    const a = this.apicd(d);
    if (!this.canReserve[a]) return this.#assignAnyLocked(d, a);
    if (reserve) {
      this.#assignManagedShutdown(a);
      return 0;
    }
    if (this.hasReserved[a]) return this.#activateReserved(d, a);
    return 0;
  }

  #deactivate(d: number): void {
    const a = this.apicd(d);
    this.#clearIrqVector(a);
    if (this.canReserve[a] && !this.hasReserved[a]) {
      this.matrix.reserve();
      this.hasReserved[a] = 1;
    }
    this.#assignManagedShutdown(a);
  }

  // activate_reserved(): a real vector now, warning when it lands outside the user's mask.
  #activateReserved(d: number, a: number): number {
    const ret = this.#assignAnyLocked(d, a);
    if (ret === 0) {
      this.hasReserved[a] = 0;
      const virq = this.virq[a];
      if (!this.core.affinity[virq].test(this.cpu[a])) this.stats.affinityBroken++;
    }
    return ret;
  }

  // assign_irq_vector_any_locked(): the affinity mask ∩ online, then any online CPU.
  #assignAnyLocked(d: number, a: number): number {
    const virq = this.virq[a];
    const search = this.#search;
    search.and(this.core.affinity[virq], this.onlineMask);
    if (!search.isEmpty() && this.assignVectorLocked(d, search) === 0) return 0;
    const ret = this.assignVectorLocked(d, this.onlineMask);
    if (ret < 0) this.stats.enospc++;
    return ret;
  }

  /**
   * assign_vector_locked(): nothing to do if the current CPU is online and in `dest`; -EBUSY
   * while a move or a cleanup is in flight; else a new vector from the matrix.
   */
  assignVectorLocked(d: number, dest: CpuMask): number {
    const a = this.apicd(d);
    const cpu = this.cpu[a];
    if (this.vector[a] && this.onlineMask.test(cpu) && dest.test(cpu)) return 0;
    // Careful: a move in progress or a queued cleanup would leave a stale vector or corrupt the list.
    if (this.moveInProgress[a] || this.clistNext[a] !== CLIST_UNHASHED) {
      this.stats.busyRejections++;
      return -EBUSY;
    }
    const vector = this.matrix.alloc(dest, this.hasReserved[a] === 1, this.#scratch);
    this.core.meter.ns += this.costs.vectorAssignNs;
    if (vector < 0) return vector;
    this.#updateVector(a, vector, this.#scratch.cpu);
    return 0;
  }

  // apic_update_vector() + apic_update_irq_cfg()
  #updateVector(a: number, newVector: number, newCpu: number): void {
    this.prevVector[a] = 0;
    const old = this.vector[a];
    if (old && old !== MANAGED_IRQ_SHUTDOWN_VECTOR) {
      if (this.onlineMask.test(this.cpu[a])) {
        // Keep the old vector until the first interrupt arrives on the new one.
        this.moveInProgress[a] = 1;
        this.prevVector[a] = old;
        this.prevCpu[a] = this.cpu[a];
        this.stats.movesStarted++;
      } else {
        this.matrix.free(this.cpu[a], old, false);
      }
    }
    this.vector[a] = newVector;
    this.cpu[a] = newCpu;
    this.vectorIrq[newCpu * NR_VECTORS + newVector] = this.virq[a];
    this.cfgVector[a] = newVector;
    this.cfgCpu[a] = newCpu;
    this.core.desc.effectiveCpu[this.virq[a]] = newCpu;
  }

  // vector_assign_managed_shutdown(): the message targets the shutdown vector on the first online CPU.
  #assignManagedShutdown(a: number): void {
    this.cfgVector[a] = MANAGED_IRQ_SHUTDOWN_VECTOR;
    this.cfgCpu[a] = this.onlineMask.first();
  }

  #releaseVector(a: number, cpu: number, vector: number): void {
    this.matrix.free(cpu, vector, false);
    if (this.vectorIrq[cpu * NR_VECTORS + vector] === this.virq[a]) this.vectorIrq[cpu * NR_VECTORS + vector] = VECTOR_UNUSED;
  }

  /** apic_set_affinity() */
  apicSetAffinity(d: number, dest: CpuMask): number {
    const search = this.#search;
    search.and(dest, this.onlineMask);
    const err = this.assignVectorLocked(d, search);
    return err < 0 ? err : IRQ_SET_MASK_OK;
  }

  /** x86_vector_msi_compose_msg(): compatibility format from hw_irq_cfg. */
  composeMsiMsg(d: number, out: MsiMsg): void {
    const a = this.apicd(d);
    composeCompatMsg(out, this.cfgCpu[a], this.cfgVector[a], false);
  }

  /**
   * apic_ack_edge(): irq_complete_move() (the first interrupt on the new CPU queues the old
   * vector's cleanup), irq_move_irq() (a deferred move happens here), then apic_eoi().
   */
  apicAckEdge(d: number): void {
    const a = this.apicd(d);
    if (this.moveInProgress[a] && this.cpu[a] === this.core.thisCpu) this.scheduleCleanup(a);
    irqMoveIrq(this.core, this.virq[a]);
    this.apicEoi();
  }

  /** apic_eoi() on the current CPU. */
  apicEoi(): void {
    this.apic.eoi(this.core.thisCpu);
    this.core.meter.ns += this.costs.eoiNs;
  }

  /** vector_schedule_cleanup(): used by remapping right after the IRTE is rewritten. */
  vectorScheduleCleanup(d: number): void {
    const a = this.apicd(d);
    if (this.moveInProgress[a]) this.scheduleCleanup(a);
  }

  /** __vector_schedule_cleanup(): queue the old vector on its CPU's list; arm the timer at jiffies + 1. */
  scheduleCleanup(a: number): void {
    const cpu = this.prevCpu[a];
    this.moveInProgress[a] = 0;
    if (!this.onlineMask.test(cpu)) {
      this.#freeMovedVector(a);
      return;
    }
    this.clistNext[a] = this.cleanupHead[cpu];
    this.cleanupHead[cpu] = a;
    if (this.cleanupTimer[cpu] === CLEANUP_IDLE) this.cleanupTimer[cpu] = this.sim.schedule(this.#nextJiffyNs(), EV_VECTOR_CLEANUP, cpu);
  }

  /**
   * The cleanup timer fired while `cpu` is in hard-irq context: the timer softirq, and so the
   * cleanup, runs at that irq's exit (the caller then calls vectorCleanup). Until then no new
   * timer is armed; old vectors queued meanwhile wait for the same run.
   */
  deferCleanup(cpu: number): void {
    this.cleanupTimer[cpu] = CLEANUP_DEFERRED;
  }

  /** True if `cpu`'s cleanup waits for the irq exit (deferCleanup). */
  isCleanupDeferred(cpu: number): boolean {
    return this.cleanupTimer[cpu] === CLEANUP_DEFERRED;
  }

  /**
   * The cleanup timer callback on `cpu` (__vector_cleanup): frees each queued old vector,
   * unless it is still pending on this CPU, in its IRR ("Moved interrupt pending in old target
   * APIC") or, with posted MSI, in its PIR: then it stays queued and the timer is re-armed.
   */
  vectorCleanup(cpu: number): void {
    this.cleanupTimer[cpu] = CLEANUP_IDLE;
    let rearm = false;
    let keep = -1;
    for (let a = this.cleanupHead[cpu]; a >= 0; ) {
      const next = this.clistNext[a];
      const vector = this.prevVector[a];
      if (this.apic.isIrrSet(cpu, vector) || (this.postedPir !== null && this.postedPir.isPirSet(cpu, vector))) {
        this.clistNext[a] = keep;
        keep = a;
        rearm = true;
        this.stats.cleanupRearms++;
      } else {
        this.#freeMovedVector(a);
      }
      a = next;
    }
    this.cleanupHead[cpu] = keep;
    if (rearm) this.cleanupTimer[cpu] = this.sim.schedule(this.#nextJiffyNs(), EV_VECTOR_CLEANUP, cpu);
  }

  /** True while `virq`'s row `d` cannot take a new move (-EBUSY): move in progress or cleanup queued. */
  isMoveBusy(d: number): boolean {
    const a = this.apicd(d);
    return this.moveInProgress[a] === 1 || this.clistNext[a] !== CLIST_UNHASHED;
  }

  /** !hlist_unhashed(&apicd->clist): the old vector of apic_chip_data row `a` waits on a cleanup list. */
  isCleanupPending(a: number): boolean {
    return this.clistNext[a] !== CLIST_UNHASHED;
  }

  // free_moved_vector()
  #freeMovedVector(a: number): void {
    const cpu = this.prevCpu[a];
    const vector = this.prevVector[a];
    this.matrix.free(cpu, vector, false);
    this.vectorIrq[cpu * NR_VECTORS + vector] = VECTOR_UNUSED;
    this.clistNext[a] = CLIST_UNHASHED;
    this.prevVector[a] = 0;
    this.moveInProgress[a] = 0;
    this.stats.movesCompleted++;
  }

  /** apic_retrigger_irq(): a self-IPI with the irq's vector to its CPU. */
  apicRetriggerIrq(d: number): number {
    const a = this.apicd(d);
    this.sim.scheduleAfter(this.costs.ipiNs, EV_IPI_VECTOR, this.cpu[a], this.vector[a]);
    return 1;
  }

  // A timer at jiffies + 1 fires at the next tick boundary strictly after now.
  #nextJiffyNs(): number {
    const j = this.core.jiffyNs;
    return (Math.floor(this.sim.nowNs / j) + 1) * j;
  }
}

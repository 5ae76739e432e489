/**
 * The vector allocator: struct irq_matrix + per-CPU struct cpumap (kernel/irq/matrix.c), sized as
 * x86 vector.c does: irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR).
 * irq_matrix_alloc → alloc, _reserve/_remove_reserved → reserve/removeReserved, _reserve_managed/
 * _remove_managed/_alloc_managed → reserveManaged/removeManaged/allocManaged, _free → free,
 * _assign → assign, _online/_offline → onlineCpu/offlineCpu, _debug_show → debugShow.
 */
import { DEBUG } from '../engine/debug.js';
import { CpuMask, formatBitList } from '../irq/cpumask.js';
import { FIRST_EXTERNAL_VECTOR, IA32_SYSCALL_VECTOR, NR_VECTORS, PIC_CASCADE_VECTOR, VECTOR_WORDS, firstSystemVector } from './vectors.js';
import { EINVAL, ENOSPC } from '../irq/errno.js';

/** Where alloc/allocManaged report the CPU they picked (the `mapped_cpu` out-parameter). */
export class MatrixScratch {
  /** CPU the last successful allocation landed on; -1 after a failure. */
  cpu = -1;
}

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export class VectorMatrix {
  readonly cpuCount: number;
  /** matrix.alloc_start: FIRST_EXTERNAL_VECTOR. */
  readonly allocStart: number;
  /** matrix.alloc_end: FIRST_SYSTEM_VECTOR (exclusive). */
  readonly allocEnd: number;
  /** matrix.systembits_inalloc: system vectors inside [allocStart, allocEnd). */
  systembitsInalloc = 0;
  /** matrix.global_available: sum of `available` over online CPUs. */
  globalAvailable = 0;
  /** matrix.global_reserved: irqs reserved (reservation mode) but not yet given a vector. */
  globalReserved = 0;
  /** matrix.total_allocated: vectors allocated on online CPUs. */
  totalAllocated = 0;
  /** matrix.online_maps: CPUs online. */
  onlineMaps = 0;
  /** Times irq_matrix_reserve ran with reservations already equal to availability (pr_warn). */
  reserveOvercommitWarnings = 0;

  // struct cpumap as columns, one row per CPU; bitmaps are VECTOR_WORDS words per CPU.
  /** cpumap.available: vectors still free for non-managed use */
  available: Int32Array;
  /** cpumap.allocated: bits set in alloc_map */
  allocated: Int32Array;
  /** cpumap.managed: bits reserved in managed_map */
  managed: Int32Array;
  /** cpumap.managed_allocated: managed bits also in alloc_map */
  managedAllocated: Int32Array;
  /** cpumap.online: 1 if the CPU takes allocations */
  online: Uint8Array;
  /** cpumap.alloc_map[8]: vectors in use (managed or not) */
  allocMap: Uint32Array;
  /** cpumap.managed_map[8]: vectors reserved for managed irqs */
  managedMap: Uint32Array;
  /** matrix.system_map: vectors owned by the system on every CPU. */
  systemMap: Uint32Array;

  /**
   * @param cpuCount CPUs in the machine, 1 … 1024.
   * @param postedMsi true for a kernel whose FIRST_SYSTEM_VECTOR is 0xeb (see firstSystemVector).
   */
  constructor(cpuCount: number, postedMsi = false) {
    if (!Number.isInteger(cpuCount) || cpuCount < 1 || cpuCount > 1024) {
      throw new RangeError(`VectorMatrix cpuCount must be an integer in [1, 1024], got ${cpuCount}`);
    }
    this.cpuCount = cpuCount;
    this.allocStart = FIRST_EXTERNAL_VECTOR;
    this.allocEnd = firstSystemVector(postedMsi);
    this.available = new Int32Array(cpuCount);
    this.allocated = new Int32Array(cpuCount);
    this.managed = new Int32Array(cpuCount);
    this.managedAllocated = new Int32Array(cpuCount);
    this.online = new Uint8Array(cpuCount);
    this.allocMap = new Uint32Array(cpuCount * VECTOR_WORDS);
    this.managedMap = new Uint32Array(cpuCount * VECTOR_WORDS);
    this.systemMap = new Uint32Array(VECTOR_WORDS);

    // lapic_assign_system_vectors(): every gate the IDT holds for the system, then the PIC
    // cascade. MODEL: all of 0x00-0x1f and FIRST_SYSTEM_VECTOR-0xff count as system vectors
    // (the kernel marks only the gates it installs there); both ranges lie outside the
    // allocation range, so no allocation count changes.
    for (let v = 0; v < FIRST_EXTERNAL_VECTOR; v++) this.#assignSystem(v);
    this.#assignSystem(PIC_CASCADE_VECTOR);
    this.#assignSystem(IA32_SYSCALL_VECTOR);
    for (let v = this.allocEnd; v < NR_VECTORS; v++) this.#assignSystem(v);
    // MODEL: the legacy ISA vectors 0x30-0x3f that the boot CPU preassigns (irq_matrix_assign)
    // are left to the caller (see assign()): NTB scenarios run with the IO-APIC's irqs elsewhere.
    for (let cpu = 0; cpu < cpuCount; cpu++) {
      this.available[cpu] = this.allocEnd - this.allocStart - this.systembitsInalloc;
      this.onlineCpu(cpu);
    }
  }

  #assignSystem(vector: number): void {
    const bit = 1 << (vector & 31);
    if ((this.systemMap[vector >>> 5] & bit) !== 0) return;
    this.systemMap[vector >>> 5] |= bit;
    if (vector >= this.allocStart && vector < this.allocEnd) this.systembitsInalloc++;
  }

  /** Vectors a CPU can ever hand out: alloc range minus system vectors (202, or 201 with posted MSI). */
  get allocatablePerCpu(): number {
    return this.allocEnd - this.allocStart - this.systembitsInalloc;
  }

  /** cpumap.available of `cpu`. */
  availableOn(cpu: number): number {
    return this.available[cpu];
  }

  /** cpumap.allocated of `cpu` (irq_matrix_allocated for that CPU). */
  allocatedOn(cpu: number): number {
    return this.allocated[cpu];
  }

  /** True if `vector` is set in `cpu`'s alloc_map. */
  isAllocated(cpu: number, vector: number): boolean {
    return (this.allocMap[cpu * VECTOR_WORDS + (vector >>> 5)] & (1 << (vector & 31))) !== 0;
  }

  /** True if `vector` is reserved in `cpu`'s managed_map. */
  isManagedReserved(cpu: number, vector: number): boolean {
    return (this.managedMap[cpu * VECTOR_WORDS + (vector >>> 5)] & (1 << (vector & 31))) !== 0;
  }

  /** True if `vector` is a system vector (system_map). */
  isSystem(vector: number): boolean {
    return (this.systemMap[vector >>> 5] & (1 << (vector & 31))) !== 0;
  }

  /**
   * irq_matrix_online: brings `cpu`'s map online; its `available` joins globalAvailable.
   * Returns 0, or -EINVAL if the CPU is already online (the kernel BUG_ONs).
   */
  onlineCpu(cpu: number): number {
    this.#checkCpu(cpu);
    if (this.online[cpu] !== 0) return -EINVAL;
    this.globalAvailable += this.available[cpu];
    this.online[cpu] = 1;
    this.onlineMaps++;
    return 0;
  }

  /**
   * irq_matrix_offline: takes `cpu`'s map offline. Its bitmaps are kept (vectors still
   * allocated there stay accounted until freed), only globalAvailable drops.
   * Returns 0, or -EINVAL if the CPU is already offline.
   */
  offlineCpu(cpu: number): number {
    this.#checkCpu(cpu);
    if (this.online[cpu] === 0) return -EINVAL;
    this.globalAvailable -= this.available[cpu];
    this.online[cpu] = 0;
    this.onlineMaps--;
    return 0;
  }

  /**
   * irq_matrix_reserve: books one irq against the global pool without a vector
   * (reservation mode; the vector comes at activation with alloc(mask, true, …)).
   */
  reserve(): void {
    if (this.globalReserved === this.globalAvailable) this.reserveOvercommitWarnings++;
    this.globalReserved++;
  }

  /** irq_matrix_remove_reserved: undoes reserve() for an irq that never got a vector. */
  removeReserved(): void {
    this.globalReserved--;
  }

  /**
   * irq_matrix_alloc: allocates one non-managed vector on the online CPU of `mask` with the
   * most available vectors (ties go to the lowest CPU: a candidate must be strictly better),
   * taking its lowest vector from allocStart that is not allocated, managed-reserved or system.
   * @param reserved true if the irq was reserve()d: the reservation is consumed.
   * @returns the vector, -EINVAL for an empty mask, -ENOSPC if no CPU in the mask has one free;
   *   the chosen CPU goes to scratch.cpu (-1 on failure).
   */
  alloc(mask: CpuMask, reserved: boolean, scratch: MatrixScratch): number {
    scratch.cpu = -1;
    const cpu = this.bestCpu(mask);
    if (cpu === -2) return -EINVAL;
    if (cpu < 0) return -ENOSPC;
    const vector = this.findFree(cpu);
    if (vector < 0) return -ENOSPC;
    const base = cpu * VECTOR_WORDS;
    this.allocMap[base + (vector >>> 5)] |= 1 << (vector & 31);
    this.allocated[cpu]++;
    this.available[cpu]--;
    this.totalAllocated++;
    this.globalAvailable--;
    if (reserved) this.globalReserved--;
    scratch.cpu = cpu;
    return vector;
  }

  /**
   * matrix_find_best_cpu: online CPU in `mask` with the largest available (> 0), first wins ties.
   * Returns the CPU, -1 if none has a free vector, -2 if the mask is empty.
   * PERF: walks the mask's words directly instead of calling next() per CPU.
   */
  private bestCpu(mask: CpuMask): number {
    const words = mask.words;
    const cpuCount = this.cpuCount;
    const online = this.online;
    const available = this.available;
    const nWords = Math.min(words.length, (cpuCount + 31) >>> 5);
    let best = -1;
    let maxAvl = 0;
    let any = 0;
    for (let w = 0; w < nWords; w++) {
      // PERF: int32 view of the word; peel the lowest bit with x & -x (measured ~35% faster
      // than ctz32 + bits &= bits - 1 on a Uint32 value).
      let bits = words[w] | 0;
      any |= bits;
      while (bits !== 0) {
        const low = bits & -bits;
        const cpu = (w << 5) + 31 - Math.clz32(low);
        bits ^= low;
        if (cpu >= cpuCount) break;
        const avl = available[cpu];
        if (online[cpu] === 0 || avl <= maxAvl) continue;
        best = cpu;
        maxAvl = avl;
      }
    }
    if (any === 0 && mask.isEmpty()) return -2;
    return best;
  }

  /**
   * matrix_alloc_area for one bit: lowest vector in [allocStart, allocEnd) free on `cpu`, or -1.
   * PERF: TS `private`, not `#`: alloc's helpers stay plain methods on the hot class.
   */
  private findFree(cpu: number): number {
    const base = cpu * VECTOR_WORDS;
    const allocMap = this.allocMap;
    const managedMap = this.managedMap;
    const systemMap = this.systemMap;
    const start = this.allocStart;
    const end = this.allocEnd;
    const lastWord = (end - 1) >>> 5;
    for (let w = start >>> 5; w <= lastWord; w++) {
      let free = ~(allocMap[base + w] | managedMap[base + w] | systemMap[w]);
      if (w === start >>> 5) free &= -1 << (start & 31);
      if (w === lastWord && (end & 31) !== 0) free &= (1 << (end & 31)) - 1;
      if (free !== 0) return (w << 5) + ctz32(free);
    }
    return -1;
  }

  /**
   * irq_matrix_reserve_managed: reserves one vector in managed_map on every CPU of `mask`,
   * online or not (not necessarily the same vector on each). Online CPUs lose one available.
   * @returns 0, or -ENOSPC after undoing the CPUs already done if one CPU is full.
   */
  reserveManaged(mask: CpuMask): number {
    for (let cpu = mask.first(); cpu >= 0 && cpu < this.cpuCount; cpu = mask.next(cpu)) {
      const vector = this.findFree(cpu);
      if (vector < 0) {
        // Roll back: one removeManaged per CPU done so far, as the kernel's cleanup loop does.
        for (let c = mask.first(); c >= 0 && c < cpu; c = mask.next(c)) this.#removeManagedOne(c);
        return -ENOSPC;
      }
      this.managedMap[cpu * VECTOR_WORDS + (vector >>> 5)] |= 1 << (vector & 31);
      this.managed[cpu]++;
      if (this.online[cpu] !== 0) {
        this.available[cpu]--;
        this.globalAvailable--;
      }
    }
    return 0;
  }

  /**
   * irq_matrix_remove_managed: on every CPU of `mask`, drops one managed reservation that is
   * not allocated (the lowest). CPUs without one are skipped (the kernel WARNs).
   * @returns the number of CPUs skipped (0 when the accounting is sound).
   */
  removeManaged(mask: CpuMask): number {
    let skipped = 0;
    for (let cpu = mask.first(); cpu >= 0 && cpu < this.cpuCount; cpu = mask.next(cpu)) {
      if (!this.#removeManagedOne(cpu)) skipped++;
    }
    return skipped;
  }

  #removeManagedOne(cpu: number): boolean {
    if (this.managed[cpu] === 0) return false;
    const vector = this.firstManagedUnallocated(cpu);
    if (vector < 0) return false;
    this.managedMap[cpu * VECTOR_WORDS + (vector >>> 5)] &= ~(1 << (vector & 31));
    this.managed[cpu]--;
    if (this.online[cpu] !== 0) {
      this.available[cpu]++;
      this.globalAvailable++;
    }
    return true;
  }

  /** Lowest vector < allocEnd in managed_map & ~alloc_map on `cpu`, or -1. */
  private firstManagedUnallocated(cpu: number): number {
    const base = cpu * VECTOR_WORDS;
    const end = this.allocEnd;
    const lastWord = (end - 1) >>> 5;
    for (let w = 0; w <= lastWord; w++) {
      let bits = this.managedMap[base + w] & ~this.allocMap[base + w];
      if (w === lastWord && (end & 31) !== 0) bits &= (1 << (end & 31)) - 1;
      if (bits !== 0) return (w << 5) + ctz32(bits);
    }
    return -1;
  }

  /**
   * irq_matrix_alloc_managed: activates a managed irq on the online CPU of `mask` with the
   * fewest managed_allocated. Note the kernel's test skips only CPUs with strictly more, so
   * ties go to the LAST such CPU in the mask. Uses the lowest reserved, unallocated bit there;
   * available does not change (the reservation already took it).
   * @returns the vector (CPU in scratch.cpu), -EINVAL for an empty mask, -ENOSPC if the chosen
   *   CPU has no reserved bit left or no CPU in the mask is online.
   */
  allocManaged(mask: CpuMask, scratch: MatrixScratch): number {
    scratch.cpu = -1;
    if (mask.isEmpty()) return -EINVAL;
    let best = -1;
    let fewest = Infinity;
    for (let cpu = mask.first(); cpu >= 0 && cpu < this.cpuCount; cpu = mask.next(cpu)) {
      if (this.online[cpu] === 0 || this.managedAllocated[cpu] > fewest) continue;
      best = cpu;
      fewest = this.managedAllocated[cpu];
    }
    if (best < 0) return -ENOSPC;
    const vector = this.firstManagedUnallocated(best);
    if (vector < 0) return -ENOSPC;
    this.allocMap[best * VECTOR_WORDS + (vector >>> 5)] |= 1 << (vector & 31);
    this.allocated[best]++;
    this.managedAllocated[best]++;
    this.totalAllocated++;
    scratch.cpu = best;
    return vector;
  }

  /**
   * irq_matrix_assign: marks a preallocated vector (the boot CPU's legacy ISA vectors) on `cpu`.
   * @returns 0, or -EINVAL if the vector is outside the alloc range or already allocated.
   */
  assign(cpu: number, vector: number): number {
    this.#checkCpu(cpu);
    if (vector < this.allocStart || vector >= this.allocEnd) return -EINVAL;
    const i = cpu * VECTOR_WORDS + (vector >>> 5);
    const bit = 1 << (vector & 31);
    if ((this.allocMap[i] & bit) !== 0) return -EINVAL;
    this.allocMap[i] |= bit;
    this.allocated[cpu]++;
    this.totalAllocated++;
    this.available[cpu]--;
    this.globalAvailable--;
    return 0;
  }

  /**
   * irq_matrix_free: releases `vector` on `cpu`. A managed vector stays reserved in managed_map
   * and does not return to available; a non-managed one does.
   * Mirrors the kernel's accounting exactly, including total_allocated dropping only while the
   * CPU is online.
   * @returns 0, or -EINVAL if the vector is outside the alloc range or was not allocated
   *   (the kernel WARNs and ignores the call).
   */
  free(cpu: number, vector: number, managed: boolean): number {
    if (DEBUG) this.#checkCpu(cpu);
    if (vector < this.allocStart || vector >= this.allocEnd) return -EINVAL;
    const i = cpu * VECTOR_WORDS + (vector >>> 5);
    const bit = 1 << (vector & 31);
    if ((this.allocMap[i] & bit) === 0) return -EINVAL;
    this.allocMap[i] &= ~bit;
    this.allocated[cpu]--;
    if (managed) this.managedAllocated[cpu]--;
    const online = this.online[cpu] !== 0;
    if (online) this.totalAllocated--;
    if (!managed) {
      this.available[cpu]++;
      if (online) this.globalAvailable++;
    }
    return 0;
  }

  /**
   * One CPU's row as the debugfs matrix dump shows it (cold path):
   * "avl 0, man 0, mac 0, act 202, vectors 32-49,51-127,129-235".
   */
  debugShow(cpu: number): string {
    this.#checkCpu(cpu);
    const vectors = formatBitList(this.allocMap, NR_VECTORS, cpu * VECTOR_WORDS);
    return (
      `avl ${this.available[cpu]}, man ${this.managed[cpu]}, mac ${this.managedAllocated[cpu]}, ` +
      `act ${this.allocated[cpu]}, vectors ${vectors}`
    );
  }

  /** The dump's "System: N: list" line (cold path). */
  debugShowSystem(): string {
    let n = 0;
    for (let v = 0; v < NR_VECTORS; v++) if (this.isSystem(v)) n++;
    return `System: ${n}: ${formatBitList(this.systemMap, NR_VECTORS)}`;
  }

  #checkCpu(cpu: number): void {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.cpuCount) {
      throw new RangeError(`cpu must be an integer in [0, ${this.cpuCount - 1}], got ${cpu}`);
    }
  }
}

/**
 * One Intel IOMMU's interrupt remapping table (drivers/iommu/intel/irq_remapping.c, struct irte
 * in drivers/iommu/intel/iommu.h): the 128-bit IRTEs as columns, the bitmap allocator
 * (alloc_irte → alloc, clear_entries → free), prepare_irte + modify_irte → program,
 * prepare_irte_posted + modify_irte → programPosted, set_irte_sid/set_irte_verify_bus →
 * setSource, and the hardware's remap-time checks (VT-d spec: present, source-id) → lookup.
 */
import { DEBUG } from '../engine/debug.js';
import { EINVAL, ENOSPC } from '../irq/errno.js';

/** INTR_REMAP_TABLE_ENTRIES: IRTEs per IOMMU. */
export const INTR_REMAP_TABLE_ENTRIES = 65536;

/** irte.svt: no source-id verification. */
export const SVT_NO_VERIFY = 0;
/** irte.svt: the requester ID must equal sid, under the sq mask. */
export const SVT_VERIFY_SID_SQ = 1;
/** irte.svt: the requester's bus must lie in [sid >> 8, sid & 0xff]. */
export const SVT_VERIFY_BUS = 2;

/** irte.sq: compare all 16 bits of the requester ID. */
export const SQ_ALL_16 = 0;
/** irte.sq: ignore requester-ID bit 2. */
export const SQ_13_IGNORE_1 = 1;
/** irte.sq: ignore requester-ID bits 2:1. */
export const SQ_13_IGNORE_2 = 2;
/** irte.sq: ignore requester-ID bits 2:0 (the function number). */
export const SQ_13_IGNORE_3 = 3;

// lookup verdicts; also indices into IrteTable.verdictCount.
/** Remap succeeds: read vector/destId (or pst/postCpu) from the row. */
export const IRTE_OK = 0;
/** Blocked: the IRTE's present bit is clear (VT-d fault reason 22h, qualified). */
export const IRTE_NOT_PRESENT = 1;
/** Blocked: source-id verification failed (fault reason 26h, qualified). */
export const IRTE_SID_MISMATCH = 2;
/** Blocked: the index exceeds the table (fault reason 21h, not qualified: always reported). */
export const IRTE_INDEX_INVALID = 3;

/** Requester-ID masks for sq = 0…3: which bits verification compares. */
const SQ_MASK = [0xffff, 0xfffb, 0xfff9, 0xfff8] as const;

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export class IrteTable {
  readonly capacity: number;
  // struct irte as columns, one row per entry (remapped and posted views).
  /** irte.present */
  present: Uint8Array;
  /** irte.fpd: fault processing disable (suppresses fault recording only) */
  fpd: Uint8Array;
  /** irte.dst_mode: 0 physical, 1 logical (apic->dest_mode_logical) */
  dstMode: Uint8Array;
  /** irte.redir_hint: prepare_irte sets 1 */
  redirHint: Uint8Array;
  /** irte.dlvry_mode: 0 = APIC_DELIVERY_MODE_FIXED */
  dlvryMode: Uint8Array;
  /** irte.vector (p_vector in posted mode) */
  vector: Uint8Array;
  /** irte.dest_id as an APIC ID (MODEL: not IRTE_DEST()'s xAPIC << 8 form) */
  destId: Uint32Array;
  /** irte.sid: requester ID, or start_bus << 8 | end_bus for SVT_VERIFY_BUS */
  sid: Uint16Array;
  /** irte.sq: source-id qualifier */
  sq: Uint8Array;
  /** irte.svt: source validation type */
  svt: Uint8Array;
  /** irte.p_pst: 1 = posted format (posted MSI) */
  pst: Uint8Array;
  /** irte.p_urgent */
  pUrgent: Uint8Array;
  /** irte.pda_l/pda_h as the CPU whose posted-interrupt descriptor it names; -1 none */
  postCpu: Int32Array;
  /** ir_table.bitmap: bit i set while IRTE i is allocated. */
  bitmap: Uint32Array;
  /** IRTEs currently allocated. */
  inUse = 0;
  /** modify_irte calls (program, programPosted, deactivate): each costs one qi_flush_iec(index, 0). */
  modifyCount = 0;
  /** clear_entries calls (free): each costs one qi_flush_iec(index, mask). */
  clearCount = 0;
  /** Requests per lookup verdict, indexed by IRTE_OK … IRTE_INDEX_INVALID. */
  readonly verdictCount = new Float64Array(4);
  /** Blocked requests that were recorded as faults. */
  faultsReported = 0;
  /** Blocked requests whose fault recording fpd suppressed (still blocked: fpd hides, never admits). */
  faultsSuppressed = 0;

  constructor(capacity: number = INTR_REMAP_TABLE_ENTRIES) {
    if (!Number.isInteger(capacity) || capacity < 32 || capacity > INTR_REMAP_TABLE_ENTRIES || (capacity & (capacity - 1)) !== 0) {
      throw new RangeError(`IrteTable capacity must be a power of two in [32, 65536], got ${capacity}`);
    }
    this.capacity = capacity;
    this.present = new Uint8Array(capacity);
    this.fpd = new Uint8Array(capacity);
    this.dstMode = new Uint8Array(capacity);
    this.redirHint = new Uint8Array(capacity);
    this.dlvryMode = new Uint8Array(capacity);
    this.vector = new Uint8Array(capacity);
    this.destId = new Uint32Array(capacity);
    this.sid = new Uint16Array(capacity);
    this.sq = new Uint8Array(capacity);
    this.svt = new Uint8Array(capacity);
    this.pst = new Uint8Array(capacity);
    this.pUrgent = new Uint8Array(capacity);
    this.postCpu = new Int32Array(capacity).fill(-1);
    this.bitmap = new Uint32Array(capacity >>> 5);
  }

  /**
   * alloc_irte: reserves `count` IRTEs, rounded up to a power of two and aligned to it
   * (bitmap_find_free_region), as multi-MSI needs. The entries stay zero (not present) until
   * programmed. Cold path.
   * @returns the first index, -EINVAL if count is not in [1, capacity], -ENOSPC if no aligned
   *   block is free.
   */
  alloc(count: number): number {
    if (!Number.isInteger(count) || count < 1 || count > this.capacity) return -EINVAL;
    const size = count === 1 ? 1 : 1 << (32 - Math.clz32(count - 1));
    const bm = this.bitmap;
    const nWords = bm.length;
    if (size >= 32) {
      const span = size >>> 5;
      for (let w = 0; w < nWords; w += span) {
        let free = true;
        for (let k = 0; k < span; k++) {
          if (bm[w + k] !== 0) {
            free = false;
            break;
          }
        }
        if (!free) continue;
        bm.fill(0xffffffff, w, w + span);
        this.inUse += size;
        return w << 5;
      }
      return -ENOSPC;
    }
    const block = (1 << size) - 1; // size < 32
    for (let w = 0; w < nWords; w++) {
      const word = bm[w];
      if (word === 0xffffffff) continue;
      if (size === 1) {
        const bit = ctz32(~word);
        bm[w] = (word | (1 << bit)) >>> 0;
        this.inUse++;
        return (w << 5) + bit;
      }
      for (let off = 0; off < 32; off += size) {
        if (((word >>> off) & block) === 0) {
          bm[w] = (word | (block << off)) >>> 0;
          this.inUse += size;
          return (w << 5) + off;
        }
      }
    }
    return -ENOSPC;
  }

  /**
   * clear_entries + bitmap_release_region: zeroes the block of `count` (rounded up to a power of
   * two) IRTEs at `index` and releases it. Counts one clear (one qi_flush_iec(index, mask)).
   * @returns 0, or -EINVAL if the block is misaligned, out of range or not fully allocated.
   */
  free(index: number, count: number): number {
    if (!Number.isInteger(count) || count < 1 || count > this.capacity) return -EINVAL;
    const size = count === 1 ? 1 : 1 << (32 - Math.clz32(count - 1));
    if (!Number.isInteger(index) || index < 0 || index + size > this.capacity || (index & (size - 1)) !== 0) {
      return -EINVAL;
    }
    for (let i = index; i < index + size; i++) if (!this.isAllocated(i)) return -EINVAL;
    for (let i = index; i < index + size; i++) {
      this.bitmap[i >>> 5] &= ~(1 << (i & 31));
      this.#zero(i);
    }
    this.inUse -= size;
    this.clearCount++;
    return 0;
  }

  /** True if IRTE `index` is allocated in the bitmap. */
  isAllocated(index: number): boolean {
    return (this.bitmap[index >>> 5] & (1 << (index & 31))) !== 0;
  }

  #zero(i: number): void {
    this.present[i] = 0;
    this.fpd[i] = 0;
    this.dstMode[i] = 0;
    this.redirHint[i] = 0;
    this.dlvryMode[i] = 0;
    this.vector[i] = 0;
    this.destId[i] = 0;
    this.sid[i] = 0;
    this.sq[i] = 0;
    this.svt[i] = 0;
    this.pst[i] = 0;
    this.pUrgent[i] = 0;
    this.postCpu[i] = -1;
  }

  /**
   * prepare_irte + modify_irte (activation, intel_ir_set_affinity): a present, remapped-format
   * entry delivering `vector` to APIC ID `destId`, physical mode, fixed, redirection hint set.
   * Source fields (setSource) and fpd are kept, as the kernel keeps them in its cached IRTE.
   * Counts one modify; the caller charges the qi_flush_iec that follows.
   */
  program(index: number, vector: number, destId: number): void {
    if (DEBUG) this.#checkAllocated(index);
    this.present[index] = 1;
    this.dstMode[index] = 0;
    this.redirHint[index] = 1;
    this.dlvryMode[index] = 0;
    this.vector[index] = vector;
    this.destId[index] = destId;
    this.pst[index] = 0;
    this.pUrgent[index] = 0;
    this.postCpu[index] = -1;
    this.modifyCount++;
  }

  /**
   * prepare_irte_posted + intel_ir_reconfigure_irte_posted: a present, posted-format entry that
   * sets `vector` in the PIR of `postCpu`'s posted-interrupt descriptor (p_urgent 0).
   * Counts one modify.
   */
  programPosted(index: number, vector: number, postCpu: number): void {
    if (DEBUG) this.#checkAllocated(index);
    this.present[index] = 1;
    this.pst[index] = 1;
    this.pUrgent[index] = 0;
    this.vector[index] = vector;
    this.postCpu[index] = postCpu;
    this.destId[index] = 0;
    this.modifyCount++;
  }

  /**
   * intel_irq_remapping_deactivate: modify_irte with an all-zero entry (not present, source
   * fields cleared); the slot stays allocated. Counts one modify.
   */
  deactivate(index: number): void {
    if (DEBUG) this.#checkAllocated(index);
    this.#zero(index);
    this.modifyCount++;
  }

  /**
   * set_irte_sid: the source-validation fields. For SVT_VERIFY_BUS pass
   * sid = startBus << 8 | endBus (set_irte_verify_bus; sq is then SQ_ALL_16).
   * Written into the entry directly: the kernel sets them in its cached IRTE before the
   * activation modify_irte, so no modify is counted here.
   */
  setSource(index: number, svt: number, sq: number, sid: number): void {
    if (!Number.isInteger(svt) || svt < SVT_NO_VERIFY || svt > SVT_VERIFY_BUS) {
      throw new RangeError(`svt must be SVT_NO_VERIFY (0), SVT_VERIFY_SID_SQ (1) or SVT_VERIFY_BUS (2), got ${svt}`);
    }
    if (!Number.isInteger(sq) || sq < 0 || sq > 3) throw new RangeError(`sq must be an integer in [0, 3], got ${sq}`);
    if (!Number.isInteger(sid) || sid < 0 || sid > 0xffff) {
      throw new RangeError(`sid must be a 16-bit requester ID, got ${sid}`);
    }
    this.svt[index] = svt;
    this.sq[index] = sq;
    this.sid[index] = sid;
  }

  /** Sets the fault-processing-disable bit (Linux leaves it 0; scenarios may set it). */
  setFpd(index: number, on: boolean): void {
    this.fpd[index] = on ? 1 : 0;
  }

  /**
   * The remapping hardware's check of one request for IRTE `index` from `requesterId`
   * (bus << 8 | devfn). On IRTE_OK the caller reads vector/destId (or pst/postCpu) from the
   * columns. Any other verdict means the interrupt is blocked; it is recorded as a fault
   * unless the fault is qualified (not present, SID mismatch) and the entry's fpd is set:
   * VT-d evaluates fpd even in a not-present entry. An invalid index is never suppressed.
   */
  lookup(index: number, requesterId: number): number {
    if (index < 0 || index >= this.capacity) {
      this.verdictCount[IRTE_INDEX_INVALID]++;
      this.faultsReported++;
      return IRTE_INDEX_INVALID;
    }
    let verdict = IRTE_OK;
    if (this.present[index] === 0) {
      verdict = IRTE_NOT_PRESENT;
    } else {
      const svt = this.svt[index];
      if (svt === SVT_VERIFY_SID_SQ) {
        if (((requesterId ^ this.sid[index]) & SQ_MASK[this.sq[index]]) !== 0) verdict = IRTE_SID_MISMATCH;
      } else if (svt === SVT_VERIFY_BUS) {
        const bus = (requesterId >>> 8) & 0xff;
        const sid = this.sid[index];
        if (bus < sid >>> 8 || bus > (sid & 0xff)) verdict = IRTE_SID_MISMATCH;
      }
    }
    this.verdictCount[verdict]++;
    if (verdict !== IRTE_OK) {
      if (this.fpd[index] !== 0) this.faultsSuppressed++;
      else this.faultsReported++;
    }
    return verdict;
  }

  #checkAllocated(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.capacity || !this.isAllocated(index)) {
      throw new RangeError(`IRTE ${index} is not allocated (capacity ${this.capacity})`);
    }
  }
}

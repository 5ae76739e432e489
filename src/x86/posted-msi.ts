/**
 * Posted MSI (CONFIG_X86_POSTED_MSI, 6.10+): the per-CPU posted-interrupt descriptor
 * `posted_msi_pi_desc` (struct pi_desc, arch/x86/include/asm/posted_intr.h) that the IOMMU
 * writes instead of the APIC IRR: the 256-bit PIR and the outstanding-notification bit ON.
 * The IOMMU's post → post (notify only if ON was clear), handle_pending_pir's READ_ONCE +
 * xchg of the PIR words → takePir, pi_clear_on → clearOn. The demux flow
 * (sysvec_posted_msi_notification) is the caller's.
 */
import { DEBUG } from '../engine/debug.js';
import { FIRST_EXTERNAL_VECTOR, NR_VECTORS, POSTED_MSI_NOTIFICATION_VECTOR, VECTOR_WORDS } from './vectors.js';

/**
 * The notification handler's loop bound. sysvec_posted_msi_notification runs
 * handle_pending_pir at most MAX_POSTED_MSI_COALESCING_LOOP - 1 = 2 times while PIR bits keep
 * appearing (stopping at the first empty pass), then clears ON (pi_clear_on: from here a new
 * post notifies again), then runs handle_pending_pir once more to catch posts that raced with
 * the clear, then does the one apic_eoi(). So at most 3 PIR harvests per notification.
 * "3 is good enough to harvest 90+% of the benefit on high IRQ rate workload."
 */
export const MAX_POSTED_MSI_COALESCING_LOOP = 3;

/** post() result bit: ON was clear, the IOMMU sends POSTED_MSI_NOTIFICATION_VECTOR to the CPU. */
export const POSTED_NOTIFY = 1;
/** post() result bit: the vector's PIR bit was already set, this MSI merged into it. */
export const POSTED_PIR_MERGED = 2;

export class PostedMsiDescriptors {
  readonly cpuCount: number;
  // One row per CPU; the PIR is VECTOR_WORDS words per CPU.
  /** pi_desc.pir: posted interrupt requests, one bit per vector */
  pir: Uint32Array;
  /** pi_desc.on: outstanding notification */
  on: Uint8Array;
  /** MSIs posted to this CPU */
  posts: Float64Array;
  /** posts that sent a notification (ON was clear) */
  notifications: Float64Array;
  /** posts whose PIR bit was already set */
  mergedPir: Float64Array;
  /** PIR bits taken outside [FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR): cleared, never dispatched. */
  droppedPirBits = 0;

  constructor(cpuCount: number) {
    if (!Number.isInteger(cpuCount) || cpuCount < 1 || cpuCount > 65536) {
      throw new RangeError(`PostedMsiDescriptors cpuCount must be an integer in [1, 65536], got ${cpuCount}`);
    }
    this.cpuCount = cpuCount;
    this.pir = new Uint32Array(cpuCount * VECTOR_WORDS);
    this.on = new Uint8Array(cpuCount);
    this.posts = new Float64Array(cpuCount);
    this.notifications = new Float64Array(cpuCount);
    this.mergedPir = new Float64Array(cpuCount);
  }

  /**
   * The IOMMU posts `vector` to `cpu`'s descriptor: sets the PIR bit, then ON.
   * @returns a bit set: POSTED_NOTIFY if ON was clear (send the notification vector; 0 means
   *   the notification coalesced into one already outstanding), | POSTED_PIR_MERGED if the PIR
   *   bit was already set (this MSI will not be seen separately).
   */
  post(cpu: number, vector: number): number {
    if (DEBUG && !(cpu >= 0 && cpu < this.cpuCount && vector >= 0 && vector < NR_VECTORS)) {
      throw new RangeError(`post: cpu ${cpu} or vector ${vector} out of range`);
    }
    const i = cpu * VECTOR_WORDS + (vector >>> 5);
    const bit = 1 << (vector & 31);
    let result = 0;
    this.posts[cpu]++;
    if ((this.pir[i] & bit) !== 0) {
      this.mergedPir[cpu]++;
      result = POSTED_PIR_MERGED;
    } else {
      this.pir[i] |= bit;
    }
    if (this.on[cpu] === 0) {
      this.on[cpu] = 1;
      this.notifications[cpu]++;
      result |= POSTED_NOTIFY;
    }
    return result;
  }

  /**
   * handle_pending_pir's harvest: atomically takes and clears every PIR bit of `cpu`, writing
   * the vectors in [FIRST_EXTERNAL_VECTOR, POSTED_MSI_NOTIFICATION_VECTOR) to `outVectors`
   * in ascending order (the dispatch order). Needs outVectors.length ≥ 256 - 32.
   * @returns how many vectors were written; 0 means the pass found nothing (the loop stops).
   */
  takePir(cpu: number, outVectors: Int32Array): number {
    if (DEBUG && outVectors.length < NR_VECTORS - FIRST_EXTERNAL_VECTOR) {
      throw new RangeError(`takePir: outVectors needs ${NR_VECTORS - FIRST_EXTERNAL_VECTOR} slots, got ${outVectors.length}`);
    }
    const base = cpu * VECTOR_WORDS;
    let n = 0;
    for (let w = 0; w < VECTOR_WORDS; w++) {
      let bits = this.pir[base + w] | 0; // PERF: int32 view, lowest bit peeled with x & -x
      if (bits === 0) continue;
      this.pir[base + w] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        const v = (w << 5) + 31 - Math.clz32(low);
        bits ^= low;
        if (v >= FIRST_EXTERNAL_VECTOR && v < POSTED_MSI_NOTIFICATION_VECTOR) outVectors[n++] = v;
        else this.droppedPirBits++;
      }
    }
    return n;
  }

  /** True if any PIR bit is set on `cpu`. */
  pirPending(cpu: number): boolean {
    const base = cpu * VECTOR_WORDS;
    for (let w = 0; w < VECTOR_WORDS; w++) if (this.pir[base + w] !== 0) return true;
    return false;
  }

  /** True if `vector` is posted and not yet taken on `cpu`. */
  isPirSet(cpu: number, vector: number): boolean {
    return (this.pir[cpu * VECTOR_WORDS + (vector >>> 5)] & (1 << (vector & 31))) !== 0;
  }

  /** pi_clear_on: the handler re-arms notifications for `cpu`. */
  clearOn(cpu: number): void {
    this.on[cpu] = 0;
  }
}

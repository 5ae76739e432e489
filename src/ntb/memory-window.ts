/**
 * NTB memory windows and their inbound translation: Switchtec direct windows (ntb_ctrl_regs
 * bar_entry{ctl, win_size, xlate_addr}) and LUT windows (lut_entry[512], 64 KiB each), with the
 * checks of switchtec_ntb_mw_set_trans()/mw_get_align() → setTranslation, and ntb_msi_setup_mws()
 * (drivers/ntb/msi.c) → setupForMsi. Addresses and sizes are bytes in doubles: exact below 2^53.
 * A window maps offsets [0, sizeBytes) of the peer's BAR to host [xlateAddr, xlateAddr + sizeBytes).
 */

/** Window kinds. */
export const MW_DIRECT = 0; // bar_entry: 4 KiB aligned, size up to max_mw_size
export const MW_LUT = 1; //    lut_entry: one LUT_SIZE page, address and size aligned to LUT_SIZE

export const SZ_4K = 0x1000;
/** LUT_SIZE in ntb_hw_switchtec.c (SZ_64K). */
export const LUT_SIZE = 0x10000;
/** The max_mw_size module parameter's default (SZ_2M). */
export const DEFAULT_MAX_MW_SIZE = 0x200000;
/** ARRAY_SIZE(ntb_ctrl_regs.lut_entry). */
export const SWITCHTEC_MAX_LUT_ENTRIES = 512;
/** ARRAY_SIZE(ntb_ctrl_regs.bar_entry) (MAX_DIRECT_MW). */
export const SWITCHTEC_MAX_DIRECT_MW = 6;
/** ntb_msi_setup_mws(): the starting mw_size, SZ_32K. */
export const NTB_MSI_MW_SIZE = 0x8000;

/**
 * x86 compatibility-format MSI address: 0xFEE00000 | destid_0_7 << 12 (arch/x86/include/asm/msi.h).
 * An x86 fact kept here as a default parameter so ntb/ stays free of x86 imports.
 */
export const MSI_COMPAT_ADDR_BASE = 0xfee00000;
export const MSI_COMPAT_DESTID_SHIFT = 12;
/** destid_0_7: the highest APIC ID a compat address carries without virt ext-dest bits. */
export const MSI_COMPAT_MAX_APIC_ID = 255;

const EINVAL = 22; // include/uapi/asm-generic/errno-base.h

/** How setupForMsi sets ntb_msi.end_addr. */
export type MsiRangeRule = 'kernel' | 'window';

/**
 * One row per memory window. The msi columns are struct ntb_msi's base_addr/end_addr for the window
 * that ntb_msi_setup_mws() programmed (the last row's for a host with one peer).
 */
export const MW_COLUMNS = {
  kind: Uint8Array, //              MW_DIRECT | MW_LUT
  addrAlign: Float64Array, //       mw_get_align addr_align (bytes)
  sizeAlign: Float64Array, //       mw_get_align size_align (bytes)
  sizeMax: Float64Array, //         mw_get_align size_max (bytes)
  xlateAddr: Float64Array, //       bar_entry.xlate_addr / lut_entry address: host address of offset 0
  sizeBytes: Float64Array, //       bar_entry.win_size / LUT_SIZE; 0 = translation disabled
  msiBaseAddr: Float64Array, //     ntb_msi.base_addr (host address)
  msiEndAddr: Float64Array, //      ntb_msi.end_addr (exclusive; 0 = not set up)
  translateMisses: Float64Array, // translate() calls that fell outside the window
} as const;

/** Reused result of an APIC-ID coverage query: an inclusive range, -1/-1 when empty. */
export class ApicIdRange {
  first = -1;
  last = -1;
}

/** The memory windows of a machine: a fixed-capacity table, one row per window. */
export class MemoryWindowTable {
  readonly capacity: number;
  count = 0;
  kind: Uint8Array;
  addrAlign: Float64Array;
  sizeAlign: Float64Array;
  sizeMax: Float64Array;
  xlateAddr: Float64Array;
  sizeBytes: Float64Array;
  msiBaseAddr: Float64Array;
  msiEndAddr: Float64Array;
  translateMisses: Float64Array;
  /** Successful setTranslation/clearTranslation calls: each is a partition lock/configure handshake
   * (switchtec_ntb_part_op, msleep(50) polls) the caller charges on the control path. */
  translationChanges = 0;
  /** Why the last setTranslation/setupForMsi returned -EINVAL ('' after a success). */
  lastError = '';

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`MemoryWindowTable: capacity must be an integer >= 1, got ${capacity}`);
    }
    this.capacity = capacity;
    this.kind = new Uint8Array(capacity);
    this.addrAlign = new Float64Array(capacity);
    this.sizeAlign = new Float64Array(capacity);
    this.sizeMax = new Float64Array(capacity);
    this.xlateAddr = new Float64Array(capacity);
    this.sizeBytes = new Float64Array(capacity);
    this.msiBaseAddr = new Float64Array(capacity);
    this.msiEndAddr = new Float64Array(capacity);
    this.translateMisses = new Float64Array(capacity);
  }

  /**
   * Adds a direct window (switchtec_ntb_mw_get_align for widx < peer_nr_direct_mw: addr and size
   * aligned to 4 KiB, size_max = the advertised size). Returns its row.
   * @param sizeMaxBytes @defaultValue DEFAULT_MAX_MW_SIZE (2 MiB, the max_mw_size default)
   */
  addDirect(sizeMaxBytes = DEFAULT_MAX_MW_SIZE): number {
    if (!Number.isSafeInteger(sizeMaxBytes) || sizeMaxBytes < SZ_4K || sizeMaxBytes % SZ_4K !== 0) {
      throw new Error(`MemoryWindowTable.addDirect: sizeMaxBytes must be a multiple of 4096 >= 4096, got ${sizeMaxBytes}`);
    }
    return this.#add(MW_DIRECT, SZ_4K, SZ_4K, sizeMaxBytes);
  }

  /** Adds a LUT window (addr_align = size_align = size_max = LUT_SIZE). Returns its row. */
  addLut(): number {
    return this.#add(MW_LUT, LUT_SIZE, LUT_SIZE, LUT_SIZE);
  }

  /**
   * Programs the inbound translation (switchtec_ntb_mw_set_trans). xlateAddr 0 or sizeBytes 0
   * clears it, as the driver. Returns 0, or -EINVAL with the reason in lastError (size below
   * 4 KiB, address or size not aligned to mw_get_align, size above size_max, not a safe integer).
   * // MODEL: the driver itself checks only ilog2(size) >= 12; alignment and size_max are the
   * limits mw_get_align advertises, which the switch rejects (bar_error) as -EIO.
   */
  setTranslation(mw: number, xlateAddr: number, sizeBytes: number): number {
    this.#checkRow(mw);
    if (xlateAddr === 0 || sizeBytes === 0) {
      this.clearTranslation(mw);
      return 0;
    }
    const what = this.kind[mw] === MW_LUT ? 'LUT' : 'direct';
    if (!Number.isSafeInteger(xlateAddr) || xlateAddr < 0) {
      return this.#fail(`${what} window ${mw}: translation address must be a non-negative integer below 2^53, got ${xlateAddr}`);
    }
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes < SZ_4K) {
      return this.#fail(`${what} window ${mw}: size must be >= 4096 bytes (ilog2(size) >= 12), got ${sizeBytes}`);
    }
    if (xlateAddr % this.addrAlign[mw] !== 0) {
      return this.#fail(
        `${what} window ${mw}: translation address 0x${xlateAddr.toString(16)} is not aligned to addr_align 0x${this.addrAlign[mw].toString(16)}`,
      );
    }
    if (sizeBytes % this.sizeAlign[mw] !== 0) {
      return this.#fail(
        `${what} window ${mw}: size 0x${sizeBytes.toString(16)} is not a multiple of size_align 0x${this.sizeAlign[mw].toString(16)}`,
      );
    }
    if (sizeBytes > this.sizeMax[mw]) {
      return this.#fail(
        `${what} window ${mw}: size 0x${sizeBytes.toString(16)} exceeds size_max 0x${this.sizeMax[mw].toString(16)}`,
      );
    }
    this.xlateAddr[mw] = xlateAddr;
    this.sizeBytes[mw] = sizeBytes;
    this.translationChanges++;
    this.lastError = '';
    return 0;
  }

  /** switchtec_ntb_mw_clr_direct/_lut: translation off; the ntb_msi range goes with it. */
  clearTranslation(mw: number): void {
    this.#checkRow(mw);
    this.xlateAddr[mw] = 0;
    this.sizeBytes[mw] = 0;
    this.msiBaseAddr[mw] = 0;
    this.msiEndAddr[mw] = 0;
    this.translationChanges++;
    this.lastError = '';
  }

  /**
   * Where a peer write at byte offset lands on this host: xlateAddr + offset, or -1 (counted in
   * translateMisses) when offset is outside [0, sizeBytes) or the translation is off.
   */
  translate(mw: number, offset: number): number {
    if (offset >= 0 && offset < this.sizeBytes[mw]) return this.xlateAddr[mw] + offset;
    this.translateMisses[mw]++;
    return -1;
  }

  /** Whether host address hostAddr is reachable through the window's translation. */
  covers(mw: number, hostAddr: number): boolean {
    const base = this.xlateAddr[mw];
    return hostAddr >= base && hostAddr < base + this.sizeBytes[mw];
  }

  /**
   * ntb_msi_setup_mws() for this window: base = firstMsgAddr aligned down to addrAlign, translation
   * size max(round_up(32 KiB, sizeAlign), sizeMax), and the ntb_msi range [base, end) in
   * msiBaseAddr/msiEndAddr. Returns 0 or -EINVAL (lastError says why).
   *
   * rule 'kernel' (default) sets end = base + 32 KiB whatever the window size: the driver starts
   * mw_min_size at SZ_32K and only lowers it, and mw_size never drops below 32 KiB, so
   * ntb_msi_set_desc() accepts 8 APIC IDs of compat addresses. rule 'window' sets end = base +
   * window size, what the min over peers evidently intends. For several peers, pass the largest
   * peer addrAlign (power-of-two aligns: aligning down by each in turn equals aligning by the max).
   * @param firstMsgAddr address_lo + address_hi << 32 of the first associated MSI descriptor
   */
  setupForMsi(
    mw: number,
    firstMsgAddr: number,
    addrAlign: number,
    sizeAlign: number,
    sizeMax: number,
    rule: MsiRangeRule = 'kernel',
  ): number {
    this.#checkRow(mw);
    if (!isPow2(addrAlign) || !isPow2(sizeAlign) || !Number.isSafeInteger(sizeMax) || sizeMax < 0) {
      return this.#fail(
        `setupForMsi: addrAlign and sizeAlign must be powers of two and sizeMax a non-negative integer, got ${addrAlign}, ${sizeAlign}, ${sizeMax}`,
      );
    }
    if (!Number.isSafeInteger(firstMsgAddr) || firstMsgAddr <= 0) {
      return this.#fail(`setupForMsi: firstMsgAddr must be a positive integer below 2^53, got ${firstMsgAddr}`);
    }
    const base = alignDown(firstMsgAddr, addrAlign);
    const mwSize = Math.max(roundUp(NTB_MSI_MW_SIZE, sizeAlign), sizeMax);
    const rc = this.setTranslation(mw, base, mwSize);
    if (rc !== 0) return rc;
    this.msiBaseAddr[mw] = base;
    this.msiEndAddr[mw] = base + (rule === 'kernel' ? NTB_MSI_MW_SIZE : mwSize);
    return 0;
  }

  /** Whether ntb_msi_set_desc() accepts hostAddr: base_addr <= addr < end_addr. */
  msiCovers(mw: number, hostAddr: number): boolean {
    return hostAddr >= this.msiBaseAddr[mw] && hostAddr < this.msiEndAddr[mw];
  }

  /**
   * APIC IDs whose compat-format MSI address (no IR) the window's translation reaches. Fills out
   * and returns how many (they are contiguous). A 64 KiB LUT window at 0xFEE00000 gives 0–15.
   */
  apicIdCoverage(mw: number, out: ApicIdRange, addrBase = MSI_COMPAT_ADDR_BASE): number {
    const lo = this.xlateAddr[mw];
    return compatApicIdRange(lo, lo + this.sizeBytes[mw], out, addrBase);
  }

  /** As apicIdCoverage, for the ntb_msi range: the destinations ntb_msi_set_desc() accepts. */
  msiApicIdCoverage(mw: number, out: ApicIdRange, addrBase = MSI_COMPAT_ADDR_BASE): number {
    return compatApicIdRange(this.msiBaseAddr[mw], this.msiEndAddr[mw], out, addrBase);
  }

  #add(kind: number, addrAlign: number, sizeAlign: number, sizeMax: number): number {
    if (this.count >= this.capacity) {
      throw new Error(`MemoryWindowTable: capacity ${this.capacity} reached, cannot add another window`);
    }
    const mw = this.count++;
    this.kind[mw] = kind;
    this.addrAlign[mw] = addrAlign;
    this.sizeAlign[mw] = sizeAlign;
    this.sizeMax[mw] = sizeMax;
    return mw;
  }

  #fail(reason: string): number {
    this.lastError = `-EINVAL: ${reason}`;
    return -EINVAL;
  }

  #checkRow(mw: number): void {
    if (!Number.isInteger(mw) || mw < 0 || mw >= this.count) {
      throw new Error(`MemoryWindowTable: no window ${mw} (have ${this.count})`);
    }
  }
}

/**
 * APIC IDs d in 0..255 whose compat MSI address addrBase + d << 12 has its whole DWORD inside
 * [lo, hi). Fills out (first/last, -1/-1 if none) and returns the count.
 */
export function compatApicIdRange(lo: number, hi: number, out: ApicIdRange, addrBase = MSI_COMPAT_ADDR_BASE): number {
  const step = 1 << MSI_COMPAT_DESTID_SHIFT;
  const first = Math.max(0, Math.ceil((lo - addrBase) / step));
  const last = Math.min(MSI_COMPAT_MAX_APIC_ID, Math.floor((hi - 4 - addrBase) / step));
  if (hi <= lo || last < first) {
    out.first = -1;
    out.last = -1;
    return 0;
  }
  out.first = first;
  out.last = last;
  return last - first + 1;
}

/** The compat-format MSI address of physical destination apicId (no redirect hint, physical mode). */
export function compatMsiAddr(apicId: number, addrBase = MSI_COMPAT_ADDR_BASE): number {
  return addrBase + apicId * (1 << MSI_COMPAT_DESTID_SHIFT);
}

/**
 * Usable LUT windows (switchtec_ntb_init_mw + mw_count): the LUT table size rounded down to a power
 * of two, minus the reserved entries (the shared-MW entry, plus one in a crosslink configuration).
 * @param lutTableEntries ntb_ctrl_regs.lut_table_entries @defaultValue 512
 */
export function switchtecLutWindowCount(lutTableEntries = SWITCHTEC_MAX_LUT_ENTRIES, crosslink = false): number {
  const n = Math.min(lutTableEntries, SWITCHTEC_MAX_LUT_ENTRIES);
  if (n < 1) return 0;
  const pow2 = 2 ** Math.floor(Math.log2(n));
  return Math.max(0, pow2 - 1 - (crosslink ? 1 : 0));
}

/** addr rounded down to a multiple of align (a power of two). */
export function alignDown(addr: number, align: number): number {
  return addr - (addr % align);
}

/** x rounded up to a multiple of align. */
export function roundUp(x: number, align: number): number {
  return Math.ceil(x / align) * align;
}

function isPow2(x: number): boolean {
  return Number.isSafeInteger(x) && x > 0 && 2 ** Math.round(Math.log2(x)) === x;
}

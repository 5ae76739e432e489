/**
 * The VT-d Interrupt Entry Cache: the remapping unit's cache of IRTEs, keyed by IRTE index.
 * Filled on a miss, dropped by queued invalidation: qi_flush_iec(iommu, index, mask) →
 * invalidate(index, mask) (index-selective over 2^mask aligned entries), qi_global_iec →
 * invalidateAll. Only hit/miss is modelled; costs are the caller's (machine/ cost model).
 * // MODEL: the real IEC geometry is not published. This is a set-associative cache with LRU
 * replacement, `sets` × `ways` lines (default 64 × 4 = 256 entries); ways = 1 gives direct-mapped.
 */

/** Ways of the modelled IEC; a machine's `iecEntries` / IEC_WAYS are its sets. */
export const IEC_WAYS = 4;
/** The default IEC size (entries), a machine field (machine.iecEntries). */
export const DEFAULT_IEC_ENTRIES = 256;

export class InterruptEntryCache {
  readonly sets: number;
  readonly ways: number;
  // One row per cache line, sets × ways rows: row = set * ways + way.
  /** cached IRTE index, -1 = invalid line */
  tag: Int32Array;
  /** LRU stamp: value of the lookup counter at the line's last hit or fill */
  lastUse: Float64Array;
  hits = 0;
  misses = 0;
  /** Lines dropped by invalidate/invalidateAll (valid lines only). */
  linesInvalidated = 0;
  /** invalidate + invalidateAll calls (one per qi_flush_iec / qi_global_iec). */
  invalidations = 0;
  /** Lookups so far: the LRU clock. */
  tick = 0;

  /**
   * Set-associative rather than direct-mapped because IRTE indices come from a first-fit
   * bitmap allocator: a direct-mapped cache would make the hit rate hinge on which indices
   * alias, an artefact no hardware documents. Both sizes must be powers of two.
   */
  constructor(sets = 64, ways = 4) {
    if (!Number.isInteger(sets) || sets < 1 || sets > 65536 || (sets & (sets - 1)) !== 0) {
      throw new RangeError(`IEC sets must be a power of two in [1, 65536], got ${sets}`);
    }
    if (!Number.isInteger(ways) || ways < 1 || ways > 64) {
      throw new RangeError(`IEC ways must be an integer in [1, 64], got ${ways}`);
    }
    this.sets = sets;
    this.ways = ways;
    this.tag = new Int32Array(sets * ways).fill(-1);
    this.lastUse = new Float64Array(sets * ways);
  }

  /** Lines the cache holds. */
  get capacity(): number {
    return this.sets * this.ways;
  }

  /**
   * The remapping unit's IEC probe for IRTE `index`: true on a hit; on a miss the entry is
   * fetched and replaces the set's invalid or least recently used line, and false is returned.
   */
  lookup(index: number): boolean {
    // PERF: columns in locals; one pass finds the hit or the victim.
    const tag = this.tag;
    const lastUse = this.lastUse;
    const row0 = (index & (this.sets - 1)) * this.ways;
    const rowEnd = row0 + this.ways;
    const stamp = ++this.tick;
    let victim = row0;
    let oldest = Infinity;
    for (let r = row0; r < rowEnd; r++) {
      const t = tag[r];
      if (t === index) {
        lastUse[r] = stamp;
        this.hits++;
        return true;
      }
      // Invalid lines are taken first (stamp -1 beats every real stamp).
      const age = t < 0 ? -1 : lastUse[r];
      if (age < oldest) {
        oldest = age;
        victim = r;
      }
    }
    tag[victim] = index;
    lastUse[victim] = stamp;
    this.misses++;
    return false;
  }

  /** True if IRTE `index` is cached (no side effects; for tests and assertions). */
  contains(index: number): boolean {
    const row0 = (index & (this.sets - 1)) * this.ways;
    for (let r = row0; r < row0 + this.ways; r++) if (this.tag[r] === index) return true;
    return false;
  }

  /**
   * qi_flush_iec(index, mask): drops the cached entries for the 2^mask IRTEs of the aligned
   * block containing `index` (the kernel passes mask 0 per modify_irte, irte_mask on free).
   */
  invalidate(index: number, mask: number): void {
    this.invalidations++;
    const size = 2 ** mask;
    const base = index - (index % size);
    if (size < this.sets) {
      // Only the sets those indices map to can hold them.
      for (let i = base; i < base + size; i++) {
        const row0 = (i & (this.sets - 1)) * this.ways;
        for (let r = row0; r < row0 + this.ways; r++) {
          if (this.tag[r] === i) {
            this.tag[r] = -1;
            this.linesInvalidated++;
          }
        }
      }
      return;
    }
    const end = base + size;
    for (let r = 0; r < this.tag.length; r++) {
      const t = this.tag[r];
      if (t >= base && t < end) {
        this.tag[r] = -1;
        this.linesInvalidated++;
      }
    }
  }

  /** qi_global_iec: drops every line. */
  invalidateAll(): void {
    this.invalidations++;
    for (let r = 0; r < this.tag.length; r++) {
      if (this.tag[r] >= 0) {
        this.tag[r] = -1;
        this.linesInvalidated++;
      }
    }
  }
}

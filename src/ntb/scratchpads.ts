/**
 * Switchtec scratchpads of one NTB link: struct shared_mw.spad[128] on each side, living in that
 * host's coherent shared memory window (drivers/ntb/hw/mscc/ntb_hw_switchtec.c). spad_write and
 * spad_read touch local memory (write, read); peer_spad_read is an ioread32 through the LUT window,
 * a non-posted PCIe read across the NTB (peerRead, counted; the caller charges its cost);
 * peer_spad_write is a posted iowrite32 across it (peerWrite, counted). Values are u32.
 */
import { DEBUG } from '../engine/debug.js';

/** ARRAY_SIZE(shared_mw.spad). */
export const SWITCHTEC_SPAD_COUNT = 128;

const EINVAL = 22; // include/uapi/asm-generic/errno-base.h

/** shared_mw.spad of both sides of one link. */
export const SPAD_COLUMNS = {
  spad: Uint32Array, //        [2 × 128] shared_mw.spad, side s at s*128 (u32 each)
  localWrites: Float64Array, // [2] spad_write calls by side s (local store)
  peerReads: Float64Array, //   [2] peer_spad_read calls by side s (non-posted read across the NTB)
  peerWrites: Float64Array, //  [2] peer_spad_write calls by side s (posted write across the NTB)
} as const;

/**
 * The scratchpads of one link. Side 0 and side 1 are the two hosts; each side's spads live in its
 * own memory, so a side reads its own cheaply and the other's across the link.
 */
export class Scratchpads {
  readonly count: number;
  spad: Uint32Array;
  localWrites: Float64Array;
  peerReads: Float64Array;
  peerWrites: Float64Array;

  /** @param count spads per side @defaultValue 128 (Switchtec) */
  constructor(count = SWITCHTEC_SPAD_COUNT) {
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`Scratchpads: count must be an integer >= 1, got ${count}`);
    }
    this.count = count;
    this.spad = new Uint32Array(2 * count);
    this.localWrites = new Float64Array(2);
    this.peerReads = new Float64Array(2);
    this.peerWrites = new Float64Array(2);
  }

  /** spad_write(): side stores into its own spad idx. Returns 0, or -EINVAL for a bad idx. */
  write(side: number, idx: number, value: number): number {
    if (DEBUG) checkSide(side);
    if (idx >>> 0 !== idx || idx >= this.count) return -EINVAL;
    this.spad[side * this.count + idx] = value;
    this.localWrites[side]++;
    return 0;
  }

  /** spad_read(): side reads its own spad idx (local memory); 0 for a bad idx, as the driver. */
  read(side: number, idx: number): number {
    if (DEBUG) checkSide(side);
    if (idx >>> 0 !== idx || idx >= this.count) return 0;
    return this.spad[side * this.count + idx];
  }

  /**
   * peer_spad_read(): side reads the other side's spad idx with a non-posted read across the NTB
   * (counted in peerReads[side]). 0 for a bad idx, as the driver.
   */
  peerRead(side: number, idx: number): number {
    if (DEBUG) checkSide(side);
    if (idx >>> 0 !== idx || idx >= this.count) return 0;
    this.peerReads[side]++;
    return this.spad[(side ^ 1) * this.count + idx];
  }

  /** peer_spad_write(): side writes the other side's spad idx (posted). 0, or -EINVAL. */
  peerWrite(side: number, idx: number, value: number): number {
    if (DEBUG) checkSide(side);
    if (idx >>> 0 !== idx || idx >= this.count) return -EINVAL;
    this.spad[(side ^ 1) * this.count + idx] = value;
    this.peerWrites[side]++;
    return 0;
  }
}

function checkSide(side: number): void {
  if (side !== 0 && side !== 1) throw new Error(`Scratchpads: side must be 0 or 1, got ${side}`);
}

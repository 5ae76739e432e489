/**
 * ntb_msi descriptors (struct ntb_msi_desc{addr_offset, data}, drivers/ntb/msi.c): the host
 * computes one per NTB irq against its MSI window (ntb_msi_set_desc → computeDesc) and publishes
 * it through the scratchpads; each peer holds a copy per queue (ntb_msi_peer_trigger's input)
 * with the version it came from. A move without remapping rewrites the message: the host
 * republishes (desc_changed) and bumps its version, and until the peer has re-read the
 * scratchpads its writes use the old copy. The copy before the last refresh is kept for writes
 * the peer issued before that refresh. Offsets are bytes into the window; data is the u32
 * message data.
 */
import { EFAULT } from '../irq/errno.js';

/** Reused result of computeDesc(). */
export class NtbMsiDescScratch {
  /** ntb_msi_desc.addr_offset: message address minus ntb_msi.base_addr (bytes). */
  addrOffset = 0;
  /** ntb_msi_desc.data: msi_msg.data. */
  data = 0;
}

/**
 * ntb_msi_set_desc(): -EFAULT when msgAddr is outside [windowBase, windowBase + windowSize),
 * else 0 with out.addrOffset = msgAddr - windowBase and out.data = msgData.
 * @param msgAddr address_lo + address_hi << 32 (bytes)
 */
export function computeDesc(
  msgAddr: number,
  msgData: number,
  windowBase: number,
  windowSize: number,
  out: NtbMsiDescScratch,
): number {
  if (msgAddr < windowBase || msgAddr >= windowBase + windowSize) return -EFAULT;
  out.addrOffset = msgAddr - windowBase;
  out.data = msgData;
  return 0;
}

/** What each peer holds of its queues' descriptors, one row per queue, against the host's version. */
export class PeerDescCopies {
  readonly offset: Float64Array;
  readonly data: Uint32Array;
  readonly version: Int32Array;
  readonly prevOffset: Float64Array;
  readonly prevData: Uint32Array;
  readonly prevVersion: Int32Array;
  /** When the peer last re-read its copy (ns), -1: never since the first publish. */
  readonly refreshNs: Float64Array;
  /** The host's current descriptor version per queue (0: never published). */
  readonly hostVersion: Int32Array;

  constructor(queues: number) {
    this.offset = new Float64Array(queues);
    this.data = new Uint32Array(queues);
    this.version = new Int32Array(queues);
    this.prevOffset = new Float64Array(queues);
    this.prevData = new Uint32Array(queues);
    this.prevVersion = new Int32Array(queues);
    this.refreshNs = new Float64Array(queues).fill(-1);
    this.hostVersion = new Int32Array(queues);
  }

  /** The first publish after link-up: host and peer agree on version 1. */
  publish(q: number, offset: number, data: number): void {
    this.hostVersion[q] = 1;
    this.offset[q] = this.prevOffset[q] = offset;
    this.data[q] = this.prevData[q] = data;
    this.version[q] = this.prevVersion[q] = 1;
  }

  /** desc_changed: the host rewrote queue q's descriptor; every copy the peer holds is stale now. */
  republish(q: number): void {
    this.hostVersion[q]++;
  }

  /** True if a write the peer made at `triggerNs` used the copy from before the last refresh. */
  usedPrevious(q: number, triggerNs: number): boolean {
    return this.refreshNs[q] > triggerNs;
  }

  /** The peer has re-read the host's current descriptor at `nowNs`. */
  refresh(q: number, offset: number, data: number, nowNs: number): void {
    this.prevOffset[q] = this.offset[q];
    this.prevData[q] = this.data[q];
    this.prevVersion[q] = this.version[q];
    this.offset[q] = offset;
    this.data[q] = data;
    this.version[q] = this.hostVersion[q];
    this.refreshNs[q] = nowNs;
  }
}

/**
 * ntb_msi descriptors (struct ntb_msi_desc{addr_offset, data}, drivers/ntb/msi.c): the host's
 * authoritative copy per NTB irq with a version, and each peer's copy with the version it holds.
 * ntb_msi_write_msg → writeMsg/publish (version bump, then desc_changed is the caller's), the peer
 * re-reading the spads → peerRefresh, ntb_msi_peer_trigger → peerTriggerOffset, ntb_msi_set_desc →
 * computeDesc. Offsets are bytes into the MSI window; data is the u32 message data.
 */
import { DEBUG } from '../engine/debug.js';

const EFAULT = 14; // include/uapi/asm-generic/errno-base.h

/** Reused result of computeDesc(). */
export class NtbMsiDescScratch {
  /** ntb_msi_desc.addr_offset: message address minus ntb_msi.base_addr (bytes). */
  addrOffset = 0;
  /** ntb_msi_desc.data: msi_msg.data. */
  data = 0;
}

/**
 * Host columns have one row per irq; peer columns one row per (peer, irq) at peer * irqs + irq.
 * Version 0 means never published (host) or never received (peer).
 */
export const MSI_DESC_COLUMNS = {
  hostAddrOffset: Uint32Array, // [irqs]         ntb_msi_desc.addr_offset the host computed (bytes)
  hostData: Uint32Array, //       [irqs]         ntb_msi_desc.data
  hostVersion: Uint32Array, //    [irqs]         publishes so far
  descFaults: Uint32Array, //     [irqs]         writeMsg() calls rejected with -EFAULT
  peerAddrOffset: Uint32Array, // [peers × irqs] the peer's copy of addr_offset
  peerData: Uint32Array, //       [peers × irqs] the peer's copy of data
  peerVersion: Uint32Array, //    [peers × irqs] host version the copy came from
  staleUses: Uint32Array, //      [peers × irqs] triggers the peer sent from a stale copy
} as const;

/** ntb_msi descriptors of one host's NTB irqs and every peer's copy of them. */
export class NtbMsiDescTable {
  readonly peers: number;
  readonly irqs: number;
  hostAddrOffset: Uint32Array;
  hostData: Uint32Array;
  hostVersion: Uint32Array;
  descFaults: Uint32Array;
  peerAddrOffset: Uint32Array;
  peerData: Uint32Array;
  peerVersion: Uint32Array;
  staleUses: Uint32Array;

  constructor(peers: number, irqs: number) {
    if (!Number.isInteger(peers) || peers < 1 || !Number.isInteger(irqs) || irqs < 1) {
      throw new Error(`NtbMsiDescTable: peers and irqs must be integers >= 1, got ${peers} and ${irqs}`);
    }
    this.peers = peers;
    this.irqs = irqs;
    this.hostAddrOffset = new Uint32Array(irqs);
    this.hostData = new Uint32Array(irqs);
    this.hostVersion = new Uint32Array(irqs);
    this.descFaults = new Uint32Array(irqs);
    const n = peers * irqs;
    this.peerAddrOffset = new Uint32Array(n);
    this.peerData = new Uint32Array(n);
    this.peerVersion = new Uint32Array(n);
    this.staleUses = new Uint32Array(n);
  }

  /**
   * The host recomputed irq's descriptor (ntb_msi_write_msg → desc_changed): store it and bump the
   * version, so every peer copy is stale until refreshed. Returns the new version.
   */
  publish(irq: number, addrOffset: number, data: number): number {
    if (DEBUG) this.#checkIrq(irq);
    this.hostAddrOffset[irq] = addrOffset;
    this.hostData[irq] = data;
    return ++this.hostVersion[irq];
  }

  /**
   * ntb_msi_write_msg(): computeDesc against [msiBaseAddr, msiEndAddr) and publish on success.
   * On -EFAULT (WARN_ON in the kernel) the host descriptor and version stay as they were and
   * descFaults[irq] counts it; the kernel still calls desc_changed, so peers re-read the old one.
   * Returns 0 or -EFAULT.
   */
  writeMsg(irq: number, msgAddr: number, msgData: number, msiBaseAddr: number, msiEndAddr: number): number {
    if (DEBUG) this.#checkIrq(irq);
    if (msgAddr < msiBaseAddr || msgAddr >= msiEndAddr) {
      this.descFaults[irq]++;
      return -EFAULT;
    }
    this.publish(irq, msgAddr - msiBaseAddr, msgData);
    return 0;
  }

  /** The peer re-read irq's descriptor (from the spads): copy the host's and its version. */
  peerRefresh(peer: number, irq: number): void {
    if (DEBUG) this.#checkPeerIrq(peer, irq);
    const row = peer * this.irqs + irq;
    this.peerAddrOffset[row] = this.hostAddrOffset[irq];
    this.peerData[row] = this.hostData[irq];
    this.peerVersion[row] = this.hostVersion[irq];
  }

  /** peerRefresh for every irq: the peer's doorbell callback re-reading all QP spads. */
  peerRefreshAll(peer: number): void {
    if (DEBUG) this.#checkPeerIrq(peer, 0);
    const irqs = this.irqs;
    const base = peer * irqs;
    for (let irq = 0; irq < irqs; irq++) {
      this.peerAddrOffset[base + irq] = this.hostAddrOffset[irq];
      this.peerData[base + irq] = this.hostData[irq];
      this.peerVersion[base + irq] = this.hostVersion[irq];
    }
  }

  /** Whether the peer's copy came from an older publish than the host's current one. */
  isStale(peer: number, irq: number): boolean {
    if (DEBUG) this.#checkPeerIrq(peer, irq);
    return this.peerVersion[peer * this.irqs + irq] !== this.hostVersion[irq];
  }

  /** Whether the peer holds any copy of irq's descriptor. */
  peerHolds(peer: number, irq: number): boolean {
    if (DEBUG) this.#checkPeerIrq(peer, irq);
    return this.peerVersion[peer * this.irqs + irq] !== 0;
  }

  /**
   * ntb_msi_peer_trigger(): idx = addr_offset / 4, the 32-bit posted write goes to byte 4 * idx of
   * the peer's window (addr_offset rounded down to a DWORD).
   */
  peerTriggerOffset(peer: number, irq: number): number {
    if (DEBUG) this.#checkPeerIrq(peer, irq);
    return (this.peerAddrOffset[peer * this.irqs + irq] >>> 2) * 4;
  }

  /** The value the peer's trigger writes: its copy of data. */
  peerTriggerData(peer: number, irq: number): number {
    if (DEBUG) this.#checkPeerIrq(peer, irq);
    return this.peerData[peer * this.irqs + irq];
  }

  /** Notes one trigger by the peer; counts it in staleUses and returns true if its copy is stale. */
  recordUse(peer: number, irq: number): boolean {
    if (DEBUG) this.#checkPeerIrq(peer, irq);
    const row = peer * this.irqs + irq;
    if (this.peerVersion[row] === this.hostVersion[irq]) return false;
    this.staleUses[row]++;
    return true;
  }

  #checkIrq(irq: number): void {
    if (!Number.isInteger(irq) || irq < 0 || irq >= this.irqs) {
      throw new Error(`NtbMsiDescTable: irq must be 0..${this.irqs - 1}, got ${irq}`);
    }
  }

  #checkPeerIrq(peer: number, irq: number): void {
    if (!Number.isInteger(peer) || peer < 0 || peer >= this.peers) {
      throw new Error(`NtbMsiDescTable: peer must be 0..${this.peers - 1}, got ${peer}`);
    }
    this.#checkIrq(irq);
  }
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

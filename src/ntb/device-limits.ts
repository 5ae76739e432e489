/**
 * src/ntb/ mirrors drivers/ntb/: the Switchtec NTB hardware (doorbell and message registers),
 * each device's limits, the ntb_msi window and descriptors, and the chip of the proposed NTB MSI
 * domain.
 *
 * What each NTB device kind offers its clients: peers, doorbell bits, message registers and
 * scratchpads, with the kernel source of every limit (drivers/ntb/hw/mscc/ntb_hw_switchtec.c,
 * drivers/ntb/hw/idt/ntb_hw_idt.[ch]). 'storm' is a hypothetical many-peer switch for scenarios
 * beyond today's hardware. checkPeerCount mirrors the drivers' pidx checks at build time.
 */
import { SWITCHTEC_DB_BITS, SWITCHTEC_DB_VALID_MASK, SWITCHTEC_MSG_COUNT } from './switchtec-dbmsg.js';

export type NtbDeviceKind = 'switchtec' | 'idt' | 'storm';

export interface NtbDeviceLimits {
  readonly kind: NtbDeviceKind;
  /** Peers one NTB device can address (ntb_peer_port_count). */
  readonly maxPeers: number;
  /** Where maxPeers comes from in the kernel (or why it is invented). */
  readonly maxPeersSource: string;
  /** Doorbell bits available to clients (popcount of db_valid_mask). */
  readonly dbBits: number;
  /** db_valid_mask as a u32. */
  readonly dbValidMask: number;
  /** Message registers (inbound = outbound count). */
  readonly msgRegisters: number;
  /** Scratchpads per side (0: the driver has no spad ops). */
  readonly scratchpads: number;
  /** False for device kinds that no shipping hardware and driver provide. */
  readonly realHardware: boolean;
  /** One line on what a client should know. */
  readonly note: string;
}

/** The limits of every device kind. */
export const NTB_DEVICE_LIMITS: Readonly<Record<NtbDeviceKind, NtbDeviceLimits>> = Object.freeze({
  switchtec: Object.freeze({
    kind: 'switchtec',
    maxPeers: 1,
    maxPeersSource:
      'drivers/ntb/hw/mscc/ntb_hw_switchtec.c: every peer op returns -EINVAL for pidx != NTB_DEF_PEER_IDX ("ntb driver only supports 1 pair of 1-1 ntb mapping")',
    dbBits: SWITCHTEC_DB_BITS,
    dbValidMask: SWITCHTEC_DB_VALID_MASK,
    msgRegisters: SWITCHTEC_MSG_COUNT,
    scratchpads: 128,
    realHardware: true,
    note: '64 doorbells shared by the two partitions, top 4 routed to the message vector; one doorbell vector (db_vector_count = 1)',
  }),
  idt: Object.freeze({
    kind: 'idt',
    maxPeers: 8,
    maxPeersSource: 'drivers/ntb/hw/idt/ntb_hw_idt.h: IDT_MAX_NR_PEERS = 8',
    dbBits: 32,
    dbValidMask: 0xffffffff,
    msgRegisters: 4,
    scratchpads: 0,
    realHardware: true,
    note: 'IDT_DBELL_MASK 32 bits shared by all peers; IDT_MSG_CNT 4; no spad ops, so ntb_transport (which needs scratchpads) cannot run and descriptors must travel by message registers',
  }),
  storm: Object.freeze({
    kind: 'storm',
    maxPeers: 4096,
    maxPeersSource: 'hypothetical: irqstorm scenario limit, beyond any NTB hardware or driver in the kernel today',
    dbBits: SWITCHTEC_DB_BITS,
    dbValidMask: SWITCHTEC_DB_VALID_MASK,
    msgRegisters: SWITCHTEC_MSG_COUNT,
    scratchpads: 128,
    realHardware: false,
    note: 'Switchtec-like registers per link, many links; use to stress vector budgets and republish fan-out',
  }),
});

/**
 * Throws unless n peers fit device (n integer, 1 <= n <= maxPeers). The error names the device,
 * the limit and its kernel source.
 */
export function checkPeerCount(device: NtbDeviceKind, n: number): void {
  const limits = NTB_DEVICE_LIMITS[device];
  if (limits === undefined) {
    throw new Error(`checkPeerCount: unknown NTB device kind '${String(device)}' (expected switchtec, idt or storm)`);
  }
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`checkPeerCount: ${device} needs a whole number of peers >= 1, got ${n}`);
  }
  if (n > limits.maxPeers) {
    throw new Error(
      `${device} supports at most ${limits.maxPeers} peer${limits.maxPeers === 1 ? '' : 's'}, got ${n} (${limits.maxPeersSource})`,
    );
  }
}

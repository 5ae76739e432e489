/**
 * What the machine's peers may be: the limits and rules its build relies on, declared once here
 * from the NTB model (src/ntb/) so the workload schema checks the same facts with field paths
 * that the build enforces for a config written directly.
 */
import { NTB_DEVICE_LIMITS, type NtbDeviceKind } from '../ntb/device-limits.js';
import { NTB_WINDOW_ALIGN } from '../ntb/ntb-window.js';
import { SWITCHTEC_DB_BITS, SWITCHTEC_MSG_COUNT } from '../ntb/switchtec-dbmsg.js';
import type { Mechanism } from './config.js';

/** Peers each NTB device supports (ntb_peer_port_count; 'storm' is hypothetical). */
export const DEVICE_MAX_PEERS: Readonly<Record<NtbDeviceKind, number>> = Object.freeze({
  switchtec: NTB_DEVICE_LIMITS.switchtec.maxPeers,
  idt: NTB_DEVICE_LIMITS.idt.maxPeers,
  storm: NTB_DEVICE_LIMITS.storm.maxPeers,
});

/** Window translation granularity in bytes (a window's size is a multiple of it). */
export { NTB_WINDOW_ALIGN };

/**
 * Queues one peer may have on `mechanism`: each doorbell queue takes one of the Switchtec
 * register model's 28 client doorbell bits, each message queue one of its 4 inbound message
 * registers (every device kind gets the Switchtec registers per link here); msi queues are
 * bounded by vectors, which the build checks.
 */
export function queuesPerPeerLimit(mechanism: Mechanism): number {
  return mechanism === 'doorbell' ? SWITCHTEC_DB_BITS : mechanism === 'message' ? SWITCHTEC_MSG_COUNT : Infinity;
}

/** What the `shares` rule needs to know of a peer. */
export interface SharingPeer {
  readonly name: string;
  readonly mechanism: string;
  readonly queues: number;
  /** The peer it shares, if it is a sharer itself. */
  readonly shares?: string | null;
}

/**
 * The `shares` rule: a peer may trigger another's ntb_msi irqs from its own copies of their
 * descriptors (its queue i → the other's queue i) only if it is an msi peer with the raw client,
 * and the peer it names (`owner`, found by the caller) is an msi peer with irqs of its own (not
 * a sharer, so not the sharer itself either) and at least as many queues. Returns the field at
 * fault and why, or null.
 */
export function sharesProblem(
  sharer: SharingPeer & { readonly client: string },
  owner: SharingPeer,
): { field: 'shares' | 'queues'; message: string } | null {
  if (sharer.mechanism !== 'msi' || sharer.client !== 'raw') {
    return { field: 'shares', message: `only a peer with mechanism msi and client raw may share another's irqs, got ${sharer.mechanism}/${sharer.client}` };
  }
  if (owner.mechanism !== 'msi' || (owner.shares !== undefined && owner.shares !== null)) {
    return { field: 'shares', message: `${JSON.stringify(owner.name)} must be an msi peer with its own irqs (not this peer, not a sharer itself)` };
  }
  if (sharer.queues > owner.queues) {
    return { field: 'queues', message: `a peer sharing ${JSON.stringify(owner.name)} may have at most its ${owner.queues} queues, got ${sharer.queues}` };
  }
  return null;
}

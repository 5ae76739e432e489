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

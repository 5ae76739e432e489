/**
 * The NTB clients (include/linux/ntb.h: a client binds to an NTB device and gets its events
 * through struct ntb_ctx_ops), one kind per file: raw (a pure interrupt storm), ring
 * (ntb_transport) and pingpong (ntb_pingpong). NTB_CLIENTS is the registry: a queue's client
 * code is its kind's index here, and the workload schema takes its client names and rules from
 * it. A new client is a file beside these and one line below.
 */
import type { NtbClientKind } from './client-ops.js';
import { pingpongClient } from './pingpong.js';
import { rawClient } from './raw.js';
import { ringClient } from './ring.js';

export const NTB_CLIENTS: readonly NtbClientKind[] = [rawClient, ringClient, pingpongClient];

/** The client names a workload may give, in registry order. */
export const CLIENT_NAMES = NTB_CLIENTS.map((k) => k.name) as [string, ...string[]];

/** The kind named `name`, or undefined. */
export function clientKind(name: string): NtbClientKind | undefined {
  return NTB_CLIENTS.find((k) => k.name === name);
}

/** A queue's client code: its kind's index in NTB_CLIENTS (throws for an unknown name). */
export function clientCode(name: string): number {
  const code = NTB_CLIENTS.findIndex((k) => k.name === name);
  if (code < 0) throw new RangeError(`unknown client ${JSON.stringify(name)}; clients are ${CLIENT_NAMES.join(', ')}`);
  return code;
}

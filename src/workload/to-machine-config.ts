/**
 * From a validated workload to what the machine is built from: flattens the machine block,
 * gives trace arrivals their timestamps (read by the caller, which owns the filesystem), and
 * keeps every other value as validated.
 */
import type { DistributionSpec } from '../engine/distributions.js';
import { clientKind } from '../machine/clients/index.js';
import type { MachineConfig, PeerConfig as MachinePeerConfig } from '../machine/config.js';
import type { ArrivalSpec } from '../traffic/arrival-spec.js';
import type { WorkloadConfig } from './config.js';

/** Trace files a workload names (arrival.file), relative as written. */
export function traceFilesOf(w: WorkloadConfig): string[] {
  const files = new Set<string>();
  for (const p of w.peers) if (p.arrival !== null && p.arrival.type === 'trace') files.add(p.arrival.file);
  return [...files];
}

/**
 * The machine config for `w`. `traces` maps each trace file named by the workload to its
 * timestamps (ns); a missing one is an error naming the peer.
 */
export function toMachineConfig(w: WorkloadConfig, traces: ReadonlyMap<string, Float64Array> = new Map()): MachineConfig {
  const peers: MachinePeerConfig[] = w.peers.map((p, i) => {
    let arrival: ArrivalSpec;
    const ownTraffic = clientKind(p.client)?.ownTraffic;
    if (p.arrival === null) {
      // A client that makes its own traffic (ping-pong: the first ping at time 0, the machine
      // schedules every later one) has its kind's arrival.
      if (ownTraffic === undefined) throw new Error(`peers[${i}].arrival: missing, and client ${p.client} makes no traffic of its own`);
      arrival = ownTraffic.arrival;
    } else if (p.arrival.type === 'trace') {
      const timestamps = traces.get(p.arrival.file);
      if (timestamps === undefined) {
        throw new Error(`peers[${i}].arrival.file: trace ${JSON.stringify(p.arrival.file)} was not loaded`);
      }
      arrival = { type: 'trace', timestamps, loop: p.arrival.loop, file: p.arrival.file };
    } else {
      // Validated arrivals are the traffic layer's specs (read-only here): see arrival-schema.ts.
      arrival = p.arrival as ArrivalSpec;
    }
    return {
      name: p.name,
      mechanism: p.mechanism,
      client: p.client,
      queues: p.queues,
      arrival,
      itemWork: p.itemWorkNs as DistributionSpec,
      handlerReturns: p.handlerReturns,
      linkLatencyNs: p.linkLatencyNs,
      hops: p.hops,
      ringSize: p.ringSize,
      shares: p.shares,
      pingDelayNs: p.pingDelayNs,
    };
  });
  return {
    seed: w.seed,
    durationNs: w.durationNs,
    warmupNs: w.warmupNs,
    statsIntervalNs: w.statsIntervalNs,
    // The machine block's knobs have the machine's names: a new one flows through unlisted.
    ...w.machine,
    ntb: {
      device: w.ntb.device,
      design: w.ntb.design,
      nirqs: w.ntb.nirqs,
      msixTableSize: w.ntb.msixTableSize,
      window: { type: w.ntb.window.type, sizeBytes: w.ntb.window.sizeBytes },
      messageOverflow: w.ntb.messageOverflow,
    },
    peers,
    affinity: w.affinity.map((a) => ({ irq: a.irq, cpus: a.cpus })),
    affinityChanges: w.affinityChanges.map((c) => ({ atNs: c.atNs, irq: c.irq, cpus: c.cpus })),
    irqbalanceIntervalNs: w.irqbalance === null ? null : w.irqbalance.intervalNs,
    costs: w.costs as Readonly<Record<string, DistributionSpec>>,
  };
}

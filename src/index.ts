/**
 * irqstorm's public API: run a machine from a config (or a workload file's text), read the
 * metrics. The CLI, the benchmarks and the tests use the same entry point, runSimulation().
 */
export { runSimulation } from './run.js';
export type { RunOptions, RunResult } from './run.js';
export { Machine } from './machine/machine.js';
export type { EventTracer, MachineCounters, MachineOptions } from './machine/machine.js';
export type { AffinityChange, AffinityRule, MachineConfig, PeerConfig } from './machine/config.js';
export { COST_MODEL, COST_NAMES, resolveCosts } from './machine/costs.js';
export type { CostEntry, CostName } from './machine/costs.js';
export { loadWorkload, validateWorkload, describeWorkload, workloadJsonSchema } from './workload/load.js';
export { toMachineConfig, traceFilesOf } from './workload/to-machine-config.js';
export type { WorkloadConfig } from './workload/config.js';
export { WorkloadError } from './workload/errors.js';
export type { MetricsSnapshot, StageLatency, SummaryRow } from './metrics/metrics.js';
export { SPAN_FATE_COALESCED, SPAN_FATE_LOST } from './metrics/span-sink.js';
export type { SpanSink } from './metrics/span-sink.js';
export { STAGE_NAMES } from './metrics/stages.js';
export { EVENT_NAMES } from './events.js';
export { Simulator } from './engine/simulator.js';
export { RngFactory, RandomStream } from './engine/rng.js';
export { createSampler } from './engine/distributions.js';
export type { DistributionSpec, Sampler } from './engine/distributions.js';
export { parseDurationNs, formatDurationNs, MAX_TIME_NS } from './engine/time.js';

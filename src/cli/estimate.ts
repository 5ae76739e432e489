/**
 * Up-front estimate of a run's size, so a run the machine cannot hold is refused before it
 * starts, with the estimate in the message. Triggers come from each arrival process's mean
 * rate; events are about three per trigger; memory is the fixed tables plus, with the trace
 * on, one line per event.
 */
import { totalmem } from 'node:os';
import { RandomStream } from '../engine/rng.js';
import type { MachineConfig } from '../machine/config.js';
import { createArrivalProcess } from '../traffic/arrival-process.js';
import { CliError } from './exit-codes.js';

const EVENTS_PER_TRIGGER = 3;
const TRACE_BYTES_PER_EVENT = 48;
const HISTOGRAM_BYTES = 230_000;

export interface RunEstimate {
  readonly triggers: number;
  readonly events: number;
  readonly memoryBytes: number;
  readonly summary: string;
}

export function estimateRun(config: MachineConfig, trace: boolean, memoryLimitBytes = totalmem() / 2): RunEstimate {
  let triggers = 0;
  let ringBytes = 0;
  const seconds = config.durationNs / 1e9;
  for (const p of config.peers) {
    const rate = createArrivalProcess(p.arrival, new RandomStream(0, 'estimate'), 'estimate').meanRateHz;
    triggers += rate * seconds * p.queues;
    ringBytes += p.queues * p.ringSize * 8;
  }
  const events = triggers * EVENTS_PER_TRIGGER;
  const histograms = 6 * (1 + (config.peers.length <= 16 ? config.peers.length : 0));
  const memoryBytes = ringBytes + histograms * HISTOGRAM_BYTES + (trace ? events * TRACE_BYTES_PER_EVENT * 2 : 0);
  const summary = `${fmt(triggers)} triggers, ${fmt(events)} events, ${(memoryBytes / 2 ** 20).toFixed(0)} MiB`;
  if (memoryBytes > memoryLimitBytes) {
    throw new CliError(
      `this run needs about ${summary}, more than the ${(memoryLimitBytes / 2 ** 30).toFixed(1)} GiB it may use` +
        (trace ? '; the event trace is most of it: drop --trace or shorten duration' : ''),
    );
  }
  return { triggers, events, memoryBytes, summary };
}

function fmt(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

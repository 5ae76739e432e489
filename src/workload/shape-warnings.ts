/**
 * Warnings, not errors: arrival processes whose shape is longer than the run, so the run sees
 * only its beginning. The usual way in is `--set duration=…` on a workload written for a longer
 * run (a ramp `over: 200ms` cut at 20 ms never gets past a tenth of its rise); the workload is
 * still valid and runs, but its numbers answer another question than its description asks.
 * Remote-side workload; no kernel counterpart.
 */
import { createSampler } from '../engine/distributions.js';
import { formatDurationNs } from '../engine/time.js';
import type { ArrivalConfig } from './arrival-schema.js';
import type { WorkloadConfig } from './config.js';
import { formatPath } from './errors.js';
import { parseOverride } from './overrides.js';

/** One warning: where (a field path such as "peers[0].arrival") and what. */
export interface ShapeWarning {
  readonly path: string;
  readonly message: string;
}

function hz(rate: number): string {
  return `${Math.round(rate).toLocaleString('en-US')} Hz`;
}

/**
 * What is cut short in one arrival process over a run of `runNs`, or null when nothing is.
 * `run` names the run's length in the message ("duration 20ms", and where it came from).
 */
function cutShort(a: ArrivalConfig, runNs: number, run: string, traceRows: Float64Array | undefined): string | null {
  switch (a.type) {
    case 'ramp': {
      if (a.over <= runNs) return null;
      const reached = a.from + ((a.to - a.from) * runNs) / a.over;
      const share = Math.round((100 * runNs) / a.over);
      return (
        `the ramp from ${hz(a.from)} to ${hz(a.to)} over ${formatDurationNs(a.over)} is cut short by ${run}: ` +
        `the run ends at ${hz(reached)}, ${share} % of the way; give duration ${formatDurationNs(a.over)} or more to see the whole ramp`
      );
    }
    case 'onoff': {
      const cycleNs = createSampler(a.on, 'on').mean + createSampler(a.off, 'off').mean;
      if (!(cycleNs > runNs)) return null;
      return `one on/off cycle takes ${formatDurationNs(Math.round(cycleNs))} on average, longer than ${run}: the run may see no off period, or no burst after the first`;
    }
    case 'periodic': {
      const periodNs = a.period ?? 1e9 / (a.rate ?? 1);
      if (periodNs < runNs) return null;
      return `the period ${formatDurationNs(Math.round(periodNs))} is not shorter than ${run}: the run ends before the second arrival, maybe before the first`;
    }
    case 'trace': {
      if (a.loop || traceRows === undefined) return null;
      let late = 0;
      for (let i = 0; i < traceRows.length; i++) if (traceRows[i] >= runNs) late++;
      if (late === 0) return null;
      return `${late.toLocaleString('en-US')} of the trace's ${traceRows.length.toLocaleString('en-US')} rows fall at or after ${run} and are not played`;
    }
    default:
      return null;
  }
}

/**
 * The warnings of a validated workload: one per peer entry of the file whose arrival process is
 * cut short by the run's length. `traces` holds the timestamps of trace files (as loaded);
 * `overrides` are the `--set` texts, so a warning can say the duration came from one.
 */
export function shapeWarnings(
  w: WorkloadConfig,
  traces: ReadonlyMap<string, Float64Array> = new Map(),
  overrides: readonly string[] = [],
): ShapeWarning[] {
  const durationSet = overrides.find((o) => formatPath(parseOverride(o).path) === 'duration');
  const run = `duration ${formatDurationNs(w.durationNs)}${durationSet === undefined ? '' : ` (from --set ${durationSet})`}`;
  const out: ShapeWarning[] = [];
  const groups: string[] = [];
  for (const p of w.peers) {
    // Peers expanded from one entry (count N) share its arrival: warn once, at the entry's path.
    if (groups.includes(p.group)) continue;
    groups.push(p.group);
    if (p.arrival === null) continue;
    const rows = p.arrival.type === 'trace' ? traces.get(p.arrival.file) : undefined;
    const what = cutShort(p.arrival, w.durationNs, run, rows);
    if (what !== null) out.push({ path: formatPath(['peers', groups.length - 1, 'arrival']), message: what });
  }
  return out;
}

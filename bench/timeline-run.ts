/**
 * One run with the timeline writers on, into a folder of scratch files (for the bench and the
 * size measurement): the machine, its names, both streamed files, the progress steps the CLI
 * takes. Returns the writers' counts and the files' sizes; the files are removed (abort).
 */
import { COST_NAMES } from '../src/machine/costs.js';
import type { MachineConfig } from '../src/machine/config.js';
import { readKernelView } from '../src/machine/kernel-view.js';
import { Machine } from '../src/machine/machine.js';
import { StreamedFile } from '../src/report/streamed-file.js';
import { TimelineFiles } from '../src/report/timeline/timeline-files.js';
import { timelineNames } from '../src/report/timeline/timeline-names.js';
import { wholeRun } from '../src/report/timeline/timeline-window.js';
import { runSimulation } from '../src/run.js';
import { loadWorkload } from '../src/workload/load.js';
import { toMachineConfig } from '../src/workload/to-machine-config.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function workloadConfig(path: string, sets: readonly string[]): MachineConfig {
  return toMachineConfig(loadWorkload(readFileSync(path, 'utf8'), path, [...sets], { costNames: COST_NAMES }));
}

export interface TimelineRunOutcome {
  readonly triggered: number;
  readonly handled: number;
  readonly jsonEvents: number;
  readonly textLines: number;
  readonly jsonBytes: number;
  readonly textBytes: number;
}

/** The CLI's longest progress step with a timeline (src/cli/run-command.ts). */
const STEP_NS = 100_000;

export function runWithTimeline(config: MachineConfig, dir: string): TimelineRunOutcome {
  const names = timelineNames('bench', readKernelView(new Machine(config)), config.peers.map((p) => p.name));
  const json = new StreamedFile(join(dir, 'timeline.json'));
  const text = new StreamedFile(join(dir, 'trace.txt'));
  try {
    const sink = new TimelineFiles(json, text, names, wholeRun(config.durationNs));
    const result = runSimulation(config, { spans: sink, progressEveryNs: Math.min(STEP_NS, config.durationNs / 200), onProgress: (t) => sink.advance(t) });
    sink.finish(result.simulatedNs);
    const fate = (metric: string): number => result.snapshot.summary.find((r) => r.scope === 'fate' && r.metric === metric)?.value ?? 0;
    return {
      triggered: fate('triggered'),
      handled: fate('handled'),
      jsonEvents: sink.perfetto.events,
      textLines: sink.ftrace.lines,
      jsonBytes: json.bytes,
      textBytes: text.bytes,
    };
  } finally {
    json.abort();
    text.abort();
  }
}

/**
 * The timeline's cost: the default storm (20 ms) without and with timeline.json and trace.txt
 * streamed (to a scratch folder, removed after each call), per handled interrupt, and the
 * timeline run per event written (JSON events plus ftrace lines). The difference between the
 * first two is what --timeline adds per interrupt; off, the machine pays one null check per
 * span site (the perf gate's instruction count holds that).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '../src/run.js';
import type { BenchSuite, BenchTask } from './suite.js';
import { runWithTimeline, workloadConfig } from './timeline-run.js';

const config = workloadConfig('workloads/default-storm.yaml', ['duration=20ms', 'warmup=1ms']);
const dir = mkdtempSync(join(tmpdir(), 'irqstorm-bench-timeline-'));
// Counted once (the runs are deterministic): opsPerCall must be known when the tasks are listed.
const once = runWithTimeline(config, dir);

function task(name: string, ops: number, withTimeline: boolean): BenchTask {
  return {
    name,
    opsPerCall: Math.max(1, ops),
    fn: withTimeline
      ? () => {
          if (runWithTimeline(config, dir).jsonEvents !== once.jsonEvents) throw new Error('the timeline is deterministic: its event count changed');
        }
      : () => {
          runSimulation(config);
        },
  };
}

export const suite: BenchSuite = {
  name: 'timeline',
  tasks: [
    task('default-storm 20ms, timeline off (per handled interrupt)', once.handled, false),
    task('default-storm 20ms, timeline.json + trace.txt (per handled interrupt)', once.handled, true),
    task('default-storm 20ms, timeline.json + trace.txt (per event written)', once.jsonEvents + once.textLines, true),
  ],
};

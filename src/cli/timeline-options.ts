/**
 * `irqstorm run --timeline [--timeline-from D] [--timeline-to D]`: the options, the window they
 * name (refused when it lies outside the run), the size of timeline.json and trace.txt estimated
 * before the run (refused, with the window to use, when it would not fit), and the two streamed
 * files opened in the run folder.
 */
import type { Argv } from 'yargs';
import { formatDurationNs, parseDurationNs } from '../engine/time.js';
import type { Machine } from '../machine/machine.js';
import { readKernelView } from '../machine/kernel-view.js';
import type { RunFolder } from '../report/run-folder.js';
import { TRACE_TXT } from '../report/timeline/ftrace-text.js';
import { TIMELINE_JSON } from '../report/timeline/perfetto-timeline.js';
import { TimelineFiles } from '../report/timeline/timeline-files.js';
import { timelineNames } from '../report/timeline/timeline-names.js';
import type { TimelineWindow } from '../report/timeline/timeline-window.js';
import type { StreamedFile } from '../report/streamed-file.js';
import { CliError } from './exit-codes.js';

export interface TimelineArgs {
  timeline: boolean;
  timelineFrom?: string;
  timelineTo?: string;
}

/**
 * Bytes per trigger in the window, measured on the library's workloads by
 * `node dist/bench/timeline-size.js` (the largest of them, so the estimate errs high):
 * timeline.json holds a trigger's instant and flow, its hard irq, ack, action and counters;
 * trace.txt two lines per handled trigger and its softirq lines.
 */
export const TIMELINE_JSON_BYTES_PER_TRIGGER = 1100;
export const TRACE_TXT_BYTES_PER_TRIGGER = 220;
/**
 * The largest timeline.json a viewer opens: ui.perfetto.dev and chrome://tracing read a JSON
 * trace whole in the browser, and past about a GiB the page runs out of memory or string length.
 */
export const TIMELINE_JSON_LIMIT_BYTES = 2 ** 30;

/** Adds --timeline, --timeline-from and --timeline-to to a command. */
export function addTimelineOptions<T>(y: Argv<T>): Argv<T & TimelineArgs> {
  return y
    .option('timeline', {
      type: 'boolean',
      default: false,
      describe: `also write ${TIMELINE_JSON} (Perfetto / chrome://tracing) and ${TRACE_TXT} (ftrace text) for the run or its window`,
    })
    .option('timeline-from', { type: 'string', requiresArg: true, describe: 'the timeline starts here (a duration into the run, e.g. 10ms; implies --timeline)' })
    .option('timeline-to', { type: 'string', requiresArg: true, describe: 'the timeline ends here (a duration into the run; implies --timeline)' }) as unknown as Argv<T & TimelineArgs>;
}

/** The window asked for, or null without a timeline; refuses a window outside [0, durationNs]. */
export function timelineWindow(args: TimelineArgs, durationNs: number): TimelineWindow | null {
  if (!args.timeline && args.timelineFrom === undefined && args.timelineTo === undefined) return null;
  const run = formatDurationNs(durationNs);
  const read = (v: string | undefined, option: string, dflt: number): number => {
    if (v === undefined) return dflt;
    if (Array.isArray(v)) throw new CliError(`${option}: given ${(v as unknown[]).length} times; give it once`);
    try {
      return parseDurationNs(v, option);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
  };
  const fromNs = read(args.timelineFrom, '--timeline-from', 0);
  const toNs = read(args.timelineTo, '--timeline-to', durationNs);
  if (fromNs >= durationNs) throw new CliError(`--timeline-from: ${formatDurationNs(fromNs)} is not inside the run, which lasts ${run}; give a time before its end`);
  if (toNs > durationNs) throw new CliError(`--timeline-to: ${formatDurationNs(toNs)} is past the run's end (${run}); give at most ${run}`);
  if (toNs <= fromNs) throw new CliError(`--timeline-to: ${formatDurationNs(toNs)} is not after --timeline-from (${formatDurationNs(fromNs)}); the window would be empty`);
  return { fromNs, toNs };
}

export interface TimelineEstimate {
  readonly jsonBytes: number;
  readonly textBytes: number;
}

/**
 * The two files' sizes for `triggers` over the run, prorated to the window; refuses a
 * timeline.json past what a viewer opens, naming the window that would fit.
 */
export function estimateTimeline(triggers: number, durationNs: number, window: TimelineWindow, source: string): TimelineEstimate {
  const share = (window.toNs - window.fromNs) / durationNs;
  const inWindow = triggers * share;
  const jsonBytes = inWindow * TIMELINE_JSON_BYTES_PER_TRIGGER;
  const textBytes = inWindow * TRACE_TXT_BYTES_PER_TRIGGER;
  if (jsonBytes > TIMELINE_JSON_LIMIT_BYTES) {
    throw new CliError(
      `${source}: ${TIMELINE_JSON} would take about ${mib(jsonBytes)} (${fmtCount(inWindow)} triggers in the window), more than the ` +
        `${mib(TIMELINE_JSON_LIMIT_BYTES)} a trace viewer opens; keep a shorter window: ${suggestWindow(window, jsonBytes, TIMELINE_JSON_LIMIT_BYTES)}`,
    );
  }
  return { jsonBytes, textBytes };
}

/** A --timeline-from/--timeline-to pair inside `window` whose file would take about half of `limit`. */
export function suggestWindow(window: TimelineWindow, bytes: number, limit: number): string {
  const span = window.toNs - window.fromNs;
  const keep = Math.max(1000, Math.floor((span * limit) / (2 * bytes) / 1000) * 1000);
  return `--timeline-from ${formatDurationNs(window.fromNs)} --timeline-to ${formatDurationNs(window.fromNs + keep)}`;
}

/** Opens timeline.json and trace.txt in the run folder, named from the built (not yet run) machine. */
export function openTimeline(folder: RunFolder, built: Machine, title: string, window: TimelineWindow): { sink: TimelineFiles; files: StreamedFile[] } {
  const names = timelineNames(title, readKernelView(built), built.config.peers.map((p) => p.name));
  const json = folder.streamed(TIMELINE_JSON);
  let text: StreamedFile;
  try {
    text = folder.streamed(TRACE_TXT);
  } catch (err) {
    json.abort();
    throw err;
  }
  return { sink: new TimelineFiles(json, text, names, window), files: [json, text] };
}

/** A file size for a message: GiB with one decimal from 1 GiB, else whole MiB (at least 1). */
export function mib(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.max(1, Math.ceil(bytes / 2 ** 20))} MiB`;
}

function fmtCount(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0);
}

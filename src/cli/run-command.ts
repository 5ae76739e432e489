/**
 * `irqstorm run <workload>`: validate everything, build the machine, open (and lock) the run
 * folder, run it with a progress bar on a terminal (trace.csv, timeline.json and trace.txt
 * streamed to disk meanwhile when asked for),
 * print the summary, and write the CSV files (whole files or none; run.json last). Ctrl-C or
 * SIGTERM stops the run at the next progress step and still writes whole files for the time
 * simulated so far (signals.ts says what a signal does in each phase).
 */
import cliProgress from 'cli-progress';
import type { Argv } from 'yargs';
import { formatDurationNs } from '../engine/time.js';
import type { RunFile } from '../report/atomic-write.js';
import { OutDirError } from '../report/out-dir.js';
import type { StreamedFile } from '../report/streamed-file.js';
import { TRACE_CSV, traceCsvWriter } from '../report/trace-csv-writer.js';
import { formatShowView } from '../report/kernel-view-files.js';
import { runDataFiles } from '../report/run-files.js';
import { buildRunReport } from '../report/run-report.js';
import { defaultBreakdown, formatBreakdown } from '../report/summary-by.js';
import { formatRunFooter, formatSummaryTable } from '../report/summary-table.js';
import { runSimulationAsync, type RunResult } from '../run.js';
import { describeHardware, describeWorkload, whatIfNote } from '../workload/load.js';
import { checkMachineBuilds } from './build-check.js';
import { CliError, EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { checkDiskRoom, freeBytes } from './disk-room.js';
import { estimateRun } from './estimate.js';
import { ALLOW_OUTSIDE_OPTION, SET_OPTION, parseSeedOption } from './options.js';
import { openRunFolder } from './out-preflight.js';
import { reportInput } from './report-input.js';
import { runInfo, runMemory } from './run-info.js';
import { setRunPhase, stopRequested } from './signals.js';
import { writePhaseTestHook } from './test-hooks.js';
import { seriesFocus as chooseSeriesFocus } from './series-names.js';
import { addViewOptions, type ViewArgs } from './view-options.js';
import { addTimelineOptions, estimateTimeline, mib, openTimeline, suggestWindow, timelineWindow, type TimelineArgs } from './timeline-options.js';
import { TIMELINE_JSON } from '../report/timeline/perfetto-timeline.js';
import { TRACE_TXT } from '../report/timeline/ftrace-text.js';
import type { TimelineFiles } from '../report/timeline/timeline-files.js';
import { WallClockWatch, confirmLongRun, formatWallEstimate } from './wall-estimate.js';
import { loadWorkloadFile } from './workload-file.js';
import { withExamples } from './help-examples.js';

export interface RunArgs extends ViewArgs, TimelineArgs {
  workload: string;
  out: string;
  seed?: number;
  set: string[];
  quiet: boolean;
  json: boolean;
  trace: boolean;
  progress: boolean;
  allowOutside: boolean;
  yes: boolean;
}

export function runBuilder(y: Argv): Argv<RunArgs> {
  const base = withExamples(y, [
    ['$0 run workloads/default-storm.yaml', 'the default storm'],
    ['$0 run workloads/default-storm.yaml --seed 7 --set machine.remapping=off', 'another seed, no remapping'],
    ['$0 run workloads/mm1.yaml --out /tmp/runs --json', 'JSON summary, CSVs under /tmp/runs'],
    ['$0 run workloads/affinity-move-no-remap.yaml --show interrupts --by irq', '/proc/interrupts at the end, the summary per irq'],
    ['$0 run workloads/affinity-move-no-remap.yaml --timeline --timeline-from 14ms --timeline-to 18ms', 'timeline.json and trace.txt around the move'],
  ])
    .positional('workload', { type: 'string', demandOption: true, describe: 'workload file (.json, .yaml, .yml)' })
    .option('out', { type: 'string', default: 'results/runs', requiresArg: true, describe: 'folder the run directory is created in' })
    .option('seed', { type: 'string', requiresArg: true, coerce: parseSeedOption, describe: 'run seed (overrides the workload\'s "seed")' })
    .option('set', SET_OPTION)
    .option('quiet', { type: 'boolean', default: false, alias: 'q', describe: 'print nothing but errors' })
    .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout' })
    .option('trace', { type: 'boolean', default: false, describe: 'also write trace.csv, every event dispatched' })
    .option('progress', { type: 'boolean', default: true, describe: 'progress bar on a terminal (--no-progress to hide)' })
    .option('allow-outside', ALLOW_OUTSIDE_OPTION)
    .option('yes', { type: 'boolean', default: false, alias: 'y', describe: 'run even when estimated past an hour of wall time' });
  return addTimelineOptions(addViewOptions(base)) as unknown as Argv<RunArgs>;
}

export async function runCommand(args: RunArgs): Promise<number> {
  const sets = args.seed === undefined ? args.set : [...args.set, `seed=${args.seed}`];
  const loaded = await loadWorkloadFile(args.workload, sets, { allowOutside: args.allowOutside });
  const { workload, machine: config } = loaded;
  const wantTrace = args.trace || workload.trace;
  // The per-irq and per-peer series written: those named, or the --series-top busiest irqs and peers.
  const scopeSeriesRows = args.series.length > 0 ? args.series.length : 2 * args.seriesTop;
  const window = timelineWindow(args, config.durationNs); // a window outside the run is refused here
  const estimate = estimateRun(config, { trace: wantTrace, timeline: window !== null, source: args.workload, scopeSeriesRows }); // refuses a run too big before it starts
  const timelineSize = window === null ? null : estimateTimeline(estimate.triggers, config.durationNs, window, args.workload);
  const built = checkMachineBuilds(config, args.workload); // every build-time error (vectors, window, limits) before the run
  const seriesFocus = chooseSeriesFocus(built, args.series, args.seriesTop);
  const say = args.quiet || args.json ? (): void => {} : (line: string): void => console.error(line);
  for (const w of loaded.warnings) if (!args.quiet) console.error(`irqstorm: warning: ${w}`);
  say(`irqstorm: ${loaded.name}: ${describeWorkload(workload)}`);
  const note = whatIfNote(workload);
  if (note !== null) say(`irqstorm: ${loaded.name}: ${note}`);
  say(`irqstorm: about ${estimate.summary}`);
  if (timelineSize !== null) say(`irqstorm: timeline: about ${mib(timelineSize.jsonBytes)} of ${TIMELINE_JSON} and ${mib(timelineSize.textBytes)} of ${TRACE_TXT}`);

  const folder = openRunFolder(args.out, loaded.name, config.seed, workload);
  try {
    checkDiskRoom(folder.path, estimate.traceDiskBytes);
    if (window !== null && timelineSize !== null) {
      const bytes = estimate.traceDiskBytes + timelineSize.jsonBytes + timelineSize.textBytes;
      checkDiskRoom(folder.path, bytes, `${TIMELINE_JSON} and ${TRACE_TXT}${wantTrace ? ' with trace.csv' : ''}`, `keep a shorter window (${suggestWindow(window, bytes, freeBytes(folder.path))}) or pick another --out`);
    }
  } catch (err) {
    folder.release(true);
    throw err;
  }
  let trace: StreamedFile | null = null;
  let timeline: { sink: TimelineFiles; files: StreamedFile[] } | null = null;
  const abortStreams = (): void => {
    trace?.abort();
    for (const f of timeline?.files ?? []) f.abort();
  };
  const showBar = args.progress && !args.quiet && !args.json && process.stderr.isTTY === true;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: 'simulating |{bar}| {percentage}% of {total_time} simulated | ETA {eta}s', clearOnComplete: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const started = performance.now();
  // The wall-time estimate comes from the run's own speed once it is warm (wall-estimate.ts);
  // a run estimated past an hour stops there, before anything is written, unless confirmed.
  const watch = new WallClockWatch(estimate.triggers, started);
  let wallChecked = false;
  const checkWallTime = async (): Promise<void> => {
    const e = watch.estimate;
    if (wallChecked || e === null) return;
    wallChecked = true;
    bar?.stop();
    say(`irqstorm: ${formatWallEstimate(e)}`);
    await confirmLongRun(e.totalSeconds, args.yes, args.workload);
    bar?.start(config.durationNs, lastProgressNs, { total_time: formatDurationNs(config.durationNs) });
  };
  let lastProgressNs = 0;
  let result: RunResult;
  try {
    trace = wantTrace ? folder.streamed(TRACE_CSV) : null;
    timeline = window === null ? null : openTimeline(folder, built, loaded.name, window);
    setRunPhase('simulating');
    bar?.start(config.durationNs, 0, { total_time: formatDurationNs(config.durationNs) });
    result = await runSimulationAsync(config, {
      // With a timeline, trace.txt holds its lines until a progress step says they are certain:
      // steps of at most 100 µs keep that to a few thousand lines.
      progressEveryNs: Math.max(1, Math.floor(Math.min(config.durationNs / 200, timeline === null ? Infinity : TIMELINE_STEP_NS))),
      onProgress: (nowNs, progress) => {
        lastProgressNs = nowNs;
        timeline?.sink.advance(nowNs);
        bar?.update(nowNs);
        watch.observe(performance.now(), progress.eventsDispatched, progress.triggered);
      },
      onStep: checkWallTime,
      shouldStop: () => stopRequested() !== null,
      seriesFocus,
      trace: trace === null ? undefined : traceCsvWriter(trace),
      spans: timeline?.sink,
    });
    timeline?.sink.finish(result.simulatedNs);
  } catch (err) {
    abortStreams();
    folder.release(true);
    // A model limit hit mid-run (a heavy-tailed sample past the clock): a plain message, no
    // files (nothing written is better than a run cut at an unknown point).
    if (err instanceof RangeError) throw new CliError(`${args.workload}: the run failed: ${err.message}`, EXIT_FAILED);
    if (err instanceof OutDirError || isFsError(err)) throw new CliError(`cannot write the run directory ${folder.path}: ${(err as Error).message}`, EXIT_FAILED);
    throw err;
  } finally {
    bar?.stop();
  }
  setRunPhase('writing');
  const wallS = (performance.now() - started) / 1000;
  const interrupted = result.simulatedNs < config.durationNs;
  if (interrupted) {
    say(`irqstorm: ${stopRequested() ?? 'stopped'}: interrupted at ${formatDurationNs(result.simulatedNs)} of ${formatDurationNs(config.durationNs)}; writing what was simulated`);
  }

  if (result.snapshot.scopeSeries.note !== '') say(`irqstorm: ${result.snapshot.scopeSeries.note}`);
  const series = { names: args.series, top: args.seriesTop };
  let files: RunFile[];
  try {
    files = await runDataFiles(result.snapshot, result.kernelView, series);
    files.push({ name: 'report.html', content: await buildRunReport(reportInput(loaded, result, series, interrupted)) });
  } catch (err) {
    // Nothing is written when the files cannot even be made: the streamed trace goes, the folder is let go.
    abortStreams();
    folder.release(true);
    throw err;
  }
  if (trace !== null) files.push({ name: TRACE_CSV, content: trace });
  if (timeline !== null) {
    files.push({ name: TIMELINE_JSON, content: timeline.files[0] }, { name: TRACE_TXT, content: timeline.files[1] });
    const late = timeline.sink.ftrace.late;
    if (late > 0) say(`irqstorm: warning: ${TRACE_TXT}: ${late} lines came too late to be written in time order`);
  }
  // A rerun without --trace or --timeline must not leave an earlier run's files beside its own.
  const obsolete = [...(wantTrace ? [] : [TRACE_CSV]), ...(timeline !== null ? [] : [TIMELINE_JSON, TRACE_TXT])];
  try {
    // `timeline`: the window timeline.json and trace.txt cover (simulated ns; an interrupted run's
    // ends where it stopped), null without them.
    const covered = window === null ? null : { fromNs: window.fromNs, toNs: Math.max(window.fromNs, Math.min(window.toNs, result.simulatedNs)) };
    const info = { ...(runInfo(loaded, result, wallS, interrupted, wantTrace, runMemory(estimate.memoryBytes)) as object), timeline: covered };
    await folder.writeFiles(files, info, obsolete, { beforeFile: writePhaseTestHook() });
  } catch (err) {
    abortStreams();
    throw new CliError(`cannot write the run directory ${folder.path}: ${(err as Error).message}`, EXIT_FAILED);
  } finally {
    folder.release(true);
  }
  const runDir = folder.path;

  const violations = result.snapshot.identityViolations;
  const shown = Object.fromEntries(args.show.map((v) => [v, formatShowView(result.kernelView, v)]));
  if (args.json) {
    const summary = result.snapshot.summary;
    console.log(JSON.stringify({ runDir, interrupted, wallSeconds: wallS, counters: result.counters, summary, violations, views: shown }, null, 2));
  } else if (!args.quiet) {
    const color = process.stdout.isTTY === true;
    const head = (t: string): string => (color ? `\x1b[1m${t}\x1b[22m` : t);
    const breakdown = formatBreakdown(result.snapshot, result.kernelView, args.by ?? defaultBreakdown(result.snapshot), head);
    console.log(formatSummaryTable(result.snapshot, { color, modelled: describeHardware(workload) }) + breakdown);
    console.log(formatRunFooter(result.counters.eventsDispatched, wallS, runDir));
  }
  // The views asked for, after the summary (alone with --quiet; inside the JSON with --json).
  if (!args.json) for (const v of args.show) console.log(`\n${shown[v]}`);
  if (violations.length > 0) {
    console.error(`irqstorm: the accounting identity does not hold:\n${violations.map((v) => `  ${v.message}`).join('\n')}`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

/** The longest progress step when a timeline is written (trace.txt's ordering window). */
const TIMELINE_STEP_NS = 100_000;

// An error from the file system (ENOSPC while streaming the trace, EACCES, …).
function isFsError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
}

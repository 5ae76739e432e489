/**
 * `irqstorm run <workload>`: validate everything, build the machine, run it with a progress
 * bar on a terminal, print the summary, and write the CSV files into a fresh run directory
 * (whole files or none; run.json last). Ctrl-C stops the run at the next progress step and
 * still writes whole files for the time simulated so far.
 */
import cliProgress from 'cli-progress';
import type { Argv } from 'yargs';
import { formatDurationNs } from '../engine/time.js';
import { EVENT_NAMES } from '../events.js';
import { Machine } from '../machine/machine.js';
import { writeRunDirectory, type RunFile } from '../report/atomic-write.js';
import { formatShowView } from '../report/kernel-view-files.js';
import { runDataFiles } from '../report/run-files.js';
import { buildRunReport } from '../report/run-report.js';
import { defaultBreakdown, formatBreakdown } from '../report/summary-by.js';
import { formatRunFooter, formatSummaryTable } from '../report/summary-table.js';
import { runSimulationAsync, type RunResult } from '../run.js';
import { describeHardware, describeWorkload } from '../workload/load.js';
import { CliError, EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { estimateRun } from './estimate.js';
import { SET_OPTION, parseSeedOption } from './options.js';
import { prepareRunDirectory } from './out-preflight.js';
import { reportInput } from './report-input.js';
import { runInfo } from './run-info.js';
import { addViewOptions, type ViewArgs } from './view-options.js';
import { seriesFocus as chooseSeriesFocus } from './series-names.js';
import { loadWorkloadFile } from './workload-file.js';
import { withExamples } from './help-examples.js';

/** Trace lines joined per write of trace.csv. */
const TRACE_CHUNK_LINES = 65_536;

export interface RunArgs extends ViewArgs {
  workload: string;
  out: string;
  seed?: number;
  set: string[];
  quiet: boolean;
  json: boolean;
  trace: boolean;
  progress: boolean;
}

export function runBuilder(y: Argv): Argv<RunArgs> {
  const base = withExamples(y, [
    ['$0 run workloads/default-storm.yaml', 'the default storm'],
    ['$0 run workloads/default-storm.yaml --seed 7 --set machine.remapping=off', 'another seed, no remapping'],
    ['$0 run workloads/mm1.yaml --out /tmp/runs --json', 'JSON summary, CSVs under /tmp/runs'],
    ['$0 run workloads/affinity-move-no-remap.yaml --show interrupts --by irq', '/proc/interrupts at the end, the summary per irq'],
  ])
    .positional('workload', { type: 'string', demandOption: true, describe: 'workload file (.json, .yaml, .yml)' })
    .option('out', { type: 'string', default: 'results/runs', requiresArg: true, describe: 'folder the run directory is created in' })
    .option('seed', { type: 'string', requiresArg: true, coerce: parseSeedOption, describe: 'run seed (overrides the workload\'s "seed")' })
    .option('set', SET_OPTION)
    .option('quiet', { type: 'boolean', default: false, alias: 'q', describe: 'print nothing but errors' })
    .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout' })
    .option('trace', { type: 'boolean', default: false, describe: 'also write trace.csv, every event dispatched' })
    .option('progress', { type: 'boolean', default: true, describe: 'progress bar on a terminal (--no-progress to hide)' });
  return addViewOptions(base) as unknown as Argv<RunArgs>;
}

export async function runCommand(args: RunArgs): Promise<number> {
  const sets = args.seed === undefined ? args.set : [...args.set, `seed=${args.seed}`];
  const loaded = await loadWorkloadFile(args.workload, sets);
  const { workload, machine: config } = loaded;
  const seriesRows = args.series.length > 0 ? args.series.length : 2 * args.seriesTop;
  const estimate = estimateRun(config, { trace: args.trace || workload.trace, source: args.workload, scopeSeriesRows: seriesRows });
  let built: Machine;
  try {
    built = new Machine(config); // every build-time error (vectors, window, limits) before the run
  } catch (err) {
    throw new CliError(`${args.workload}: ${(err as Error).message}`);
  }
  const seriesFocus = chooseSeriesFocus(built, args.series, args.seriesTop);
  const say = args.quiet || args.json ? (): void => {} : (line: string): void => console.error(line);
  for (const w of loaded.warnings) if (!args.quiet) console.error(`irqstorm: warning: ${w}`);
  say(`irqstorm: ${loaded.name}: ${describeWorkload(workload)}`);
  say(`irqstorm: about ${estimate.summary}`);

  const runDir = await prepareRunDirectory(args.out, loaded.name, config.seed, workload);

  const traceLines: string[] = [];
  const wantTrace = args.trace || workload.trace;
  let stopRequested = false;
  const onSigint = (): void => {
    stopRequested = true;
  };
  process.once('SIGINT', onSigint);
  const showBar = args.progress && !args.quiet && !args.json && process.stderr.isTTY === true;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: 'simulating |{bar}| {percentage}% of {total_time} simulated | ETA {eta}s', clearOnComplete: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(config.durationNs, 0, { total_time: formatDurationNs(config.durationNs) });
  const started = performance.now();
  let result: RunResult;
  try {
    result = await runSimulationAsync(config, {
      progressEveryNs: Math.max(1, Math.floor(config.durationNs / 200)),
      onProgress: (nowNs) => bar?.update(nowNs),
      shouldStop: () => stopRequested,
      seriesFocus,
      trace: wantTrace
        ? (t, kind, a0, a1) => {
            traceLines.push(`${t},${EVENT_NAMES[kind] ?? kind},${a0},${a1}`);
          }
        : undefined,
    });
  } catch (err) {
    // A model limit hit mid-run (a heavy-tailed sample past the clock, a full IEC-miss table):
    // a plain message, no files (nothing written is better than a run cut at an unknown point).
    if (err instanceof RangeError) throw new CliError(`${args.workload}: the run failed: ${err.message}`, EXIT_FAILED);
    throw err;
  } finally {
    bar?.stop();
    process.removeListener('SIGINT', onSigint);
  }
  const wallS = (performance.now() - started) / 1000;
  const interrupted = result.simulatedNs < config.durationNs;
  if (interrupted) {
    say(`irqstorm: interrupted at ${formatDurationNs(result.simulatedNs)} of ${formatDurationNs(config.durationNs)}; writing what was simulated`);
  }

  if (result.snapshot.scopeSeries.note !== '') say(`irqstorm: ${result.snapshot.scopeSeries.note}`);
  const series = { names: args.series, top: args.seriesTop };
  const files: RunFile[] = await runDataFiles(result.snapshot, result.kernelView, series);
  files.push({ name: 'report.html', content: await buildRunReport(reportInput(loaded, result, series, interrupted)) });
  if (wantTrace) {
    // In chunks: the whole trace as one string can pass V8's string length limit (~512 M chars).
    files.push({
      name: 'trace.csv',
      content: async (write) => {
        await write('time_ns,event,a0,a1\n');
        for (let i = 0; i < traceLines.length; i += TRACE_CHUNK_LINES) {
          await write(`${traceLines.slice(i, i + TRACE_CHUNK_LINES).join('\n')}\n`);
        }
      },
    });
  }
  try {
    // A rerun without --trace must not leave an earlier run's trace.csv beside its files.
    await writeRunDirectory(runDir, files, runInfo(loaded, result, wallS, interrupted, wantTrace), wantTrace ? [] : ['trace.csv']);
  } catch (err) {
    throw new CliError(`cannot write the run directory ${runDir}: ${(err as Error).message}`, EXIT_FAILED);
  }

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

/**
 * `irqstorm run` options that choose what a run shows of itself: the kernel's views printed at
 * the end (--show), the summary's breakdown (--by), and which per-irq and per-peer series
 * series.csv gets (--series, --series-top).
 */
import type { Argv } from 'yargs';
import { SHOW_VIEWS, type ShowView } from '../report/kernel-view-files.js';
import { BREAKDOWNS, type Breakdown } from '../report/summary-by.js';
import { DEFAULT_SERIES_TOP } from '../report/scope-series-rows.js';
import { CliError } from './exit-codes.js';

export interface ViewArgs {
  show: ShowView[];
  by?: Breakdown;
  series: string[];
  seriesTop: number;
}

/** Adds --show, --by, --series and --series-top to a command. */
export function addViewOptions<T>(y: Argv<T>): Argv<T & ViewArgs> {
  return y
    .option('show', {
      type: 'string',
      array: true,
      nargs: 1,
      choices: SHOW_VIEWS,
      default: [],
      describe: 'print a kernel view at the end: interrupts (/proc/interrupts), irqs (debugfs irqs/*), affinity (repeatable)',
    })
    .option('by', {
      type: 'string',
      choices: BREAKDOWNS,
      describe: 'summary breakdown: per peer, irq or cpu, or none (default: peer for 2-8 peers)',
    })
    .option('series', {
      type: 'string',
      array: true,
      nargs: 1,
      default: [],
      describe: 'an irq (peer3/q0) or peer (peer3) whose triggered/handled/coalesced/lost series go in series.csv (repeatable; replaces --series-top)',
    })
    .option('series-top', {
      type: 'number',
      default: DEFAULT_SERIES_TOP,
      requiresArg: true,
      coerce: parseSeriesTop,
      describe: 'per-irq and per-peer series for the N irqs and N peers with the most triggers (default 0: none; counting them slows the run a little)',
    }) as unknown as Argv<T & ViewArgs>;
}

function parseSeriesTop(value: unknown): number {
  if (Array.isArray(value)) throw new CliError(`--series-top: given ${value.length} times; give it once`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new CliError(`--series-top: expected a whole number ≥ 0, got ${JSON.stringify(String(value))}`);
  return n;
}

/**
 * The terminal summary of one run: throughput, the fate of every trigger, stage latencies and CPU
 * utilisation, in aligned plain-text columns with readable units (ns/µs/ms/s, /s, k/s, M/s).
 * No colours unless asked for; numbers are never locale-formatted, so output is the same everywhere.
 */
import type { MetricsSnapshot, SummaryRow } from '../metrics/metrics.js';

export interface SummaryTableOptions {
  /** Bold section headers with ANSI escapes. @defaultValue false */
  readonly color?: boolean;
  /** What the run modelled, as [label, text] rows in plain words (device, design): the first section when given. */
  readonly modelled?: readonly (readonly [string, string])[];
}

/** 3 significant digits without exponent: 1.23, 12.3, 123, 1234. */
function sig3(x: number): string {
  const a = Math.abs(x);
  if (a >= 100 || a === 0) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** Picks the largest unit whose rounded value stays ≥ 1, so 999.7 ns prints as 1.00 µs, not 1000 ns. */
function scaled(x: number, units: readonly (readonly [number, string])[]): string {
  if (!Number.isFinite(x)) return '-';
  for (let i = units.length - 1; i >= 0; i--) {
    const [scale, unit] = units[i];
    const v = x / scale;
    if (Math.abs(Number(sig3(v))) >= 1 || i === 0) return `${sig3(v)} ${unit}`;
  }
  return '-';
}

const TIME_UNITS = [
  [1, 'ns'],
  [1e3, 'µs'],
  [1e6, 'ms'],
  [1e9, 's'],
] as const;
const RATE_UNITS = [
  [1, '/s'],
  [1e3, 'k/s'],
  [1e6, 'M/s'],
  [1e9, 'G/s'],
] as const;

/** A duration for people: 850 ns, 1.25 µs, 12.5 ms, 2.00 s (3 significant digits). */
export function formatNs(ns: number): string {
  return ns === 0 ? '0 ns' : scaled(ns, TIME_UNITS);
}

/** A rate for people: 12.0 /s, 150 k/s, 1.23 M/s. */
export function formatRate(hz: number): string {
  return hz === 0 ? '0 /s' : scaled(hz, RATE_UNITS);
}

/** An integer count with thousands separators: 1234567 → 1,234,567 (not locale-dependent). */
export function formatCount(n: number): string {
  const digits = Math.round(Math.abs(n)).toString();
  // Groups of three from the right, by slicing (a look-ahead regex here moves quadratically).
  let s = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = s.length; i < digits.length; i += 3) s += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${s}` : s;
}

/** A fraction as a percentage with one decimal: 0.4521 → 45.2 %. */
export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)} %` : '-';
}

/**
 * Aligns rows of cells into columns: the first column left-aligned, the others right-aligned, two
 * spaces between columns, each line indented by `indent` spaces. Trailing spaces are trimmed.
 */
export function alignColumns(rows: readonly (readonly string[])[], indent = 2): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) =>
    (
      ' '.repeat(indent) +
      r
        .map((c, i) => {
          const pad = ' '.repeat(widths[i] - [...c].length);
          return i === 0 ? c + pad : pad + c;
        })
        .join('  ')
    ).trimEnd(),
  );
}

function find(rows: readonly SummaryRow[], scope: string, id: string, metric: string): number {
  const r = rows.find((x) => x.scope === scope && x.id === id && x.metric === metric);
  return r === undefined ? Number.NaN : r.value;
}

/** The whole summary as text, ending with a newline. */
export function formatSummaryTable(s: MetricsSnapshot, options: SummaryTableOptions = {}): string {
  const head = (t: string): string => (options.color === true ? `\x1b[1m${t}\x1b[22m` : t);
  const sum = s.summary;
  const run = s.run;
  const windowNs = Math.max(0, run.endNs - run.statsStartNs);
  const out: string[] = [];
  if (options.modelled !== undefined && options.modelled.length > 0) {
    const width = Math.max(...options.modelled.map(([label]) => label.length));
    out.push(head('Modelled'), ...options.modelled.map(([label, text]) => `  ${label.padEnd(width)}  ${text}`), '');
  }
  out.push(
    `${plural(run.cpus, 'CPU')}, ${irqsLabel(run)}, ${plural(run.peers, 'peer')}`,
    `ran ${formatNs(run.endNs)} ` +
      `(warm-up ${formatNs(run.warmupNs)}, statistics over ${formatNs(windowNs)})`,
  );

  out.push('', head('Throughput (statistics window)'));
  out.push(
    ...alignColumns(
      ['triggered', 'handled', 'coalesced', 'lost'].map((m) => [m, formatRate(find(sum, 'run', '', `${m}_rate`))]),
    ),
  );

  const triggered = find(sum, 'fate', 'all', 'triggered');
  const share = (n: number): string => (triggered > 0 ? formatPercent(n / triggered) : '-');
  const fateRows: string[][] = [['', 'count', 'share']];
  for (const r of sum) {
    if (r.scope !== 'fate' || r.metric === 'identity_violations') continue;
    // Reasons sit indented under their total; zero reasons are left out to keep the table short.
    const sub = r.metric.startsWith('coalesced_') || r.metric.startsWith('lost_');
    if (sub && r.value === 0) continue;
    const label = sub ? `  ${r.metric.slice(r.metric.indexOf('_') + 1)}` : r.metric.replace('_', ' ');
    fateRows.push([label, formatCount(r.value), r.metric === 'spurious' ? '' : share(r.value)]);
  }
  out.push('', head('Trigger fates (whole run)'), ...alignColumns(fateRows));
  if (s.identityViolations.length > 0) {
    out.push(`  WARNING: ${s.identityViolations.length} fate identity violation(s):`);
    for (const v of s.identityViolations.slice(0, 5)) out.push(`    ${v.message}`);
  }

  const latRows: string[][] = [['stage', 'count', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max']];
  for (const l of s.latency) {
    if (l.scope !== 'all') continue;
    if (l.count === 0) {
      latRows.push([l.stage, '0', '-', '-', '-', '-', '-', '-']);
      continue;
    }
    latRows.push([
      l.stage,
      formatCount(l.count),
      formatNs(l.meanNs),
      formatNs(l.p50Ns),
      formatNs(l.p90Ns),
      formatNs(l.p99Ns),
      formatNs(l.p999Ns),
      formatNs(l.maxNs),
    ]);
  }
  out.push('', head('Latency (statistics window)'), ...alignColumns(latRows));

  const cpuRows: string[][] = [['cpu', 'utilisation']];
  for (const r of sum) if (r.scope === 'cpu' && r.metric === 'utilisation') cpuRows.push([r.id, formatPercent(r.value)]);
  cpuRows.push(['mean', formatPercent(find(sum, 'run', '', 'mean_cpu_utilisation'))]);
  out.push('', head('CPU'), ...alignColumns(cpuRows));
  return `${out.join('\n')}\n`;
}

/**
 * The lines after the summary: events dispatched and the wall time they took, and where the
 * files went. Counts digit-grouped and rates scaled like the summary's own.
 */
export function formatRunFooter(eventsDispatched: number, wallSeconds: number, runDir: string): string {
  const rate = wallSeconds > 0 ? `, ${formatRate(eventsDispatched / wallSeconds)}` : '';
  return `\n  ${formatCount(eventsDispatched)} events in ${wallSeconds.toFixed(2)} s wall${rate}\n  wrote ${runDir}`;
}

/** "20 irqs", or "20 irqs (+28 unrequested)" when some allocated irqs have no action. */
function irqsLabel(run: MetricsSnapshot['run']): string {
  const spare = run.irqs - run.requestedIrqs;
  return spare > 0 ? `${plural(run.requestedIrqs, 'irq')} (+${spare} unrequested)` : plural(run.irqs, 'irq');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

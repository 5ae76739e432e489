/**
 * The published measurements as calibration runs:
 *  1. posted MSI vs remapped at saturation, one CPU, two device irqs: Jacob Pan's 2024 series
 *     measured 5.157 M IRQ/s remapped and 8.987 M IRQ/s posted (≈ 1.74×);
 *  2. doorbell vs MSI-over-NTB with ntb_transport-like ring clients: Logan Gunthorpe's 2019 series
 *     measured ntb_netdev at 3.88 → 14.1 Gb/s (≈ 3.6×). A single TCP stream over ntb_netdev is
 *     bound by the notification round trip, so the model's proxy is the ratio of item latency at
 *     light load (throughput ∝ 1 / latency), swept over the one unsourced number that decides it,
 *     the Switchtec doorbell latency.
 *     The doorbell latency where the simulated ratio meets the published one is reported beside
 *     the cost model's default, and checked by a run at that latency.
 * Writes results/calibration/calibration.md and .csv; prints the same table.
 * Usage: node dist/bench/calibrate.js [--out results/calibration]
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COST_MODEL, COST_NAMES } from '../src/machine/costs.js';
import type { MetricsSnapshot } from '../src/metrics/metrics.js';
import { writeFileAtomic } from '../src/report/atomic-write.js';
import { runSimulation } from '../src/run.js';
import { loadWorkload } from '../src/workload/load.js';
import { toMachineConfig } from '../src/workload/to-machine-config.js';

function run(path: string, sets: string[]): MetricsSnapshot {
  return runSimulation(toMachineConfig(loadWorkload(readFileSync(path, 'utf8'), path, sets, { costNames: COST_NAMES }))).snapshot;
}

function runMetric(s: MetricsSnapshot, metric: string): number {
  const row = s.summary.find((r) => r.scope === 'run' && r.metric === metric);
  if (row === undefined) throw new Error(`no run metric ${metric}`);
  return row.value;
}

function meanLatency(s: MetricsSnapshot, scope: string): number {
  const row = s.latency.find((l) => l.stage === 'end_to_end' && l.scope === scope);
  if (row === undefined) throw new Error(`no end_to_end latency for ${scope}`);
  return row.meanNs;
}

const { values } = parseArgs({ options: { out: { type: 'string', default: 'results/calibration' } } });
const lines: string[] = [];
const csv: string[] = ['check,parameter,value,published,ratio'];

// 1. Posted MSI at saturation.
const posted = 'workloads/posted-msi-saturation.yaml';
const rem = runMetric(run(posted, ['machine.remapping=remapped']), 'handled_rate');
const pst = runMetric(run(posted, ['machine.remapping=posted']), 'handled_rate');
const remLow = runMetric(run(posted, ['machine.remapping=remapped', 'peers[0].arrival.rate=200000']), 'handled_rate');
const pstLow = runMetric(run(posted, ['machine.remapping=posted', 'peers[0].arrival.rate=200000']), 'handled_rate');
lines.push('### Posted MSI at saturation (one CPU, two device irqs)', '');
lines.push('| mode | simulated | published (Jacob Pan, 2024) |', '|---|---|---|');
lines.push(`| remapped | ${(rem / 1e6).toFixed(3)} M IRQ/s | 5.157 M IRQ/s |`);
lines.push(`| posted | ${(pst / 1e6).toFixed(3)} M IRQ/s | 8.987 M IRQ/s |`);
lines.push(`| posted / remapped | ${(pst / rem).toFixed(3)}× | 1.743× |`);
lines.push(`| at 400 k/s offered (posted / remapped) | ${(pstLow / remLow).toFixed(3)}× | "< 1 M/s: no benefit nor regression" |`, '');
csv.push(`posted-msi,remapped_rate_hz,${rem},5157000,`, `posted-msi,posted_rate_hz,${pst},8987000,${pst / rem}`);

// 2. Doorbell vs MSI item latency at light load, over the doorbell latency.
const dvm = 'workloads/doorbell-vs-msi.yaml';
const light = ['peers[0].arrival={type: poisson, rate: 10000}', 'peers[1].arrival={type: poisson, rate: 10000}', 'duration=100ms', 'warmup=5ms'];
const target = 14.1 / 3.88;
const defaultNs = COST_MODEL.doorbellLatencyNs.ns;
/** Doorbell and MSI item latency (ns) and their ratio with doorbellLatencyNs = db. */
function dbVsMsi(db: number): { a: number; b: number; ratio: number } {
  const s = run(dvm, [...light, `costs.doorbellLatencyNs=${db}`]);
  const a = meanLatency(s, 'db');
  const b = meanLatency(s, 'msi');
  return { a, b, ratio: a / b };
}
lines.push('### Doorbell vs MSI-over-NTB (ring clients, item latency at 10 k/s per queue)', '');
lines.push(`| doorbellLatencyNs | doorbell item latency | MSI item latency | ratio (published throughput ratio ${target.toFixed(2)}×) |`, '|---|---|---|---|');
const sweep: [number, number][] = [];
const row = (label: string, r: { a: number; b: number; ratio: number }): string =>
  `| ${label} | ${(r.a / 1000).toFixed(2)} µs | ${(r.b / 1000).toFixed(2)} µs | ${r.ratio.toFixed(2)}× |`;
for (const db of [0, 500, 1000, 1500, 2000, 3000, 5000]) {
  const r = dbVsMsi(db);
  sweep.push([db, r.ratio]);
  lines.push(row(db === defaultNs ? `${db} (the default)` : String(db), r));
  csv.push(`doorbell-vs-msi,doorbellLatencyNs=${db},${r.ratio},${target},`);
}
// The ratio is linear in the latency (the doorbell path's item latency grows by exactly the
// added latency): interpolate where it crosses 14.1 / 3.88, then run there to check.
let crossing = NaN;
for (let i = 1; i < sweep.length; i++) {
  const [x0, y0] = sweep[i - 1];
  const [x1, y1] = sweep[i];
  if ((y0 - target) * (y1 - target) <= 0) crossing = x0 + ((target - y0) * (x1 - x0)) / (y1 - y0);
}
const ratios = sweep.map(([, r]) => r);
if (Number.isNaN(crossing)) {
  lines.push(
    '',
    `The published ${target.toFixed(2)}× lies outside the ratios swept here (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×): no doorbell latency in the sweep matches it.`,
    '',
  );
} else {
  const matchNs = Math.round(crossing);
  const check = dbVsMsi(matchNs);
  lines.push(row(`**${matchNs}** (matches)`, check));
  csv.push(`doorbell-vs-msi,doorbellLatencyNs_matching_published,${matchNs},${target},${check.ratio}`);
  const dflt = sweep.find(([x]) => x === defaultNs)?.[1] ?? dbVsMsi(defaultNs).ratio;
  // The default is the match rounded to a round figure when it gives the published ratio to 1 %.
  const agrees = Math.abs(dflt - target) / target < 0.01;
  lines.push(
    '',
    `The published ${target.toFixed(2)}× is reproduced with doorbellLatencyNs = ${matchNs} ns (checked: ${check.ratio.toFixed(3)}×). ` +
      `The cost model's default is ${defaultNs} ns, which gives ${dflt.toFixed(2)}×` +
      (agrees ? ': the default is the match, rounded.' : ' (README, "Calibration against published measurements", says why it differs).'),
    '',
  );
}
console.log(lines.join('\n'));
mkdirSync(values.out as string, { recursive: true });
await writeFileAtomic(join(values.out as string, 'calibration.md'), lines.join('\n') + '\n');
await writeFileAtomic(join(values.out as string, 'calibration.csv'), csv.join('\n') + '\n');

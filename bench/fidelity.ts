/**
 * The fidelity checks against queueing theory: M/M/1, M/D/1 and M/G/1 at loads 0.5, 0.8 and
 * 0.95, and two CPUs as independent queues, each against its closed form within a confidence
 * interval (src/fidelity/checks.ts says how the runs are sized).
 * Prints the table, writes <out>/fidelity.csv and <out>/fidelity.md, exits 1 if any check fails.
 * Usage: node dist/bench/fidelity.js [--quick] [--out results/fidelity]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../src/report/atomic-write.js';
import { runFidelityChecks, type FidelityCaseSummary, type FidelityReport, type FidelityRow } from '../src/fidelity/checks.js';

function fmtValue(metric: string, v: number): string {
  return metric.endsWith('_ns') ? `${(v / 1000).toFixed(3)} µs` : v.toFixed(4);
}

function fmtMs(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(1)} ms` : `${(ns / 1e3).toFixed(1)} µs`;
}

function relHalfWidth(r: FidelityRow): string {
  return `±${((100 * (r.ciHigh - r.ciLow)) / 2 / Math.abs(r.simulated)).toFixed(2)} %`;
}

function checkTable(report: FidelityReport): string[] {
  const out = [
    '| case | metric | theory | simulated | interval | half-width | method (n) | verdict |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of report.rows) {
    out.push(
      `| ${r.case} | ${r.metric} | ${fmtValue(r.metric, r.theory)} | ${fmtValue(r.metric, r.simulated)} | ` +
        `[${fmtValue(r.metric, r.ciLow)}, ${fmtValue(r.metric, r.ciHigh)}] | ${relHalfWidth(r)} | ${r.method} (${r.samples}) | ${r.verdict} |`,
    );
  }
  return out;
}

function runTable(cases: readonly FidelityCaseSummary[]): string[] {
  const out = [
    '| case | relaxation τ | warm-up | batch | simulated per run | runs | latencies | lag-1 of batch means | wall |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of cases) {
    const lag = Number.isNaN(c.batchLag1) ? '–' : c.batchLag1.toFixed(3);
    out.push(
      `| ${c.case} | ${fmtMs(c.relaxationNs)} | ${fmtMs(c.warmupNs)} | ${fmtMs(c.batchNs)} | ${fmtMs(c.durationNs)} | ` +
        `${c.replications} | ${(c.items / 1e6).toFixed(2)} M | ${lag} | ${(c.wallMs / 1000).toFixed(1)} s |`,
    );
  }
  return out;
}

function csvOf(report: FidelityReport): string {
  const lines = ['case,metric,theory,simulated,ci_low,ci_high,level,method,samples,verdict'];
  for (const r of report.rows) {
    lines.push(
      [r.case, r.metric, r.theory, r.simulated, r.ciLow, r.ciHigh, r.level, r.method, r.samples, r.verdict].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, out: { type: 'string', default: 'results/fidelity' } },
  });
  const quick = values.quick === true;
  const startMs = performance.now();
  const report = runFidelityChecks({
    quick,
    onCase: (c) => process.stderr.write(`  ${c.case}: ${(c.items / 1e6).toFixed(2)} M latencies in ${(c.wallMs / 1000).toFixed(1)} s\n`),
  });
  const wallS = (performance.now() - startMs) / 1000;
  const failed = report.rows.filter((r) => r.verdict === 'fail').length;
  const levelPct = (100 * report.level).toFixed(2);
  const p = report.plan;
  const md = [
    `Each interval is at level ${levelPct} % (Bonferroni: ${report.rows.length} checks, family error ${report.familyAlpha}), ` +
      `so a correct simulator fails any check with probability ≤ ${report.familyAlpha}. ` +
      `Means: batch means pooled over ${p.replications} runs × ${p.batches} batches (ratio estimator); ` +
      `quantiles and p_idle (P(T = D) = 1 − ρ): t-interval over ${p.replications} independent runs. ` +
      `Every cost zero, one ring client per CPU, Poisson arrivals, E[S] = 1 µs; M/G/1 service is lognormal with σ = 1.`,
    '',
    ...checkTable(report),
    '',
    `${quick ? 'Quick' : 'Full'} mode: ${report.rows.length - failed} of ${report.rows.length} checks pass; ${wallS.toFixed(0)} s wall.`,
    '',
    ...runTable(report.cases),
    '',
  ].join('\n');
  process.stdout.write(`${md}\n`);
  const outDir = values.out ?? 'results/fidelity';
  mkdirSync(outDir, { recursive: true });
  await writeFileAtomic(join(outDir, 'fidelity.csv'), csvOf(report));
  await writeFileAtomic(join(outDir, 'fidelity.md'), md);
  process.stderr.write(`wrote ${join(outDir, 'fidelity.csv')} and ${join(outDir, 'fidelity.md')}\n`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();

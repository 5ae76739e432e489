/** What report.html is built from, gathered from the loaded workload and the run's result. */
import type { RunReportInput } from '../report/run-report.js';
import type { SeriesChoice } from '../report/scope-series-rows.js';
import type { RunResult } from '../run.js';
import { describeWorkload } from '../workload/load.js';
import { irqstormCommit, packageVersion } from './run-info.js';
import type { LoadedWorkload } from './workload-file.js';

export function reportInput(loaded: LoadedWorkload, result: RunResult, series: SeriesChoice, interrupted: boolean): RunReportInput {
  const w = loaded.workload;
  return {
    name: loaded.name,
    description: w.description,
    setup: describeWorkload(w),
    snapshot: result.snapshot,
    view: result.kernelView,
    marks: result.config.affinityChanges.map((c) => ({ atNs: c.atNs, label: `${c.irq} → CPU ${c.cpus.join(',')}` })),
    series,
    interrupted,
    footer: `irqstorm ${packageVersion()} (commit ${irqstormCommit()}), workload ${loaded.path}, seed ${w.seed}`,
  };
}

/**
 * A sweep's results from the store: sweep.csv (one row per point × seed × selected metric, the
 * axis values as columns) and, in the same pass, each point's mean and confidence interval of
 * every selected metric across seeds, for the report and the plots.
 */
import { join } from 'node:path';
import type { ExperimentSpec, Unit } from './experiment.js';
import { experimentUnits } from './experiment.js';
import { parseMetricSelector, rowMetricName, selectRows } from './metric-selector.js';
import type { PointRecord } from './result-store.js';
import { RunningStats, type Estimate } from './statistics.js';
import { writeTidyCsv } from './tidy-csv.js';

/** One selected metric of one point, across seeds. */
export interface MetricSeries {
  readonly scope: string;
  readonly id: string;
  readonly metric: string;
  readonly unit: string;
  readonly stats: RunningStats;
}

/** Per point (spec order), its selected metrics by name (`scope/id/metric`), in row order. */
export type SweepAggregates = readonly ReadonlyMap<string, MetricSeries>[];

/** The store record of a unit; throws when it cannot be read (the caller knows why it should exist). */
export type RecordOf = (unit: Unit) => PointRecord;

/** Writes `<dir>/sweep.csv` from the records and returns the per-point statistics. */
export async function writeSweepCsv(dir: string, spec: ExperimentSpec, recordOf: RecordOf): Promise<SweepAggregates> {
  const selectors = spec.metrics.map(parseMetricSelector);
  const units = experimentUnits(spec);
  const aggregates = spec.points.map(() => new Map<string, MetricSeries>());
  const leading = ['point', ...spec.axes.map((a) => a.path), 'seed'];
  await writeTidyCsv(
    join(dir, 'sweep.csv'),
    leading,
    units.length,
    (i) => {
      const u = units[i];
      return [u.point, ...spec.points[u.point].values, u.seed];
    },
    (i) => {
      const u = units[i];
      const rows = selectRows(selectors, recordOf(u).rows);
      const agg = aggregates[u.point];
      for (const r of rows) {
        const name = rowMetricName(r);
        let s = agg.get(name);
        if (s === undefined) agg.set(name, (s = { scope: r[0], id: r[1], metric: r[2], unit: r[4], stats: new RunningStats() }));
        s.stats.add(r[3]);
      }
      return rows;
    },
  );
  return aggregates;
}

/** A point's metric as plain data: for sweep.json and --json. */
export interface PointMetric extends Estimate {
  readonly metric: string;
  readonly unit: string;
}

export function aggregatesJson(aggregates: SweepAggregates): PointMetric[][] {
  return aggregates.map((m) => [...m.entries()].map(([metric, s]) => ({ metric, unit: s.unit, ...s.stats.estimate() })));
}

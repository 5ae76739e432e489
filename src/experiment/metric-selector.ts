/**
 * Which tidy rows a plan collects: `scope/metric` (run, machine: rows without an id) or
 * `scope/id/metric`, where id may be a star for every cpu, peer or stage: `run/handled_rate`,
 * `stage/end_to_end/p99_ns`, `peer/db/end_to_end_mean_ns`, `machine/iec_miss_rate`. Names are
 * checked against the rows a run produces, with a did-you-mean.
 */
import { Metrics } from '../metrics/metrics.js';
import { STAGE_NAMES } from '../metrics/stages.js';
import { didYouMean } from '../workload/did-you-mean.js';
import { MACHINE_METRICS, peerLatencyMetrics, type TidyRow } from './point-rows.js';

export interface MetricSelector {
  /** As written in the plan. */
  readonly text: string;
  readonly scope: string;
  /** '' for scopes without ids, '*' for any. */
  readonly id: string;
  readonly metric: string;
}

/** Scopes whose rows have no id. */
const ID_LESS = new Set(['run', 'machine']);

/** What a run collects when a plan names no metrics: throughput, fates, latency, CPU, the IEC. */
export const DEFAULT_METRICS: readonly string[] = [
  'run/triggered_rate',
  'run/handled_rate',
  'run/coalesced_rate',
  'run/lost_rate',
  'fate/all/lost',
  'stage/end_to_end/mean_ns',
  'stage/end_to_end/p50_ns',
  'stage/end_to_end/p99_ns',
  'run/mean_cpu_utilisation',
  'machine/iec_miss_rate',
];

let vocabulary: ReadonlyMap<string, ReadonlySet<string>> | undefined;

/**
 * Metric names per scope, from the rows a run really produces: a one-CPU, one-peer Metrics
 * snapshot (run, fate, stage, cpu and the peer columns), the per-peer latency names and the
 * machine counters. Built once.
 */
export function metricVocabulary(): ReadonlyMap<string, ReadonlySet<string>> {
  if (vocabulary !== undefined) return vocabulary;
  const snap = new Metrics({ cpus: 1, irqs: 1, peers: 1, durationNs: 1000, intervalNs: 1000, warmupNs: 0 }).snapshot();
  const byScope = new Map<string, Set<string>>();
  const add = (scope: string, metric: string): void => {
    let set = byScope.get(scope);
    if (set === undefined) byScope.set(scope, (set = new Set()));
    set.add(metric);
  };
  for (const r of snap.summary) add(r.scope, r.metric);
  for (const c of snap.peers.columns) add('peer', c.name);
  for (const m of peerLatencyMetrics(STAGE_NAMES)) add('peer', m);
  for (const m of MACHINE_METRICS) add('machine', m);
  vocabulary = byScope;
  return byScope;
}

/** Parses and checks one selector; throws a RangeError whose message says what is wrong. */
export function parseMetricSelector(text: string): MetricSelector {
  const parts = text.split('/');
  const vocab = metricVocabulary();
  const scopes = [...vocab.keys()];
  const scope = parts[0];
  if (!vocab.has(scope)) {
    const guess = didYouMean(scope, scopes);
    throw new RangeError(`unknown scope ${JSON.stringify(scope)}${guess === undefined ? `; expected one of ${scopes.join(', ')}` : `; did you mean ${JSON.stringify(guess)}?`}`);
  }
  const idLess = ID_LESS.has(scope);
  const want = idLess ? 2 : 3;
  if (parts.length !== want) {
    const form = idLess ? `${scope}/<metric>` : `${scope}/<id or *>/<metric>`;
    throw new RangeError(`expected ${form} (${want} parts separated by '/'), got ${JSON.stringify(text)}`);
  }
  const id = idLess ? '' : parts[1];
  const metric = parts[want - 1];
  if (!idLess && id === '') throw new RangeError(`empty id in ${JSON.stringify(text)}; use * for every ${scope}`);
  if (scope === 'stage' && id !== '*' && !STAGE_NAMES.includes(id)) {
    const guess = didYouMean(id, STAGE_NAMES);
    throw new RangeError(`unknown stage ${JSON.stringify(id)}${guess === undefined ? `; expected one of ${STAGE_NAMES.join(', ')} or *` : `; did you mean ${JSON.stringify(guess)}?`}`);
  }
  const names = [...(vocab.get(scope) ?? [])];
  if (!names.includes(metric)) {
    const guess = didYouMean(metric, names);
    throw new RangeError(
      `unknown ${scope} metric ${JSON.stringify(metric)}${guess === undefined ? `; expected one of ${names.join(', ')}` : `; did you mean ${JSON.stringify(guess)}?`}`,
    );
  }
  return { text, scope, id, metric };
}

/** Does the row match the selector? */
export function selects(s: MetricSelector, row: TidyRow): boolean {
  return row[0] === s.scope && row[2] === s.metric && (s.id === '*' || row[1] === s.id);
}

/** The rows any of the selectors match, in the rows' own order. */
export function selectRows(selectors: readonly MetricSelector[], rows: readonly TidyRow[]): TidyRow[] {
  return rows.filter((r) => selectors.some((s) => selects(s, r)));
}

/** A row's metric as a selector would name it (the id spelt out). */
export function rowMetricName(row: TidyRow): string {
  return row[1] === '' ? `${row[0]}/${row[2]}` : `${row[0]}/${row[1]}/${row[2]}`;
}

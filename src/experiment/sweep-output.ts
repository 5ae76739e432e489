/**
 * A finished sweep's folder: sweep.csv (streamed from the stored results), sweep.html (the
 * curves) and sweep.json (what ran: the spec, the model, the run counts and every point's
 * means), written last so its presence vouches for the other two.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../report/atomic-write.js';
import type { ExperimentSpec } from './experiment.js';
import type { ModelTag } from './point-key.js';
import { sweepHtml } from './sweep-html.js';
import { aggregatesJson, writeSweepCsv, type RecordOf, type SweepAggregates } from './sweep-results.js';

/** How a sweep's runs came to be, for sweep.json and the page. */
export interface RunCounts {
  readonly total: number;
  readonly ran: number;
  readonly reused: number;
  /** Reused from other models (--any-model), by model. */
  readonly reusedOther: Readonly<Record<string, number>>;
  /** Shards merged (merge only). */
  readonly shards?: number;
}

export function describeCounts(c: RunCounts): string {
  const other = Object.entries(c.reusedOther).map(([m, n]) => `, ${n} from ${m}`).join('');
  const shards = c.shards === undefined ? '' : ` in ${c.shards} shards`;
  return `${c.total} runs: ${c.ran} run${shards}, ${c.reused} reused from the store${other}`;
}

/** Writes sweep.csv, sweep.html and sweep.json into `dir`; returns the per-point statistics. */
export async function writeSweepFolder(dir: string, spec: ExperimentSpec, specHash: string, model: ModelTag, counts: RunCounts, recordOf: RecordOf): Promise<SweepAggregates> {
  const aggregates = await writeSweepCsv(dir, spec, recordOf);
  await writeFileAtomic(join(dir, 'sweep.html'), await sweepHtml(spec, aggregates, { irqstorm: model.version, commit: model.commit, runs: describeCounts(counts) }));
  const json = { kind: 'irqstorm-sweep', format: 1, irqstorm: model.version, commit: model.commit, specHash, spec, runs: counts, results: aggregatesJson(aggregates) };
  await writeFileAtomic(join(dir, 'sweep.json'), `${JSON.stringify(json, null, 2)}\n`);
  return aggregates;
}

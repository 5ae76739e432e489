/**
 * A shard's output folder, self-contained so a batch engine's task can ship it anywhere:
 * `shard.json` (the plan's spec and hash, the model, which shard, which runs it holds) and
 * `points/<key>.json` (those runs' stored results). `merge` checks a set of such folders covers
 * the plan exactly once, from one plan and one model, before writing anything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../report/atomic-write.js';
import { makeFolders } from '../report/make-folders.js';
import { experimentUnits, type ExperimentSpec, type Unit } from './experiment.js';
import { parseRecord, recordText, type PointRecord } from './result-store.js';

export const SHARD_MANIFEST = 'shard.json';
export const SHARD_POINTS = 'points';
const KIND = 'irqstorm-shard';
const FORMAT = 1;

export interface ShardManifest {
  readonly kind: typeof KIND;
  readonly format: number;
  readonly irqstorm: string;
  readonly commit: string;
  readonly specHash: string;
  readonly spec: ExperimentSpec;
  readonly shard: { readonly index: number; readonly count: number };
  /** The runs this shard holds results for (its failed runs are not among them). */
  readonly units: readonly { readonly point: number; readonly seed: number; readonly key: string }[];
  readonly failed: readonly { readonly point: number; readonly seed: number; readonly error: string }[];
}

/** `<name>-shard-<K>-of-<N>`: a shard's folder name. */
export function shardFolderName(name: string, index: number, count: number): string {
  return `${name}-shard-${index}-of-${count}`;
}

/** Writes the shard's records, then its manifest last (a manifest vouches for whole records). */
export async function writeShardFolder(dir: string, manifest: ShardManifest, records: Iterable<PointRecord>): Promise<void> {
  makeFolders(join(dir, SHARD_POINTS));
  for (const r of records) await writeFileAtomic(join(dir, SHARD_POINTS, `${r.key}.json`), recordText(r));
  await writeFileAtomic(join(dir, SHARD_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** A shard folder read back. */
export interface LoadedShard {
  readonly dir: string;
  readonly manifest: ShardManifest;
}

/** Reads `dir/shard.json`; throws an Error whose message names the folder and the problem. */
export function readShardFolder(dir: string): LoadedShard {
  let text: string;
  try {
    text = readFileSync(join(dir, SHARD_MANIFEST), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`${dir}: not a shard folder (${code === 'ENOENT' ? `no ${SHARD_MANIFEST}` : (err as Error).message}); give the folders \`irqstorm sweep --shard K/N\` wrote`);
  }
  let m: ShardManifest;
  try {
    m = JSON.parse(text) as ShardManifest;
  } catch (err) {
    throw new Error(`${join(dir, SHARD_MANIFEST)}: not valid JSON: ${(err as Error).message}`);
  }
  if (m?.kind !== KIND || m.format !== FORMAT || !Array.isArray(m.units) || typeof m.spec !== 'object') {
    throw new Error(`${join(dir, SHARD_MANIFEST)}: not an irqstorm shard manifest of format ${FORMAT}`);
  }
  return { dir, manifest: m };
}

/** A shard's record for `key`, or null when absent or unreadable. */
export function readShardRecord(dir: string, key: string): PointRecord | null {
  try {
    return parseRecord(readFileSync(join(dir, SHARD_POINTS, `${key}.json`), 'utf8'));
  } catch {
    return null;
  }
}

/** Most missing or duplicate runs a refusal lists one by one. */
const LISTED = 20;

function listed(lines: readonly string[]): string[] {
  return lines.length <= LISTED ? [...lines] : [...lines.slice(0, LISTED), `… and ${lines.length - LISTED} more`];
}

/** What merge found: the spec and each run's shard, or every reason to refuse. */
export type MergeCheck =
  | { readonly ok: true; readonly spec: ExperimentSpec; readonly specHash: string; readonly irqstorm: string; readonly commit: string; readonly holder: ReadonlyMap<number, LoadedShard> }
  | { readonly ok: false; readonly problems: readonly string[] };

function runName(spec: ExperimentSpec, u: Pick<Unit, 'point' | 'seed'>): string {
  const p = spec.points[u.point];
  return `point ${u.point}${p === undefined || p.label === '' ? '' : ` (${p.label})`} seed ${u.seed}`;
}

/**
 * Checks that `shards` are of one plan and one model and hold every run of the plan exactly
 * once, each with a readable record. Returns every problem found, not only the first.
 */
export function checkMerge(shards: readonly LoadedShard[]): MergeCheck {
  if (shards.length === 0) return { ok: false, problems: ['no shard folders given'] };
  const first = shards[0].manifest;
  const problems: string[] = [];
  for (const s of shards.slice(1)) {
    const m = s.manifest;
    if (m.specHash !== first.specHash) {
      problems.push(`${s.dir} is a shard of another plan (${m.spec.name}, plan hash ${m.specHash}) than ${shards[0].dir} (${first.spec.name}, plan hash ${first.specHash})`);
    }
    if (m.irqstorm !== first.irqstorm || m.commit !== first.commit) {
      problems.push(`${s.dir} was run by irqstorm ${m.irqstorm} (${m.commit}), ${shards[0].dir} by ${first.irqstorm} (${first.commit}): results of two models are not merged`);
    }
    if (m.shard.count !== first.shard.count) {
      problems.push(`${s.dir} is shard ${m.shard.index} of ${m.shard.count}, ${shards[0].dir} shard ${first.shard.index} of ${first.shard.count}: the plan was split two ways`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const spec = first.spec;
  const holders = new Map<string, LoadedShard[]>();
  for (const s of shards) {
    for (const u of s.manifest.units) {
      const id = `${u.point}/${u.seed}`;
      holders.set(id, [...(holders.get(id) ?? []), s]);
    }
  }
  const missing: string[] = [];
  const duplicate: string[] = [];
  const unreadable: string[] = [];
  const holder = new Map<number, LoadedShard>();
  for (const u of experimentUnits(spec)) {
    const hs = holders.get(`${u.point}/${u.seed}`) ?? [];
    if (hs.length === 0) {
      const failed = shards.flatMap((s) => s.manifest.failed.filter((f) => f.point === u.point && f.seed === u.seed).map((f) => ` (failed in ${s.dir}: ${f.error})`));
      missing.push(`${runName(spec, u)}${failed[0] ?? ''}`);
    } else if (hs.length > 1) {
      duplicate.push(`${runName(spec, u)}: in ${hs.map((h) => h.dir).join(' and ')}`);
    } else if (readShardRecord(hs[0].dir, u.key)?.key !== u.key) {
      unreadable.push(`${runName(spec, u)}: ${join(hs[0].dir, SHARD_POINTS, `${u.key}.json`)} is missing or unreadable`);
    } else {
      holder.set(u.index, hs[0]);
    }
  }
  const present = new Set(shards.map((s) => s.manifest.shard.index));
  const absentShards = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !present.has(i));
  if (missing.length > 0) {
    const which = absentShards.length > 0 ? ` (shard${absentShards.length === 1 ? '' : 's'} ${absentShards.join(', ')} of ${first.shard.count} not given)` : '';
    problems.push(`${missing.length} run${missing.length === 1 ? ' is' : 's are'} in no shard${which}:`, ...listed(missing).map((l) => `  ${l}`));
  }
  if (duplicate.length > 0) problems.push(`${duplicate.length} run${duplicate.length === 1 ? ' is' : 's are'} in more than one shard:`, ...listed(duplicate).map((l) => `  ${l}`));
  if (unreadable.length > 0) problems.push(`${unreadable.length} result file${unreadable.length === 1 ? ' is' : 's are'} missing or unreadable:`, ...listed(unreadable).map((l) => `  ${l}`));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, spec, specHash: first.specHash, irqstorm: first.irqstorm, commit: first.commit, holder };
}

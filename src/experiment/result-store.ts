/**
 * The result store: every finished run of a sweep or a compare, one JSON file per (resolved
 * workload, seed), under a folder per model (`<store>/<version>-<commit>/<hash>-<seed>.json`).
 * Files are written whole or not at all (temporary name, fsync, rename), so a sweep killed at
 * any moment leaves only whole results, and a rerun skips them. A folder of plain files: two
 * stores combine with `cp -r`, and `irqstorm merge` copies shards' results in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../report/atomic-write.js';
import { makeFolders } from '../report/make-folders.js';
import type { WorkloadConfig } from '../workload/config.js';
import { modelTagName, type ModelTag } from './point-key.js';
import type { TidyRow } from './point-rows.js';

/** Bumped when a record's shape changes; records of another format are not read. */
export const RECORD_FORMAT = 1;

/** One stored run. */
export interface PointRecord {
  readonly format: number;
  readonly key: string;
  readonly hash: string;
  readonly seed: number;
  readonly irqstorm: string;
  readonly commit: string;
  /** The resolved workload, seed included. */
  readonly workload: WorkloadConfig;
  readonly simulatedNs: number;
  readonly wallSeconds: number;
  readonly rows: readonly TidyRow[];
}

/** A record's file text: JSON, NaN values as null (JSON has no NaN). */
export function recordText(record: PointRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/** Parses a record's file text; null when it is not a record of this format. */
export function parseRecord(text: string): PointRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const r = value as PointRecord;
  if (typeof r !== 'object' || r === null || r.format !== RECORD_FORMAT || !Array.isArray(r.rows) || typeof r.key !== 'string') return null;
  for (const row of r.rows as unknown[][]) if (row[3] === null) row[3] = NaN;
  return r;
}

export class ResultStore {
  readonly root: string;
  readonly tag: ModelTag;
  /** The folder of this model's records. */
  readonly dir: string;

  constructor(root: string, tag: ModelTag) {
    this.root = root;
    this.tag = tag;
    this.dir = join(root, modelTagName(tag));
  }

  fileOf(key: string, tagName: string = modelTagName(this.tag)): string {
    return join(this.root, tagName, `${key}.json`);
  }

  /** Is a record of this model stored under `key`? */
  has(key: string): boolean {
    return existsSync(this.fileOf(key));
  }

  /** This model's record under `key`, or null when absent or unreadable. */
  read(key: string, tagName?: string): PointRecord | null {
    let text: string;
    try {
      text = readFileSync(this.fileOf(key, tagName), 'utf8');
    } catch {
      return null;
    }
    return parseRecord(text);
  }

  async write(record: PointRecord): Promise<void> {
    makeFolders(this.dir);
    await writeFileAtomic(this.fileOf(record.key), recordText(record));
  }

  /** The other models' folders in this store, by name. */
  otherModels(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.root, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name);
    } catch {
      return [];
    }
    const own = modelTagName(this.tag);
    return names.filter((n) => n !== own).sort();
  }

  /** For each other model holding some of `keys`: how many. */
  otherModelsHolding(keys: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const model of this.otherModels()) {
      let n = 0;
      for (const k of keys) if (existsSync(this.fileOf(k, model))) n++;
      if (n > 0) out.set(model, n);
    }
    return out;
  }
}

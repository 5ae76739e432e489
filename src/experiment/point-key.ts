/**
 * What identifies a stored point: the resolved workload's hash (seed left out, the contents of
 * its trace files in), the seed, and the model that ran it (irqstorm version and commit). Two
 * plans that reach the same workload share its stored results; another version never does.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../report/out-dir.js';
import type { WorkloadConfig } from '../workload/config.js';

/** Hex digits of a point hash (64 bits: no collision in any sweep a person runs). */
export const POINT_HASH_LENGTH = 16;

/** The model that produced a result: results of two models are never mixed. */
export interface ModelTag {
  readonly version: string;
  readonly commit: string;
}

/** `<version>-<commit>`, reduced to file-safe characters: the store's folder for this model. */
export function modelTagName(tag: ModelTag): string {
  return `${tag.version}-${tag.commit}`.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
}

/**
 * The hash of a resolved workload without its seed: SHA-256 over its canonical JSON, then each
 * trace file's name and timestamps (a trace file that changes changes the point).
 */
export function pointHash(workload: WorkloadConfig, traces: ReadonlyMap<string, Float64Array> = new Map()): string {
  const h = createHash('sha256');
  h.update(canonicalJson({ ...workload, seed: 0 }));
  for (const file of [...traces.keys()].sort()) {
    const t = traces.get(file) as Float64Array;
    h.update(`\0trace\0${file}\0`);
    h.update(new Uint8Array(t.buffer, t.byteOffset, t.byteLength));
  }
  return h.digest('hex').slice(0, POINT_HASH_LENGTH);
}

/** The store key of one run: `<hash>-<seed>`. */
export function unitKey(hash: string, seed: number): string {
  return `${hash}-${seed}`;
}

/**
 * Where a run's files go: `<out>/<workload>-<seed>-<hash>`, the hash a short SHA-256 of the resolved
 * config in canonical JSON (keys sorted), so the same config and seed always land in the same place.
 * Every path is checked to stay inside its root: no `..` escape, no absolute path elsewhere, no
 * symlink leading out.
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A path that would leave the directory it must stay in. */
export class OutDirError extends Error {
  override name = 'OutDirError';
}

/** Hex digits of the config hash in a run directory name. */
export const CONFIG_HASH_LENGTH = 10;

/** JSON with object keys sorted at every level, so equal configs serialise to equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** The first CONFIG_HASH_LENGTH hex digits of SHA-256 over the config's canonical JSON. */
export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, CONFIG_HASH_LENGTH);
}

/**
 * `<workload>-<seed>-<hash>`. The workload name is reduced to [A-Za-z0-9._-] (anything else becomes
 * '_'; leading dots are dropped so the directory is never hidden nor `..`).
 */
export function runDirName(workload: string, seed: number, config: unknown): string {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer >= 0, got ${seed}`);
  const safe = workload.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  if (safe.length === 0) throw new OutDirError(`workload name ${JSON.stringify(workload)} leaves nothing usable for a directory name`);
  return `${safe}-${seed}-${configHash(config)}`;
}

/**
 * Resolves `target` (relative to `root`, or absolute) and returns it if it lies inside `root` (or is
 * `root`), both lexically and after following symlinks of its deepest existing ancestor. Otherwise
 * throws an OutDirError naming both paths.
 */
export function containedPath(root: string, target: string, what = 'output path'): string {
  const rootAbs = resolve(root);
  const abs = resolve(rootAbs, target);
  if (!isInside(rootAbs, abs)) {
    throw new OutDirError(`${what} ${JSON.stringify(target)} resolves to ${abs}, outside ${rootAbs}`);
  }
  const rootReal = realExisting(rootAbs);
  const real = realExisting(abs);
  if (!isInside(rootReal, real)) {
    throw new OutDirError(
      `${what} ${JSON.stringify(target)} leaves ${rootAbs} through a symbolic link (it resolves to ${real})`,
    );
  }
  return abs;
}

/** The run directory inside `outDir` for this workload, seed and resolved config (checked to stay inside). */
export function runDirectory(outDir: string, workload: string, seed: number, config: unknown): string {
  return containedPath(outDir, runDirName(workload, seed, config), 'run directory');
}

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** realpath of p, or of its deepest existing ancestor joined with the part that does not exist yet. */
function realExisting(p: string): string {
  let head = p;
  let tail = '';
  for (;;) {
    try {
      return tail === '' ? realpathSync(head) : join(realpathSync(head), tail);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const parent = dirname(head);
      if (parent === head) return p;
      tail = tail === '' ? relative(parent, head) : join(relative(parent, head), tail);
      head = parent;
    }
  }
}

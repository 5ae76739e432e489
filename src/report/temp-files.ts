/**
 * The project's one pattern for temporary files, `.<final name>.<pid>.<8 hex digits>.tmp` in the
 * final file's folder, and the registry of the ones this process has made and not yet renamed
 * or removed. Every writer here (atomic, streamed, the run lock) names its temps with
 * tempPathFor(), so a later run can find and remove what a killed one left (isProjectTempName),
 * and an aborting process can remove its own at once (removeOwnTempsSync), never anyone else's.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';
const live = new Set<string>();

/** A fresh temporary path beside `finalPath`, following the project's pattern. */
export function tempPathFor(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

/**
 * The pid in a name that follows the project's temp pattern, or -1 for any other name. Parsed
 * by hand from the end (no regex to backtrack over a hostile folder listing).
 */
export function tempNamePid(name: string): number {
  if (!name.startsWith('.') || !name.endsWith(TEMP_SUFFIX)) return -1;
  const parts = name.slice(1, -TEMP_SUFFIX.length).split('.');
  if (parts.length < 3) return -1;
  const hex = parts[parts.length - 1];
  const pid = parts[parts.length - 2];
  if (hex.length !== 8 || !/^[0-9a-f]{8}$/.test(hex) || !/^[1-9][0-9]{0,9}$/.test(pid)) return -1;
  if (parts.slice(0, -2).join('.') === '') return -1;
  return Number(pid);
}

/** True when `name` (a plain file name) follows the project's temp pattern. */
export function isProjectTempName(name: string): boolean {
  return tempNamePid(name) > 0;
}

/** Marks `path` as a temp this process made (removed by removeOwnTempsSync until untracked). */
export function trackTemp(path: string): void {
  live.add(path);
}

/** The temp was renamed to its final name or removed: no longer this process's to clean. */
export function untrackTemp(path: string): void {
  live.delete(path);
}

/** Removes every temp this process made and still holds; returns how many. Synchronous, for an abort. */
export function removeOwnTempsSync(): number {
  let n = 0;
  for (const path of live) {
    rmSync(path, { force: true });
    n++;
  }
  live.clear();
  return n;
}

/**
 * Removes the temps an earlier, killed process left in `dir` (names in the project's pattern
 * that this process is not still writing); returns their names. Other files are never touched.
 */
export function removeStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!isProjectTempName(name) || live.has(join(dir, name))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

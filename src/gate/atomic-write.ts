/**
 * Atomic file replacement: write a sibling temp file, then rename over the target, so a reader
 * (CI, the gate, a second bench run) never sees a half-written CSV or baseline.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `text` to `path` via `<path>.<pid>.tmp` + rename; creates the parent folder. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  // The ".tmp" suffix matches .gitignore's results/bench/*.tmp; the pid keeps parallel runs apart.
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

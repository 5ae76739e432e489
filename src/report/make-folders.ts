/**
 * mkdir -p without Node's recursive mkdir, which spins forever where a parent exists but will
 * not hold folders (mkdir under /proc/self answers ENOENT, and Node retries the parent). Here
 * the missing levels are found once with stat and created top-down, each with a plain mkdir,
 * so every error (ENOENT, ENOTDIR, EACCES, …) comes back at once. Synchronous: a few system
 * calls, before or after a run, never on its hot path.
 */
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

function codeOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return null;
    throw err;
  }
}

/** Creates `path` and any missing parents; a folder that appears meanwhile is fine. */
export function makeFolders(path: string): void {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    const st = statOrNull(p);
    if (st !== null) {
      if (st.isDirectory()) break;
      const err: NodeJS.ErrnoException = new Error(`ENOTDIR: not a directory, mkdir '${p}'`);
      err.code = 'ENOTDIR';
      throw err;
    }
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]);
    } catch (err) {
      if (codeOf(err) !== 'EEXIST') throw err;
    }
  }
}

/**
 * A lock on a run folder, so two runs never write the same folder at once (one's run.json could
 * vouch for the other's files). The lock is a file, `.irqstorm.lock`, holding the owner's pid,
 * host and start time; it is made whole under a temp name and hard-linked into place, which
 * fails if a lock exists, so a lock file is never seen half-written. A lock whose process is gone
 * (same host, pid no longer running) is stale and taken over; a live one is a RunLockError
 * naming its holder.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { tempPathFor, trackTemp, untrackTemp } from './temp-files.js';

/** The lock file's name inside a run folder. */
export const LOCK_NAME = '.irqstorm.lock';

/** The folder is locked by another live run. */
export class RunLockError extends Error {
  override name = 'RunLockError';
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

function readOwner(path: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof o.pid !== 'number' || typeof o.host !== 'string') return null;
    return { pid: o.pid, host: o.host, since: String(o.since) };
  } catch {
    return null;
  }
}

/** True unless `pid` is certainly not running on this host (kill(pid, 0) says ESRCH). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function isStale(owner: LockOwner | null): boolean {
  // An unreadable lock cannot be judged: treat it as held (a person can remove it).
  return owner !== null && owner.host === hostname() && owner.pid !== process.pid && !alive(owner.pid);
}

/** A held lock; release() removes it (once, and only while it is still this process's). */
export class RunLock {
  #released = false;
  constructor(readonly path: string) {}

  release(): void {
    if (this.#released) return;
    this.#released = true;
    if (readOwner(this.path)?.pid === process.pid) rmSync(this.path, { force: true });
  }
}

/** Takes the lock on `dir` (which must exist). Throws RunLockError while another live run holds it. */
export function acquireRunLock(dir: string): RunLock {
  const path = join(dir, LOCK_NAME);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const tmp = tempPathFor(path);
  trackTemp(tmp);
  try {
    writeFileSync(tmp, `${JSON.stringify(me)}\n`, { flag: 'wx' });
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmp, path);
        return new RunLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = readOwner(path);
      if (attempt >= 3 || !isStale(owner)) {
        const who = owner === null ? 'an unreadable lock file' : `pid ${owner.pid} on ${owner.host}, since ${owner.since}`;
        throw new RunLockError(
          `${dir} is being written by another irqstorm run (${who}); wait for it to finish, use another --out, or remove ${path} if no such run exists`,
        );
      }
      // Move the stale lock aside (only one taker can), then check it was the one judged stale.
      const grave = tempPathFor(path);
      try {
        renameSync(path, grave);
      } catch {
        continue; // someone else moved it first
      }
      const moved = readOwner(grave);
      if (moved !== null && moved.pid !== owner?.pid) {
        // A new live lock was taken meanwhile: put it back and report it on the next round.
        try {
          linkSync(grave, path);
        } catch {
          // a third run holds it now; the next round reports that one
        }
      }
      rmSync(grave, { force: true });
    }
  } finally {
    rmSync(tmp, { force: true });
    untrackTemp(tmp);
  }
}

/**
 * Room on disk for a run's streamed files: a trace.csv or timeline estimated larger than the space free
 * where it goes is refused before the run (exit 2), not discovered as ENOSPC an hour in.
 */
import { statfsSync } from 'node:fs';
import { CliError } from './exit-codes.js';

/**
 * Throws a CliError when `bytes` will not fit in the free space of `dir`'s file system; `what`
 * names the files and `advice` what to change.
 */
export function checkDiskRoom(dir: string, bytes: number, what = 'trace.csv', advice = 'drop --trace, shorten duration or pick another --out'): void {
  if (bytes <= 0) return;
  const free = freeBytes(dir);
  if (bytes > free) {
    const gib = (n: number): string => `${(n / 2 ** 30).toFixed(1)} GiB`;
    throw new CliError(`--out: ${what} would take about ${gib(bytes)}, more than the ${gib(free)} free in ${dir}; ${advice}`);
  }
}

/** Bytes free to an unprivileged user in `dir`'s file system. */
export function freeBytes(dir: string): number {
  const fs = statfsSync(dir);
  return fs.bavail * fs.bsize;
}

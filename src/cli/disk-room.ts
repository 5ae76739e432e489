/**
 * Room on disk for a run's streamed files: a trace.csv estimated larger than the space free
 * where it goes is refused before the run (exit 2), not discovered as ENOSPC an hour in.
 */
import { statfsSync } from 'node:fs';
import { CliError } from './exit-codes.js';

/** Throws a CliError when `bytes` will not fit in the free space of `dir`'s file system. */
export function checkDiskRoom(dir: string, bytes: number): void {
  if (bytes <= 0) return;
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  if (bytes > free) {
    const gib = (n: number): string => `${(n / 2 ** 30).toFixed(1)} GiB`;
    throw new CliError(`--out: trace.csv would take about ${gib(bytes)}, more than the ${gib(free)} free in ${dir}; drop --trace, shorten duration or pick another --out`);
  }
}

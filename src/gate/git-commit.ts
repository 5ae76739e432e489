/**
 * The short commit hash stamped on bench output and baselines, so a figure can be traced to
 * the code that produced it.
 */
import { execFileSync } from 'node:child_process';

/** `git rev-parse --short HEAD` in `cwd`, or "unknown" outside a repository or without git. */
export function gitShortCommit(cwd: string = process.cwd()): string {
  try {
    const out = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const hash = out.trim();
    return hash === '' ? 'unknown' : hash;
  } catch {
    return 'unknown';
  }
}

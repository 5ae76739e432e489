/**
 * The short commit hash stamped on bench output and baselines, so a figure can be traced to
 * the code that produced it.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';

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

/**
 * The short commit of the repository whose top folder is exactly `root` (this package's own
 * checkout), or "unknown" when `root` is not a repository's top, e.g. a package installed
 * under node_modules inside some other project's repository.
 */
export function gitShortCommitOfRoot(root: string): string {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (realpathSync(top) !== realpathSync(root)) return 'unknown';
  } catch {
    return 'unknown';
  }
  return gitShortCommit(root);
}

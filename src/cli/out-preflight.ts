/**
 * Before a run starts: open the folder its files go to, so a bad --out (or one another run is
 * writing) is a plain error (exit 2) in a second, not a stack trace after the whole simulation.
 */
import { resolve } from 'node:path';
import { makeFolders } from '../report/make-folders.js';
import { OutDirError, runDirName } from '../report/out-dir.js';
import { RunFolder } from '../report/run-folder.js';
import { RunLockError } from '../report/run-lock.js';
import { CliError } from './exit-codes.js';

/** What an fs error code means to someone who typed a path. */
function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return 'a file is in the way (not a folder)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return 'this file system does not take new folders there';
    default:
      return e.message;
  }
}

/**
 * Opens the run folder `<out>/<workload>-<seed>-<hash>` for this run: created inside --out, held
 * (refused if it is or becomes a symbolic link out of --out), locked against a second run, and
 * cleared of a killed run's temp files. Throws a CliError (exit 2) for an empty --out, a path
 * that cannot be a folder, a run folder that would leave --out, one another run is writing, or
 * a place the files cannot be written.
 */
export function openRunFolder(out: string, workloadName: string, seed: number, workload: unknown): RunFolder {
  if (out.trim() === '') throw new CliError('--out: name a folder (got an empty path)');
  const outRoot = resolve(out);
  try {
    makeFolders(outRoot);
  } catch (err) {
    throw new CliError(`--out ${out}: cannot create the folder ${outRoot}: ${reason(err)}`);
  }
  let name: string;
  try {
    name = runDirName(workloadName, seed, workload);
  } catch (err) {
    if (err instanceof OutDirError || err instanceof RangeError) throw new CliError(`--out ${out}: ${err.message}`);
    throw err;
  }
  try {
    return RunFolder.open(outRoot, name);
  } catch (err) {
    if (err instanceof OutDirError || err instanceof RunLockError) throw new CliError(`--out ${out}: ${err.message}`);
    throw new CliError(`--out ${out}: cannot write in ${outRoot}: ${reason(err)}`);
  }
}

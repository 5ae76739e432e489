/**
 * Before a run starts: open the folder its files go to, so a bad --out (or one another run is
 * writing) is a plain error (exit 2) in a second, not a stack trace after the whole simulation.
 */
import { open, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { makeFolders } from '../report/make-folders.js';
import { OutDirError, containedPath, runDirName } from '../report/out-dir.js';
import { RunFolder } from '../report/run-folder.js';
import { RunLockError } from '../report/run-lock.js';
import { CliError } from './exit-codes.js';

/** What an fs error code means to someone who typed a path. */
export function reason(err: unknown): string {
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

/** Creates and removes a file in `dir`; a CliError starting with `what` when that fails. */
async function probeWrite(dir: string, what: string): Promise<void> {
  const probe = join(dir, `.irqstorm-write-probe-${process.pid}`);
  try {
    const handle = await open(probe, 'wx');
    await handle.close();
    await unlink(probe);
  } catch (err) {
    throw new CliError(`${what}: cannot write in ${dir}: ${reason(err)}`);
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

/**
 * Resolves and checks `<out>/<name>`, a folder an experiment writes its files into (created if
 * missing, reused if there); returns its path. Throws a CliError (exit 2) like openRunFolder.
 */
export async function prepareOutFolder(out: string, name: string, flag = '--out'): Promise<string> {
  if (out.trim() === '') throw new CliError(`${flag}: name a folder (got an empty path)`);
  const outRoot = resolve(out);
  let dir: string;
  try {
    dir = name === '' ? outRoot : containedPath(outRoot, name, 'output folder');
    makeFolders(dir);
  } catch (err) {
    if (err instanceof OutDirError) throw new CliError(`${flag} ${out}: ${err.message}`);
    throw new CliError(`${flag} ${out}: cannot create the folder ${name === '' ? outRoot : join(outRoot, name)}: ${reason(err)}`);
  }
  await probeWrite(dir, `${flag} ${out}`);
  return dir;
}

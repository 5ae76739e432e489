/**
 * A run folder held for the length of a run: created (or found) inside --out, refused if it is
 * or becomes anything but that same real folder (a symbolic link out of --out, another folder
 * swapped in), locked against a second run, cleared of the temps a killed run left, and written
 * file by file with run.json last. Before every temp is made and before every rename the folder
 * is checked again (same device and inode, same real path inside the same real --out), so
 * nothing lands outside --out whatever happens to the path meanwhile.
 *
 * MODEL (of the file system): Node has no openat/renameat, so a swap in the microseconds between
 * a check and the rename that follows it is not caught; every other moment is.
 */
import { lstatSync, mkdirSync, readdirSync, realpathSync, rmdirSync, type Stats } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RUN_JSON, isPlainFileName, writeFileAtomic, type RunFile } from './atomic-write.js';
import { makeFolders } from './make-folders.js';
import { OutDirError, containedPath } from './out-dir.js';
import { acquireRunLock, type RunLock } from './run-lock.js';
import { StreamedFile } from './streamed-file.js';
import { removeStaleTemps } from './temp-files.js';

/** Called around the write phase: before each file (a test hook pauses here; signals see the phase). */
export interface WriteHooks {
  readonly beforeFile?: (name: string) => void | Promise<void>;
}

const held = new Set<RunFolder>();

/** Releases every folder this process holds (for an exit or an abort); synchronous. */
export function releaseHeldFolders(): void {
  for (const f of held) f.release(true);
}

export class RunFolder {
  readonly path: string;
  /** This run made the folder (it is removed on release when left empty). */
  readonly created: boolean;
  readonly #outRoot: string;
  readonly #outReal: string;
  readonly #identity: Stats;
  #lock: RunLock | null = null;

  private constructor(path: string, created: boolean, outRoot: string, outReal: string, identity: Stats) {
    this.path = path;
    this.created = created;
    this.#outRoot = outRoot;
    this.#outReal = outReal;
    this.#identity = identity;
  }

  /**
   * Creates (or reuses) `<outRoot>/<name>`, checks it is a real folder inside --out, locks it
   * and removes stale temps. Throws OutDirError (containment), RunLockError (another live run)
   * or the file system's error.
   */
  static open(outRoot: string, name: string): RunFolder {
    const path = containedPath(outRoot, name, 'run directory');
    makeFolders(outRoot);
    let created = false;
    try {
      mkdirSync(path);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const identity = lstatSync(path);
    if (!identity.isDirectory()) {
      throw new OutDirError(`${path} exists and is not a folder${identity.isSymbolicLink() ? ' (a symbolic link)' : ''}; refusing to write through it`);
    }
    const outReal = realpathSync(outRoot);
    const folder = new RunFolder(path, created, outRoot, outReal, identity);
    try {
      folder.check();
      folder.#lock = acquireRunLock(path);
    } catch (err) {
      if (created) rmdirSync(path);
      throw err;
    }
    held.add(folder);
    removeStaleTemps(path);
    return folder;
  }

  /** Throws OutDirError unless the folder is still the one opened, at the same real place in --out. */
  check(): void {
    let now: Stats;
    try {
      now = lstatSync(this.path);
    } catch (err) {
      throw new OutDirError(`the run folder ${this.path} went away while the run went on (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing more is written`);
    }
    if (!now.isDirectory() || now.ino !== this.#identity.ino || now.dev !== this.#identity.dev) {
      const what = now.isSymbolicLink() ? 'a symbolic link' : 'another file or folder';
      throw new OutDirError(`the run folder ${this.path} was replaced by ${what} while the run went on; nothing more is written there`);
    }
    const outReal = realpathSync(this.#outRoot);
    const real = realpathSync(this.path);
    if (outReal !== this.#outReal || real !== join(outReal, basename(this.path))) {
      throw new OutDirError(`the run folder ${this.path} now resolves to ${real}, outside ${this.#outReal}; nothing more is written there`);
    }
  }

  /** A file of this folder streamed while the run goes on; commit it through writeFiles(). */
  streamed(name: string): StreamedFile {
    if (!isPlainFileName(name)) throw new Error(`run file name must be a plain file name, got ${JSON.stringify(name)}`);
    return new StreamedFile(join(this.path, name), () => this.check());
  }

  /**
   * Writes every file, each atomically, and only then `run.json` with `runJson` as
   * pretty-printed JSON. Any run.json already there is removed first, so a rerun that is
   * interrupted leaves no run.json vouching for mixed files; so are the `obsolete` files, ones an
   * earlier run may have left that this run does not write.
   */
  async writeFiles(files: readonly RunFile[], runJson: unknown, obsolete: readonly string[] = [], hooks: WriteHooks = {}): Promise<void> {
    const seen = new Set<string>();
    for (const f of files) {
      if (!isPlainFileName(f.name)) {
        throw new Error(`run file name must be a plain file name without a directory part, got ${JSON.stringify(f.name)}`);
      }
      if (f.name === RUN_JSON) throw new Error(`${RUN_JSON} is written by writeFiles itself; pass it as runJson`);
      if (seen.has(f.name)) throw new Error(`run file ${JSON.stringify(f.name)} is listed twice`);
      seen.add(f.name);
    }
    const guard = (): void => this.check();
    guard();
    await rm(join(this.path, RUN_JSON), { force: true });
    for (const name of obsolete) if (isPlainFileName(name) && !seen.has(name)) await rm(join(this.path, name), { force: true });
    for (const f of files) {
      await hooks.beforeFile?.(f.name);
      await writeFileAtomic(join(this.path, f.name), f.content, guard);
    }
    await hooks.beforeFile?.(RUN_JSON);
    await writeFileAtomic(join(this.path, RUN_JSON), `${JSON.stringify(runJson, null, 2)}\n`, guard);
  }

  /**
   * Gives up the lock; with `removeIfEmpty`, also removes the folder if this run made it and
   * nothing is in it (a run that failed before writing leaves no trace). Synchronous, idempotent.
   */
  release(removeIfEmpty = false): void {
    held.delete(this);
    this.#lock?.release();
    this.#lock = null;
    if (!removeIfEmpty || !this.created) return;
    try {
      this.check();
      if (readdirSync(this.path).length === 0) rmdirSync(this.path);
    } catch {
      // not ours any more, or not empty: leave it
    }
  }
}

/** Opens `runDir`'s folder (inside its parent), writes the files with run.json last, releases it. */
export async function writeRunDirectory(runDir: string, files: readonly RunFile[], runJson: unknown, obsolete: readonly string[] = []): Promise<void> {
  const folder = RunFolder.open(dirname(runDir), basename(runDir));
  try {
    await folder.writeFiles(files, runJson, obsolete);
  } finally {
    folder.release();
  }
}

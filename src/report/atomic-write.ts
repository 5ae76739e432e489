/**
 * Whole-or-nothing file writes: write to a temporary name in the same directory (the project's
 * temp pattern, temp-files.ts), fsync, rename over the target (atomic on POSIX file systems),
 * then fsync the directory. Run folders are written through run-folder.ts, which holds the
 * folder, locks it and writes run.json last, so run.json present means every file is whole.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeFolders } from './make-folders.js';
import { StreamedFile, type WriteGuard } from './streamed-file.js';
import { tempPathFor, trackTemp, untrackTemp } from './temp-files.js';

/** Receives a file's content in chunks; may be async. Throwing aborts the write and leaves no file. */
export type ContentWriter = (write: (chunk: string | Uint8Array) => Promise<void>) => void | Promise<void>;

/**
 * A file's content: the whole text or bytes, a writer producing it in chunks, or a file already
 * streamed to its temp name during the run (committed where the others are written).
 */
export type FileContent = string | Uint8Array | ContentWriter | StreamedFile;

/** The file naming a complete run directory; written after every other file. */
export const RUN_JSON = 'run.json';

/**
 * Writes `path` whole or not at all. On any error (including one thrown by a content writer mid-way
 * or by `guard`, called before the temp is made and again before the rename) the temporary file
 * is removed, an existing file at `path` is left untouched, and the error rethrown.
 */
export async function writeFileAtomic(path: string, content: FileContent, guard: WriteGuard = () => {}): Promise<void> {
  const dir = dirname(path);
  if (content instanceof StreamedFile) {
    if (content.path !== path) throw new Error(`streamed file ${content.path} committed as ${path}`);
    content.commit();
    await syncDirectory(dir);
    return;
  }
  guard();
  const tmp = tempPathFor(path);
  trackTemp(tmp);
  let fh: FileHandle | undefined;
  try {
    fh = await open(tmp, 'wx');
    const handle = fh;
    const write = async (chunk: string | Uint8Array): Promise<void> => {
      await handle.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    };
    if (typeof content === 'function') await content(write);
    else await write(content);
    await fh.sync();
    await fh.close();
    fh = undefined;
    guard();
    await rename(tmp, path);
  } catch (err) {
    if (fh !== undefined) await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  } finally {
    untrackTemp(tmp);
  }
  await syncDirectory(dir);
}

/**
 * writeFileAtomic() for callers that cannot await (baselines, bench CSVs): the same temp name,
 * fsync and rename, creating the parent folder first.
 */
export function writeFileAtomicSync(path: string, text: string): void {
  const dir = dirname(path);
  makeFolders(dir);
  const tmp = tempPathFor(path);
  trackTemp(tmp);
  let fd = -1;
  try {
    fd = openSync(tmp, 'wx');
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (err) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    untrackTemp(tmp);
  }
}

/** One file of a run directory: a plain file name (no directory part) and its content. */
export interface RunFile {
  readonly name: string;
  readonly content: FileContent;
}

/** A file name with no directory part (nothing that could leave its folder). */
export function isPlainFileName(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

/**
 * Makes a rename in `dir` durable. Some platforms cannot fsync a directory; that only weakens
 * durability after a crash, not atomicity, so the failure is ignored.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // see above
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

// A whole run directory is written through run-folder.ts (the folder held, locked and checked);
// its one-call form stays importable from here, where it used to live.
export { writeRunDirectory } from './run-folder.js';

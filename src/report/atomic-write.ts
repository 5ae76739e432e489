/**
 * Whole-or-nothing file writes: write to a temporary name in the same directory, fsync, rename
 * over the target (atomic on POSIX file systems), then fsync the directory. A run directory is
 * written file by file and its run.json last, so run.json present means every file is whole.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { makeFolders } from './make-folders.js';

/** Receives a file's content in chunks; may be async. Throwing aborts the write and leaves no file. */
export type ContentWriter = (write: (chunk: string | Uint8Array) => Promise<void>) => void | Promise<void>;

/** A file's content: the whole text or bytes, or a writer producing it in chunks. */
export type FileContent = string | Uint8Array | ContentWriter;

/** The file naming a complete run directory; written after every other file. */
export const RUN_JSON = 'run.json';

/**
 * Writes `path` whole or not at all. On any error (including one thrown by a content writer mid-way)
 * the temporary file is removed, an existing file at `path` is left untouched, and the error rethrown.
 */
export async function writeFileAtomic(path: string, content: FileContent): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fh: FileHandle | undefined = await open(tmp, 'wx');
  try {
    const handle = fh;
    const write = async (chunk: string | Uint8Array): Promise<void> => {
      await handle.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    };
    if (typeof content === 'function') await content(write);
    else await write(content);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(tmp, path);
  } catch (err) {
    if (fh !== undefined) await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
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
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
  }
}

/** One file of a run directory: a plain file name (no directory part) and its content. */
export interface RunFile {
  readonly name: string;
  readonly content: FileContent;
}

/**
 * Writes every file into `runDir` (created if missing), each atomically, and only then `run.json`
 * with `runJson` as pretty-printed JSON. Any run.json already there is removed first, so a re-run
 * into the same directory that is interrupted leaves no run.json vouching for mixed files; so are
 * the `obsolete` files, ones an earlier run may have left that this run does not write.
 */
export async function writeRunDirectory(runDir: string, files: readonly RunFile[], runJson: unknown, obsolete: readonly string[] = []): Promise<void> {
  const seen = new Set<string>();
  for (const f of files) {
    if (!isPlainFileName(f.name)) {
      throw new Error(`run file name must be a plain file name without a directory part, got ${JSON.stringify(f.name)}`);
    }
    if (f.name === RUN_JSON) throw new Error(`${RUN_JSON} is written by writeRunDirectory itself; pass it as runJson`);
    if (seen.has(f.name)) throw new Error(`run file ${JSON.stringify(f.name)} is listed twice`);
    seen.add(f.name);
  }
  makeFolders(runDir);
  await rm(join(runDir, RUN_JSON), { force: true });
  for (const name of obsolete) if (isPlainFileName(name) && !seen.has(name)) await rm(join(runDir, name), { force: true });
  for (const f of files) await writeFileAtomic(join(runDir, f.name), f.content);
  await writeFileAtomic(join(runDir, RUN_JSON), `${JSON.stringify(runJson, null, 2)}\n`);
}

function isPlainFileName(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

// Makes the rename itself durable. Some platforms cannot fsync a directory; that only weakens
// durability after a crash, not atomicity, so the failure is ignored.
async function syncDirectory(dir: string): Promise<void> {
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

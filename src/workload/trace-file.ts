/**
 * Loads an arrival-trace CSV named by a workload (`arrival: { type: trace, file }`) into the
 * timestamps a trace arrival spec replays. The file is resolved against the workload's folder
 * and must stay inside it (unless allowed otherwise) and be a regular file outside /proc, /sys
 * and /dev; its size is checked on the opened file before reading, then it is streamed line by
 * line with each line's length bounded, so neither a large trace nor one endless line ever sits
 * in memory as one string. The row format and its `<file>:<line>:` errors are
 * traffic/trace-csv.ts's.
 */
import { constants, realpathSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { quoteExcerpt } from '../engine/excerpt.js';
import { TRACE_MAX_LINE_CHARS, TraceCsvReader, type TraceCsvOptions } from '../traffic/trace-csv.js';
import { boundedLines } from './bounded-lines.js';

/** Default cap on a trace file's size: 256 MiB, room for 10 M rows of up to 26 characters. */
export const TRACE_MAX_BYTES_DEFAULT = 256 * 1024 * 1024;

export interface ReadTraceFileOptions extends TraceCsvOptions {
  /** Files larger than this are refused before reading. @defaultValue TRACE_MAX_BYTES_DEFAULT */
  maxBytes?: number;
}

/** The trace file cannot be used as a whole (missing, not a file, too large). */
export class TraceFileError extends Error {
  override name = 'TraceFileError';
}

/** File systems whose entries only look like files (kernel state, devices): never a trace. */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

export interface TracePathOptions {
  /** Also accept a trace outside the workload's folder tree. @defaultValue false */
  readonly allowOutside?: boolean;
}

/**
 * Where the trace `file` (as written in the workload at `workloadPath`) is: resolved against the
 * workload's folder, symlinks followed. Throws TraceFileError for a file that does not exist, that
 * leaves the workload's folder tree (lexically or through a link) unless `allowOutside`, or that
 * lies in /proc, /sys or /dev (always).
 */
export function resolveTracePath(workloadPath: string, file: string, options: TracePathOptions = {}): string {
  const folder = resolve(dirname(workloadPath));
  const abs = resolve(folder, file);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (err) {
    throw new TraceFileError(`trace file ${quoteExcerpt(file)} (${abs}): cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  for (const root of SPECIAL_ROOTS) {
    if (isInside(root, real)) throw new TraceFileError(`trace file ${quoteExcerpt(file)} resolves to ${real}, in ${root}; a trace must be a regular file`);
  }
  if (options.allowOutside !== true) {
    const realFolder = realpathSync(folder);
    if (!isInside(realFolder, abs) || !isInside(realFolder, real)) {
      throw new TraceFileError(
        `trace file ${quoteExcerpt(file)} resolves to ${real}, outside the workload's folder ${realFolder}; ` +
          'keep traces in the workload\'s folder tree or pass --allow-outside',
      );
    }
  }
  return real;
}

/**
 * Reads and validates the trace CSV at `path`: whole, non-decreasing ns timestamps. Rejects with
 * TraceFileError (missing, not a regular file, too large) or TraceFormatError (bad rows, with
 * line numbers). The checks are made on the opened file, so a path swapped after them is not read.
 */
export async function readTraceFile(path: string, options: ReadTraceFileOptions = {}): Promise<Float64Array> {
  const maxBytes = options.maxBytes ?? TRACE_MAX_BYTES_DEFAULT;
  let handle: FileHandle;
  let sizeBytes: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new TraceFileError(`trace file ${path}: cannot read it (${(err as Error).message})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new TraceFileError(`trace file ${path}: expected a regular file, got ${fileKind(info)}`);
    sizeBytes = info.size;
    if (sizeBytes > maxBytes) {
      throw new TraceFileError(
        `trace file ${path} is ${sizeBytes} bytes${mib(sizeBytes)}, over the limit of ${maxBytes} bytes` +
          `${mib(maxBytes)}; shorten the trace or raise the limit`,
      );
    }
    const reader = new TraceCsvReader(path, options);
    let lineNumber = 0;
    const input = handle.createReadStream({ autoClose: false, start: 0 });
    try {
      for await (const line of boundedLines(input, TRACE_MAX_LINE_CHARS)) reader.addLine(line, ++lineNumber);
    } finally {
      input.destroy();
    }
    return reader.finish();
  } catch (err) {
    if (err instanceof TraceFileError || (err as Error).name === 'TraceFormatError') throw err;
    throw new TraceFileError(`trace file ${path}: cannot read it (${(err as Error).message})`);
  } finally {
    await handle.close();
  }
}

// " (1.5 MiB)" beside a byte count large enough for it to help.
function mib(bytes: number): string {
  return bytes >= 1024 * 1024 ? ` (${Number((bytes / (1024 * 1024)).toPrecision(3))} MiB)` : '';
}

/** What a path that is not a regular file is, in the words `ls -l` and stat(2) use. */
function fileKind(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'something else';
}

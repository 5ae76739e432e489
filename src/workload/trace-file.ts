/**
 * Loads an arrival-trace CSV named by a workload (`arrival: { type: trace, file }`) into the
 * timestamps a trace arrival spec replays. The file's size is checked before reading, then it is
 * streamed line by line, so a large trace never sits in memory as one string. The row format and
 * its `<file>:<line>:` errors are traffic/trace-csv.ts's.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { TraceCsvReader, type TraceCsvOptions } from '../traffic/trace-csv.js';

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

/**
 * Reads and validates the trace CSV at `path`: whole, non-decreasing ns timestamps. Rejects with
 * TraceFileError (missing, too large) or TraceFormatError (bad rows, with line numbers).
 */
export async function readTraceFile(path: string, options: ReadTraceFileOptions = {}): Promise<Float64Array> {
  const maxBytes = options.maxBytes ?? TRACE_MAX_BYTES_DEFAULT;
  let sizeBytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new TraceFileError(`trace file ${path}: expected a regular file, got a directory or device`);
    sizeBytes = info.size;
  } catch (err) {
    if (err instanceof TraceFileError) throw err;
    throw new TraceFileError(`trace file ${path}: cannot read it (${(err as Error).message})`);
  }
  if (sizeBytes > maxBytes) {
    throw new TraceFileError(
      `trace file ${path} is ${sizeBytes} bytes${mib(sizeBytes)}, over the limit of ${maxBytes} bytes` +
        `${mib(maxBytes)}; shorten the trace or raise the limit`,
    );
  }
  const reader = new TraceCsvReader(path, options);
  const input = createReadStream(path, { encoding: 'utf8' });
  // crlfDelay: Infinity reads \r\n as one line break however the chunks fall.
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) reader.addLine(line, ++lineNumber);
  } finally {
    lines.close();
    input.destroy();
  }
  return reader.finish();
}

// " (1.5 MiB)" beside a byte count large enough for it to help.
function mib(bytes: number): string {
  return bytes >= 1024 * 1024 ? ` (${Number((bytes / (1024 * 1024)).toPrecision(3))} MiB)` : '';
}

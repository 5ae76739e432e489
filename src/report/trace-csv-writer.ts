/**
 * trace.csv streamed while the run goes on: one row per dispatched event, `time_ns,event,a0,a1`,
 * into a StreamedFile (bounded memory whatever the trace's length; whole or nothing under the
 * final name). The event names are src/events.ts's.
 */
import { EVENT_NAMES } from '../events.js';
import type { StreamedFile } from './streamed-file.js';

/** The file's name in a run folder. */
export const TRACE_CSV = 'trace.csv';

/** The header row. */
export const TRACE_CSV_HEADER = 'time_ns,event,a0,a1\n';

/** A tracer with the machine's EventTracer signature writing rows into `file` (header first). */
export function traceCsvWriter(file: StreamedFile): (t: number, kind: number, a0: number, a1: number) => void {
  file.write(TRACE_CSV_HEADER);
  return (t, kind, a0, a1) => {
    file.write(`${t},${EVENT_NAMES[kind] ?? kind},${a0},${a1}\n`);
  };
}

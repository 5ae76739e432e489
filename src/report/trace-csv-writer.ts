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

const COMMA = 44;
const NEWLINE = 10;

/**
 * A tracer with the machine's EventTracer signature writing rows into `file` (header first).
 * PERF: each row goes into the file's buffer as bytes (numbers as digits, names made once per
 * kind), so tracing allocates nothing per event and memory stays flat however long the run.
 */
export function traceCsvWriter(file: StreamedFile): (t: number, kind: number, a0: number, a1: number) => void {
  file.write(TRACE_CSV_HEADER);
  const names: Buffer[] = [];
  for (const [kind, name] of Object.entries(EVENT_NAMES)) names[Number(kind)] = Buffer.from(`${name},`, 'latin1');
  return (t, kind, a0, a1) => {
    file.writeInt(t, COMMA);
    const name = names[kind];
    if (name === undefined) file.writeInt(kind, COMMA);
    else file.writeBytes(name);
    file.writeInt(a0, COMMA);
    file.writeInt(a1, NEWLINE);
  };
}

/**
 * The arrival-trace CSV format: one timestamp per row (whole ns, or a duration such as "1.5us"),
 * an optional header row `time_ns`, times non-decreasing. Parsed row by row so a file can be
 * streamed (workload/trace-file.ts) or a string parsed whole (parseTraceCsv). Bad rows are
 * reported as `<file>:<line>: <what was expected, what was got>`.
 */
import { quoteExcerpt } from '../engine/excerpt.js';
import { MAX_TIME_NS, TimeError, parseDurationNs } from '../engine/time.js';

/** Default cap on rows in one trace (10 M timestamps = 80 MB as float64). */
export const TRACE_MAX_ROWS_DEFAULT = 10_000_000;

/** Longest row read (characters): a timestamp needs about 30; longer rows are refused unread. */
export const TRACE_MAX_LINE_CHARS = 256;

/** How many bad rows one error lists before summarising the rest. */
export const TRACE_MAX_REPORTED_PROBLEMS = 20;

/** The trace file (or text) is not a valid trace; `problems` holds one `<file>:<line>: …` per bad row. */
export class TraceFormatError extends Error {
  override name = 'TraceFormatError';
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[]) {
    super(message);
    this.problems = problems;
  }
}

export interface TraceCsvOptions {
  /** Rows beyond this are an error. @defaultValue TRACE_MAX_ROWS_DEFAULT */
  maxRows?: number;
}

const EXPECTED = 'expected a timestamp (whole ns such as 1500, or a duration such as "1.5us")';

/** Incremental parser: feed lines in order with their 1-based numbers, then finish(). */
export class TraceCsvReader {
  readonly fileName: string;
  readonly maxRows: number;
  #times: Float64Array;
  #count = 0;
  #sawContent = false;
  #previousNs = 0;
  #previousLine = 0;
  #problems: string[] = [];
  #problemCount = 0;

  constructor(fileName: string, options: TraceCsvOptions = {}) {
    const maxRows = options.maxRows ?? TRACE_MAX_ROWS_DEFAULT;
    if (!Number.isSafeInteger(maxRows) || maxRows < 1) {
      throw new RangeError(`maxRows must be a whole number of rows >= 1, got ${maxRows}`);
    }
    this.fileName = fileName;
    this.maxRows = maxRows;
    this.#times = new Float64Array(Math.min(maxRows, 1024));
  }

  /** Reads one line (without its line break). Throws at once if the row limit is passed. */
  addLine(line: string, lineNumber: number): void {
    if (line.length > TRACE_MAX_LINE_CHARS) {
      // The file reader cuts such a line short; it is never parsed, only excerpted.
      this.#problem(lineNumber, `expected a row of at most ${TRACE_MAX_LINE_CHARS} characters (one timestamp), got a longer one starting ${quoteExcerpt(line.slice(0, 40))}`);
      return;
    }
    let text = line.trim();
    if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1).trim(); // UTF-8 BOM
    if (text === '') return; // blank lines (and the final newline) carry nothing
    const first = !this.#sawContent;
    this.#sawContent = true;
    if (text.includes(',')) {
      const fields = text.split(',').length;
      this.#problem(lineNumber, `expected one timestamp per row, got ${fields} fields (${quoteExcerpt(text)})`);
      return;
    }
    const field = unquote(text);
    if (first && field.toLowerCase() === 'time_ns') return;
    let ns: number;
    if (isDigits(field)) {
      // PERF: a plain integer is the common row; skip the duration regex for it.
      ns = Number(field);
      if (ns > MAX_TIME_NS) {
        this.#problem(lineNumber, `${EXPECTED}, got ${field}, past the clock's limit of 2^53-1 ns (about 104 days)`);
        return;
      }
    } else {
      try {
        ns = parseDurationNs(field, 'value');
      } catch (err) {
        if (!(err instanceof TimeError)) throw err;
        const got = `got ${quoteExcerpt(field)}`;
        const what = err.message.startsWith('value: cannot read')
          ? `${EXPECTED}${first ? ' or the header time_ns' : ''}, ${got}`
          : `${EXPECTED}, ${got} (${err.message.replace(/^value:?\s*/, '')})`;
        this.#problem(lineNumber, what);
        return;
      }
    }
    if (this.#count > 0 && ns < this.#previousNs) {
      this.#problem(
        lineNumber,
        `expected a time at or after ${this.#previousNs} ns (line ${this.#previousLine}); times must not decrease, got ${ns} ns`,
      );
      return;
    }
    if (this.#count === this.maxRows) {
      throw new TraceFormatError(
        `${this.fileName}:${lineNumber}: expected at most ${this.maxRows} timestamps, got more; shorten the trace or raise the row limit`,
        this.#problems,
      );
    }
    if (this.#count === this.#times.length) this.#grow();
    this.#times[this.#count++] = ns;
    this.#previousNs = ns;
    this.#previousLine = lineNumber;
  }

  /** The timestamps read (a trimmed copy). Throws TraceFormatError listing the bad rows, if any. */
  finish(): Float64Array {
    if (this.#problemCount > 0) {
      const extra = this.#problemCount - this.#problems.length;
      const more = extra > 0 ? `\n… and ${extra} more bad rows` : '';
      const noun = this.#problemCount === 1 ? 'bad row' : 'bad rows';
      throw new TraceFormatError(
        `${this.fileName}: ${this.#problemCount} ${noun}:\n${this.#problems.join('\n')}${more}`,
        this.#problems,
      );
    }
    if (this.#count === 0) {
      throw new TraceFormatError(`${this.fileName}: expected at least one timestamp, got none`, []);
    }
    return this.#times.slice(0, this.#count);
  }

  #problem(lineNumber: number, what: string): void {
    this.#problemCount++;
    if (this.#problems.length < TRACE_MAX_REPORTED_PROBLEMS) this.#problems.push(`${this.fileName}:${lineNumber}: ${what}`);
  }

  #grow(): void {
    const next = new Float64Array(Math.min(this.maxRows, this.#times.length * 2));
    next.set(this.#times);
    this.#times = next;
  }
}

/** Parses a whole trace CSV held in memory; `fileName` prefixes every error. */
export function parseTraceCsv(text: string, fileName: string, options: TraceCsvOptions = {}): Float64Array {
  const reader = new TraceCsvReader(fileName, options);
  let lineNumber = 0;
  let from = 0;
  while (from <= text.length) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    lineNumber++;
    // A trailing \r (CRLF files) is whitespace, which addLine trims.
    reader.addLine(text.slice(from, to), lineNumber);
    from = to + 1;
  }
  return reader.finish();
}

function unquote(field: string): string {
  return field.length >= 2 && field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1).trim() : field;
}

// Up to 16 digits, so Number() reads it exactly or it is past MAX_TIME_NS (16 digits) anyway.
function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 16) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

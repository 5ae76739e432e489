/**
 * CSV output through fast-csv: one header row, one value per column, '\n' line ends, a final
 * newline, quoting only where a cell needs it. Numbers are formatted here, never by locale:
 * integers as plain digits, other numbers in the shortest form that parses back to the same double.
 */
import { writeToString } from 'fast-csv';
import { writeFileAtomic, type RunFile } from './atomic-write.js';

/** One documented column: CSV header name, unit ('' when none) and a one-line description. */
export interface CsvColumn {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

export type CsvCell = string | number;

/** A table ready to write: its file name, its documented columns and rows of cells in column order. */
export interface CsvTable {
  readonly file: string;
  readonly description: string;
  readonly columns: readonly CsvColumn[];
  readonly rows: readonly (readonly CsvCell[])[];
}

/**
 * Formats one number for CSV: integers as digits (exactly, even past 1e21), other finite numbers
 * by the shortest round-trip form (`String`, ECMAScript Number::toString), NaN as an empty cell,
 * ±Infinity as `inf` / `-inf`; -0 is written 0.
 */
export function formatCsvNumber(n: number): string {
  if (Number.isNaN(n)) return '';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  return String(n);
}

/** The CSV text of a table (header row included). Rows must have exactly one cell per column. */
export async function toCsvString(table: CsvTable): Promise<string> {
  const width = table.columns.length;
  const rows: string[][] = [table.columns.map((c) => c.name)];
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i];
    if (row.length !== width) {
      throw new Error(`${table.file}: row ${i} has ${row.length} cells, expected ${width} (one per column)`);
    }
    rows.push(row.map((cell) => (typeof cell === 'number' ? formatCsvNumber(cell) : cell)));
  }
  return writeToString(rows, { includeEndRowDelimiter: true, rowDelimiter: '\n' });
}

/** The table as a run-directory file whose content is its CSV text. */
export async function csvRunFile(table: CsvTable): Promise<RunFile> {
  return { name: table.file, content: await toCsvString(table) };
}

/** Writes the table's CSV to `path`, whole or not at all. */
export async function writeCsvFile(path: string, table: CsvTable): Promise<void> {
  await writeFileAtomic(path, await toCsvString(table));
}

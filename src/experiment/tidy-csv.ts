/**
 * sweep.csv and compare.csv: tidy tables (one row per run × metric), streamed unit by unit from
 * the stored results in plan order, so the file is the same whatever order the runs finished in
 * and the parent never holds more than one run's rows. Written whole or not at all.
 */
import { writeToString } from 'fast-csv';
import { writeFileAtomic } from '../report/atomic-write.js';
import { formatCsvNumber, type CsvCell } from '../report/csv.js';
import type { TidyRow } from './point-rows.js';

/** The columns every tidy table ends with. */
export const TIDY_COLUMNS = ['scope', 'id', 'metric', 'value', 'unit'] as const;

function cell(c: CsvCell | boolean): string {
  return typeof c === 'number' ? formatCsvNumber(c) : String(c);
}

async function csvLines(rows: readonly (readonly (CsvCell | boolean)[])[]): Promise<string> {
  if (rows.length === 0) return '';
  return writeToString(rows.map((r) => r.map(cell)), { includeEndRowDelimiter: true, rowDelimiter: '\n' });
}

/**
 * Writes `path`: a header of `leading` then TIDY_COLUMNS, then for each of `count` units its
 * leading cells followed by each of its rows. `rowsOf(i)` may read from disk; it is called once
 * per unit, in order.
 */
export async function writeTidyCsv(
  path: string,
  leading: readonly string[],
  count: number,
  cellsOf: (i: number) => readonly (CsvCell | boolean)[],
  rowsOf: (i: number) => readonly TidyRow[],
): Promise<void> {
  await writeFileAtomic(path, async (write) => {
    await write(await csvLines([[...leading, ...TIDY_COLUMNS]]));
    for (let i = 0; i < count; i++) {
      const lead = cellsOf(i);
      await write(await csvLines(rowsOf(i).map((r) => [...lead, ...r])));
    }
  });
}

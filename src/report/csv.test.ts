import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsvNumber, toCsvString, type CsvTable } from './csv.js';

describe('formatCsvNumber', () => {
  it('writes integers as plain digits, even past 1e21', () => {
    expect(formatCsvNumber(0)).toBe('0');
    expect(formatCsvNumber(-0)).toBe('0');
    expect(formatCsvNumber(1234567)).toBe('1234567');
    expect(formatCsvNumber(-42)).toBe('-42');
    expect(formatCsvNumber(2 ** 53)).toBe('9007199254740992');
    expect(formatCsvNumber(1e21)).toBe('1000000000000000000000'); // String(1e21) would be "1e+21"
  });

  it('writes other numbers in a form that parses back to the same double', () => {
    expect(formatCsvNumber(0.1)).toBe('0.1');
    expect(formatCsvNumber(1 / 3)).toBe('0.3333333333333333');
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number(formatCsvNumber(x))).toBe(x === 0 ? 0 : x); // -0 is written 0
      }),
      { numRuns: 500 },
    );
  });

  it('writes NaN empty and infinities as inf', () => {
    expect(formatCsvNumber(Number.NaN)).toBe('');
    expect(formatCsvNumber(Infinity)).toBe('inf');
    expect(formatCsvNumber(-Infinity)).toBe('-inf');
  });
});

describe('toCsvString', () => {
  const table: CsvTable = {
    file: 't.csv',
    description: '',
    columns: [
      { name: 'name', unit: '', description: '' },
      { name: 'value', unit: 'ns', description: '' },
    ],
    rows: [
      ['plain', 1.5],
      ['with,comma', 2],
      ['with "quote"', Number.NaN],
    ],
  };

  it('writes a header, quotes only where needed and ends with a newline', async () => {
    expect(await toCsvString(table)).toBe('name,value\nplain,1.5\n"with,comma",2\n"with ""quote""",\n');
  });

  it('writes only the header for an empty table', async () => {
    expect(await toCsvString({ ...table, rows: [] })).toBe('name,value\n');
  });

  it('refuses a row with the wrong number of cells', async () => {
    await expect(toCsvString({ ...table, rows: [['a']] })).rejects.toThrow('t.csv: row 0 has 1 cells, expected 2');
  });
});

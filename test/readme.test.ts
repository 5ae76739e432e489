/**
 * The README must stay true: every CSV column the report writes, every cost of the cost model,
 * every workload in the library and every CLI command appear in it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COST_MODEL, COST_NAMES } from '../src/machine/costs.js';
import { tableDocs } from '../src/report/tables.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every CSV file and column the report writes', () => {
    const missing: string[] = [];
    for (const t of tableDocs()) {
      if (!readme.includes(`\`${t.file}\``)) missing.push(t.file);
      for (const c of t.columns) if (!readme.includes(`| \`${c.name}\` |`)) missing.push(`${t.file}:${c.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('documents every cost of the cost model with its default, kind, meaning and source', () => {
    const rows = COST_NAMES.map((n) => {
      const e = COST_MODEL[n];
      return `| \`${n}\` | ${e.ns} ns | ${e.kind} | ${e.what} | ${e.source} |`;
    });
    expect(rows.filter((row) => !readme.includes(row))).toEqual([]);
  });

  it('lists every workload of the library', () => {
    const files = readdirSync(new URL('../workloads/', import.meta.url)).filter((f) => f.endsWith('.yaml'));
    expect(files.filter((f) => !readme.includes(f))).toEqual([]);
  });

  it('lists every sweep plan of the library', () => {
    const files = readdirSync(new URL('../workloads/sweeps/', import.meta.url)).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(files.filter((f) => !readme.includes(`| \`${f}\` |`))).toEqual([]);
  });

  it('names the two quick-start commands and every CLI command', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    for (const cmd of ['irqstorm run', 'irqstorm validate', 'irqstorm list', 'irqstorm gate', 'irqstorm compare', 'irqstorm sweep', 'irqstorm merge']) expect(readme).toContain(cmd);
  });

  it('names only source files and folders that exist', () => {
    // A `src/…`, `bench/…` or `scripts/…` path in backquotes; later names in the same cell
    // (`irte-table.ts`) are relative to the first one's folder and are not checked here.
    const paths = [...readme.matchAll(/`((?:src|bench|scripts)\/[\w./-]*)`/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((p) => !existsSync(new URL(`../${p}`, import.meta.url)))).toEqual([]);
  });
});

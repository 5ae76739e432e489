/**
 * The README and docs/ must stay true and self-contained: every CSV column the report writes is
 * documented under its file's heading, every cost of the cost model appears with its default and
 * source, every workload in the library and every CLI command is named, the calibration figures
 * are the ones `npm run calibrate` wrote, and no link or path leads outside the repository.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COST_MODEL, COST_NAMES } from '../src/machine/costs.js';
import { tableDocs } from '../src/report/tables.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const readme = read('README.md');

/** README.md and every markdown file under docs/, as repository-relative paths. */
function documents(): string[] {
  const out = ['README.md'];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(ROOT, dir)).sort()) {
      const path = join(dir, name);
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (name.endsWith('.md')) out.push(path);
    }
  };
  walk('docs');
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = /^#{1,6} (.+)$/.exec(line);
    if (!fenced && m !== null) out.add(slug(m[1]));
  }
  return out;
}

/** Is `path` (absolute) inside the repository? */
const inside = (path: string): boolean => path === ROOT || path.startsWith(ROOT + sep);

describe('README', () => {
  it('documents every CSV file and column the report writes, under the file its heading names', () => {
    const missing: string[] = [];
    for (const t of tableDocs()) {
      const start = readme.indexOf(`#### \`${t.file}\``);
      if (start < 0) {
        missing.push(t.file);
        continue;
      }
      const next = readme.indexOf('\n#', start + 1);
      const section = readme.slice(start, next < 0 ? undefined : next);
      for (const c of t.columns) if (!section.includes(`| \`${c.name}\` |`)) missing.push(`${t.file}:${c.name}`);
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
    const files = readdirSync(join(ROOT, 'workloads')).filter((f) => f.endsWith('.yaml'));
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
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('quotes the calibration results npm run calibrate wrote, word for word', () => {
    expect(readme).toContain(read('results/calibration/calibration.md').trim());
  });
});

describe('docs/', () => {
  it('has the seed question with its public archive link, the kernel model and the cost model, linked from the README', () => {
    for (const page of ['docs/README.md', 'docs/seed-question.md', 'docs/kernel-model.md', 'docs/cost-model.md']) {
      expect(readme, page).toContain(`](${page})`);
    }
    expect(read('docs/seed-question.md')).toContain('https://lore.kernel.org/all/871r2w9y3x.ffs@tglx/');
  });

  it('gives the reasoning for every cost of the cost model, at its default', () => {
    const costs = read('docs/cost-model.md');
    expect(COST_NAMES.filter((n) => !costs.includes(`| \`${n}\` | ${COST_MODEL[n].ns} ns | ${COST_MODEL[n].kind} |`))).toEqual([]);
  });
});

/** Links of `text` (in repository file `doc`) that lead outside the repository, to no file, or to no heading. */
function brokenLinks(doc: string, text: string): string[] {
  const broken: string[] = [];
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1];
    if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:: public addresses
    const [path, anchor] = target.split('#');
    const file = path === '' ? join(ROOT, doc) : resolve(ROOT, dirname(doc), path);
    if (!inside(file) || !existsSync(file)) {
      broken.push(`${doc}: ${target} (${inside(file) ? 'no such file' : 'outside the repository'})`);
      continue;
    }
    if (anchor !== undefined && file.endsWith('.md') && !anchors(readFileSync(file, 'utf8')).has(anchor)) {
      broken.push(`${doc}: ${target} (no heading #${anchor})`);
    }
  }
  return broken;
}

/** `text` without its fenced code blocks (examples whose paths are relative to other files). */
function prose(text: string): string {
  return text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
}

/**
 * Written paths in `text` (in `doc`) that climb out of the repository with ../, or file: URLs.
 * Fenced code blocks are left out: a sample plan's `workload: ../default-storm.yaml` is relative
 * to the plan, not to the document.
 */
function escapingPaths(doc: string, text: string): string[] {
  const out: string[] = [];
  for (const m of prose(text).matchAll(/(?:\.\.\/)+[\w.-][\w./-]*/g)) {
    const path = resolve(ROOT, dirname(doc), m[0]);
    if (!inside(path)) out.push(`${doc}: ${m[0]} → ${relative(ROOT, path)}`);
  }
  for (const m of text.matchAll(/file:\/\/\S+/g)) out.push(`${doc}: ${m[0]}`);
  return out;
}

describe('the project cites only documents it contains', () => {
  it('every .md file named in src/, bench/, scripts/, test/, workloads/ and the configs exists in the repository', () => {
    const have = new Set<string>();
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(join(ROOT, dir))) {
        if (name === 'node_modules' || name === 'dist' || name.startsWith('.git')) continue;
        const path = join(dir, name);
        if (statSync(join(ROOT, path)).isDirectory()) walk(path);
        else {
          if (name.endsWith('.md')) have.add(name);
          files.push(path);
        }
      }
    };
    walk('.');
    const cited = files.filter((f) => /^(src|bench|scripts|test|workloads)\//.test(f) || ['eslint.config.js', 'package.json'].includes(f));
    const missing: string[] = [];
    for (const f of cited) {
      // This file names made-up documents to test the checks below; skip its own text.
      if (f === join('test', 'readme.test.ts')) continue;
      for (const m of read(f).matchAll(/([\w.-]+)\.md\b/g)) {
        const name = `${m[1]}.md`;
        // Files a command writes at run time (fidelity.md, a test's summary.md) need not be committed.
        if (!have.has(name) && !['fidelity.md', 'summary.md'].includes(name)) missing.push(`${f}: ${name}`);
      }
      if (read(f).includes('../shared/')) missing.push(`${f}: ../shared/`);
    }
    expect(missing).toEqual([]);
  });
});

describe('no path in the README or docs/ leaves the repository', () => {
  const docs = documents();

  it('every relative link resolves to a file in the repository, and every #anchor to a heading there', () => {
    expect(docs.flatMap((doc) => brokenLinks(doc, read(doc)))).toEqual([]);
  });

  it('no written path climbs out of the repository (../ past its root) or is a file: URL', () => {
    expect(docs.flatMap((doc) => escapingPaths(doc, read(doc)))).toEqual([]);
  });

  it('the checks catch what they are for', () => {
    // The README once pointed at ../shared/reference/, outside any clone.
    expect(escapingPaths('README.md', 'the mail in `../shared/reference/`')).toEqual(['README.md: ../shared/reference/ → ../shared/reference']);
    expect(escapingPaths('README.md', '```yaml\nworkload: ../default-storm.yaml\n```\nbut `../x` here')).toEqual(['README.md: ../x → ../x']);
    expect(escapingPaths('docs/x.md', 'see ../README.md and ../../notes/h.md, file:///tmp/a')).toEqual([
      'docs/x.md: ../../notes/h.md → ../notes/h.md',
      'docs/x.md: file:///tmp/a',
    ]);
    expect(brokenLinks('docs/x.md', '[a](../../outside.md) [b](nope.md) [c](kernel-model.md#nope) [d](kernel-model.md#the-local-apic) [e](https://lore.kernel.org/)')).toEqual([
      'docs/x.md: ../../outside.md (outside the repository)',
      'docs/x.md: nope.md (no such file)',
      'docs/x.md: kernel-model.md#nope (no heading #nope)',
    ]);
    expect(slug('The flow handler: handle_edge_irq')).toBe('the-flow-handler-handle_edge_irq');
  });
});

#!/usr/bin/env node
// Runs every library workload (workloads/**/*.yaml, sweeps excluded) with --trace at a fixed,
// short duration and keeps each run's files under OUT/<workload>/, so two builds can be
// compared file by file: the CSV files and the kernel's text views (run.json and report.html
// name the build, so they are left out). The refactors and speed work promise byte-identical outputs; this is
// the command that checks the promise.
//
//   node scripts/library-outputs.mjs run OUT [--root DIR]   # DIR: a built checkout (default: this one)
//   node scripts/library-outputs.mjs compare A B            # exit 1 when any CSV or .txt view differs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';

const here = resolve(new URL('..', import.meta.url).pathname);

/** Durations that keep the whole library under a minute while every workload does its thing. */
const DURATION = {
  'default-storm': '100ms',
  'default-storm-todays-hardware': '100ms',
  'doorbell-vs-msi': '50ms',
  mm1: '300ms',
  md1: '300ms',
  mg1: '300ms',
  'mmc-independent': '300ms',
};

function workloadsUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'sweeps') out.push(...workloadsUnder(path));
    } else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

function runAll(outDir, root) {
  mkdirSync(outDir, { recursive: true });
  const library = join(root, 'workloads');
  for (const file of workloadsUnder(library)) {
    const name = relative(library, file).replace(/\.ya?ml$/, '').replaceAll('/', '__');
    const scratch = mkdtempSync(join(tmpdir(), 'irqstorm-lib-'));
    const args = [join(root, 'bin/irqstorm.js'), 'run', file, '--out', scratch, '--trace', '-q'];
    const duration = DURATION[basename(name)];
    if (duration) args.push('--set', `duration=${duration}`);
    const t0 = Date.now();
    try {
      execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
    } catch (err) {
      console.error(`${name}: exit ${err.status}`);
    }
    const [runDir] = readdirSync(scratch);
    const dest = join(outDir, name);
    rmSync(dest, { recursive: true, force: true });
    if (runDir) renameSync(join(scratch, runDir), dest);
    rmSync(scratch, { recursive: true, force: true });
    console.log(`${name}${duration ? ` (${duration})` : ''}: ${Date.now() - t0} ms`);
  }
}

function compare(a, b) {
  let files = 0;
  const differ = [];
  const names = new Set([...readdirSync(a), ...readdirSync(b)]);
  for (const name of [...names].sort()) {
    const da = join(a, name);
    const db = join(b, name);
    const fa = safeList(da).filter(compared);
    const fb = safeList(db).filter(compared);
    for (const f of new Set([...fa, ...fb])) {
      files++;
      let same = false;
      try {
        same = readFileSync(join(da, f)).equals(readFileSync(join(db, f)));
      } catch {
        same = false;
      }
      if (!same) differ.push(`${name}/${f}`);
    }
  }
  console.log(`${files} files compared (CSV and .txt), ${differ.length} differ`);
  for (const d of differ) console.log(`  differs: ${d}`);
  return differ.length === 0 ? 0 : 1;
}

/** The model's outputs; run.json and report.html carry the build's version and commit. */
function compared(file) {
  return file.endsWith('.csv') || file.endsWith('.txt');
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'run' && rest[0]) {
  const rootAt = rest.indexOf('--root');
  runAll(resolve(rest[0]), rootAt >= 0 ? resolve(rest[rootAt + 1]) : here);
} else if (cmd === 'compare' && rest[0] && rest[1]) {
  process.exit(compare(resolve(rest[0]), resolve(rest[1])));
} else {
  console.error('usage: node scripts/library-outputs.mjs run OUT [--root DIR] | compare A B');
  process.exit(2);
}

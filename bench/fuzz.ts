/**
 * The fuzz campaign (issue 18): N fuzzed workload files through the validate pipeline (the
 * generator and the check are the suite's, src/cli/testing/fuzz-workloads.ts), then inputs of
 * 1 MB in each kind of field (under 1 s each) and 1 MB of YAML keys (linear time). Reports crashes, refusals that name no field or line, cases past
 * 2 s, and the slowest case; exits 1 if any target is missed. Timings are wall-clock on a
 * possibly shared machine.
 * Usage: npm run fuzz -- [--cases 10000] [--seed 1]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { CliError } from '../src/cli/exit-codes.js';
import { checkFuzzCase, fuzzCaseArbitrary, libraryWorkloads, type FuzzCase } from '../src/cli/testing/fuzz-workloads.js';
import { loadWorkloadFile } from '../src/cli/workload-file.js';

const HANG_MS = 2000;
const BIG_FIELD_MS = 1000;
const MB = 1 << 20;

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' } } });
const cases = Number(values.cases);
const seed = Number(values.seed);
if (!Number.isSafeInteger(cases) || cases < 1 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run fuzz -- [--cases N] [--seed S]');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'irqstorm-fuzz-campaign-'));
const library = libraryWorkloads(new URL('../../workloads/', import.meta.url).pathname);
const counts = { accepted: 0, refused: 0, crashed: 0, vague: 0 };
let slow = 0;
let slowest = { ms: 0, name: '' };
const examples: string[] = [];
const started = performance.now();
let i = 0;
for (const c of fc.sample(fuzzCaseArbitrary(library), { numRuns: cases, seed })) {
  const out = await checkFuzzCase(c, dir);
  counts[out.verdict]++;
  if (out.ms > HANG_MS) slow++;
  if (out.ms > slowest.ms) slowest = { ms: out.ms, name: `case ${i} (${c.name})` };
  if ((out.verdict === 'crashed' || out.verdict === 'vague') && examples.length < 5) examples.push(`case ${i} ${c.name}: ${out.message.split('\n')[0]}`);
  i++;
}
const wall = (performance.now() - started) / 1000;
console.log(`fuzzed workloads: ${cases} (seed ${seed}) in ${wall.toFixed(1)} s wall`);
console.log(`  accepted ${counts.accepted}, refused naming a field or line ${counts.refused}, refused vaguely ${counts.vague}, crashed ${counts.crashed}`);
console.log(`  past ${HANG_MS} ms: ${slow}; slowest ${slowest.ms.toFixed(0)} ms (${slowest.name})`);
for (const e of examples) console.log(`  ! ${e}`);

// Inputs of 1 MB in each kind of field: each must be refused (or read) in under a second.
const spaces = ' '.repeat(MB);
const big: { what: string; file: FuzzCase; sets?: string[]; trace?: string }[] = [
  { what: 'duration "1", 1 MB of spaces, "x"', file: { name: 'dur.yaml', text: `description: d\nduration: "1${spaces}x"\npeers: [{name: p, arrival: {type: poisson, rate: 1}}]\n` } },
  { what: 'window size "1", 1 MB of spaces, "x"', file: { name: 'size.yaml', text: `description: d\nduration: 1ms\nntb: {window: {type: lut, size: "1${spaces}x"}}\npeers: [{name: p, arrival: {type: poisson, rate: 1}}]\n` } },
  { what: 'a 1 MB description', file: { name: 'desc.yaml', text: `description: "${'d'.repeat(MB)}"\nduration: 1ms\npeers: [{name: p, arrival: {type: poisson, rate: 1}}]\n` } },
  { what: 'a 1 MB peer name', file: { name: 'name.json', text: JSON.stringify({ description: 'd', duration: '1ms', peers: [{ name: 'p'.repeat(MB), arrival: { type: 'poisson', rate: 1 } }] }) } },
  { what: 'a 1 MB unknown key', file: { name: 'key.yaml', text: `description: d\nduration: 1ms\n${'k'.repeat(MB)}: 1\npeers: [{name: p, arrival: {type: poisson, rate: 1}}]\n` } },
  { what: '70,000 JSON keys and a duplicate (1 MB)', file: { name: 'keys.json', text: `{"description": "d", "costs": {${Array.from({ length: 70_000 }, (_, k) => `"k${k}": ${k}`).join(', ')}, "k5": 0}}` } },
  { what: 'a --set value of "1", 1 MB of spaces, "x"', file: { name: 'set.yaml', text: 'description: d\nduration: 1ms\npeers: [{name: p, arrival: {type: poisson, rate: 1}}]\n' }, sets: [`duration=1${spaces}x`] },
  { what: 'a trace row of 1 MB', file: { name: 'trace-row.yaml', text: 'description: d\nduration: 1ms\npeers: [{name: p, arrival: {type: trace, file: t1.csv}}]\n' }, trace: `0\n${'9'.repeat(MB)}\n` },
  { what: 'a 1 MB trace of rows "1", spaces, "x"', file: { name: 'trace-rows.yaml', text: 'description: d\nduration: 1ms\npeers: [{name: p, arrival: {type: trace, file: t2.csv}}]\n' }, trace: `1${' '.repeat(200)}x\n`.repeat(Math.floor(MB / 203)) },
];
let bigSlow = 0;
let bigCrashed = 0;
for (const b of big) {
  const path = join(dir, b.file.name);
  writeFileSync(path, b.file.text);
  if (b.trace !== undefined) writeFileSync(join(dir, b.file.name.startsWith('trace-row') ? 't1.csv' : 't2.csv'), b.trace);
  const t0 = performance.now();
  let verdict = 'accepted';
  try {
    await loadWorkloadFile(path, b.sets ?? []);
  } catch (err) {
    verdict = err instanceof CliError ? `refused (${err.message.length} characters of message)` : 'CRASHED';
    if (!(err instanceof CliError)) bigCrashed++;
  }
  const ms = performance.now() - t0;
  if (ms > BIG_FIELD_MS) bigSlow++;
  console.log(`  1 MB: ${b.what}: ${verdict} in ${ms.toFixed(0)} ms`);
}

// 1 MB of YAML structure (70,000 keys, one repeated): its time is the yaml package's own parser
// (about a microsecond a byte here), so the target is linear time: 1 MB may take at most 3× what
// half of it takes (the quadratic duplicate check it replaced: 4×, and 22 s for 50,000 keys).
async function keysMs(n: number): Promise<number> {
  const text = `description: d\nduration: 1ms\ncosts:\n${Array.from({ length: n }, (_, k) => `  k${k}: ${k}`).join('\n')}\n  k5: again\n`;
  const path = join(dir, `keys-${n}.yaml`);
  writeFileSync(path, text);
  const t0 = performance.now();
  await loadWorkloadFile(path).catch(() => undefined);
  return performance.now() - t0;
}
await keysMs(35_000); // warm-up
const half = Math.min(await keysMs(35_000), await keysMs(35_000));
const whole = Math.min(await keysMs(70_000), await keysMs(70_000));
const linear = whole <= 3 * half;
console.log(`  1 MB of YAML keys (70,000, one repeated): ${whole.toFixed(0)} ms; half of it ${half.toFixed(0)} ms (${(whole / half).toFixed(2)}×: ${linear ? 'linear' : 'NOT linear'})`);
rmSync(dir, { recursive: true, force: true });
const failed = counts.crashed + counts.vague + slow + bigSlow + bigCrashed + (linear ? 0 : 1);
console.log(failed === 0 ? 'all targets met' : `${failed} target misses`);
process.exit(failed === 0 ? 0 : 1);

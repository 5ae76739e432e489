#!/usr/bin/env node
// The cost budget: instructions per handled interrupt of each layer of the simulator (engine,
// PRNG, traffic, delivery, irq flow, action/client, metrics, V8 runtime), marginal between two
// run lengths of a workload under the gate's deterministic valgrind setup.
//
// Method. The gate's workload case (dist/bench/cases/workload.js) runs twice under
// `valgrind --tool=callgrind --dump-instr=yes` with the gate's node flags (--predictable and
// friends, one libuv thread) plus `--perf-basic-prof`, which makes V8 write /tmp/perf-<pid>.map:
// one line per piece of code it made (start, size, "JS:*name file:///…/dist/src/x/y.js:l:c",
// or "Builtin:Name"). cg_annotate cannot read that map, so this script reads callgrind's
// per-instruction self counts itself, finds each JIT address in the map (the latest entry that
// covers it: V8 reuses freed code space) and maps the function's source file to a layer
// (LAYERS below). Native code keeps callgrind's symbol: the garbage collector's and the rest of
// V8's C++ are two rows of their own. V8's builtins (inline caches, the write barrier, calls,
// Math.log) are charged to the JS layers that call them, in proportion to the instructions of
// each layer's direct calls into builtins (callgrind's call edges). The difference between the
// long and the short run divided by the difference in handled interrupts is the figure per
// layer: start-up, compilation and the snapshot are in both runs and cancel out.
//
// Error. TurboFan inlines small callees into their callers, so an inlined function's
// instructions count for the caller's file (the engine's dispatch loop does not inline the
// handlers it calls through the dispatch table, but a machine file inlines a metrics recorder);
// `--no-inlining` runs the same measurement with `--no-turbo-inlining`, which attributes each
// function's own instructions to its own file at the price of the extra calls (the total moves:
// both totals are printed). The builtins' split is proportional, not exact; their share is
// printed. The marginal itself repeats to ~0.01 % (instructions-per-irq.mjs).
//
//   node scripts/cost-budget.mjs [--workload FILE] [--short 40ms] [--long 120ms] [--set k=v]…
//                                [--no-inlining] [--root DIR] [--json] [--keep DIR]
//
// Needs a build (npm ci or npm run build) and valgrind; takes a few minutes (callgrind runs
// node about 50× slower).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const here = resolve(new URL('..', import.meta.url).pathname);

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'workloads/default-storm.yaml' },
    short: { type: 'string', default: '40ms' },
    long: { type: 'string', default: '120ms' },
    set: { type: 'string', multiple: true, default: [] },
    'no-inlining': { type: 'boolean', default: false },
    root: { type: 'string', default: here },
    json: { type: 'boolean', default: false },
    keep: { type: 'string' },
  },
  strict: true,
});

/**
 * Layers by source path (first match wins), relative to the build's dist/ folder or node_modules.
 * The machine's files are split by what they do on an interrupt's way (src/machine/machine.ts
 * lists them in that order).
 */
export const LAYERS = [
  ['PRNG', /src\/engine\/(rng|distributions)\.js|node_modules\/pure-rand\//],
  ['engine', /src\/engine\/|src\/events\.js|src\/machine\/machine\.js/],
  ['traffic', /src\/traffic\//],
  [
    'delivery',
    /src\/machine\/(peer-writes|switchtec-function|delivery|posted-msi-handler|ntb-msi-host|iec-miss-slots|trigger-slots|trigger-fates)\.js|src\/x86\/|src\/ntb\//,
  ],
  ['irq flow', /src\/machine\/(cpu-flow|irq-hierarchy)\.js|src\/irq\//],
  ['action/client', /src\/machine\/(irq-actions|tasklet-softirq|queue-table)\.js|src\/machine\/clients\//],
  ['metrics', /src\/metrics\/|node_modules\/hdr-histogram-js\//],
  ['other JS', /./],
];
const GC = 'V8 garbage collector';
const RUNTIME = 'V8 runtime (C++), other native';
const BUILTINS = 'V8 builtins';
const INTERPRETER = 'interpreter, baseline, unnamed JIT';
const ROW_ORDER = [...LAYERS.map(([n]) => n), INTERPRETER, GC, RUNTIME];

const GC_SYMBOL =
  /Heap|Scaveng|MarkCompact|Sweep|Evacuat|Marking|GCTracer|MemoryAllocator|MemoryChunk|PagedSpace|NewSpace|SemiSpace|RememberedSet|SlotSet|LargeObjectSpace|IncrementalMarking|ObjectVisitor|HeapVisitor|Compactor|MinorMC|ReadOnlySpace|^v8::internal::.*Allocat/;

function layerOfSource(source) {
  for (const [name, re] of LAYERS) if (re.test(source)) return name;
  return 'other JS';
}

/** The perf map as sorted arrays (start, end, line index, name), for address lookups. */
function readPerfMap(path) {
  const entries = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(lines[i]);
    if (m === null) continue;
    const start = parseInt(m[1], 16);
    entries.push({ start, end: start + parseInt(m[2], 16), order: i, name: m[3] });
  }
  entries.sort((a, b) => a.start - b.start);
  let maxSize = 0;
  for (const e of entries) maxSize = Math.max(maxSize, e.end - e.start);
  const starts = entries.map((e) => e.start);
  const cache = new Map();
  return (addr) => {
    const hit = cache.get(addr);
    if (hit !== undefined) return hit;
    let lo = 0;
    let hi = starts.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= addr) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let best = null;
    for (let i = at; i >= 0 && starts[i] >= addr - maxSize; i--) {
      const e = entries[i];
      if (addr < e.end && (best === null || e.order > best.order)) best = e;
    }
    const name = best === null ? null : best.name;
    cache.set(addr, name);
    return name;
  };
}

/** What a piece of code is: a layer row, or BUILTINS (charged to callers later). */
function classify(fnName, addr, lookup) {
  const mapped = lookup(addr);
  if (mapped !== null) {
    if (mapped.startsWith('Builtin:')) return BUILTINS;
    const src = /file:\/\/(\S+?):\d+:\d+$/.exec(mapped);
    if (src !== null && /^(JS|LazyCompile|Function):\*/.test(mapped)) return layerOfSource(src[1]);
    return INTERPRETER;
  }
  if (fnName.startsWith('Builtins_')) return BUILTINS;
  if (/^0x[0-9a-f]+$/.test(fnName)) return INTERPRETER;
  return GC_SYMBOL.test(fnName) ? GC : RUNTIME;
}

/**
 * Reads a callgrind output (uncompressed names and positions: positions "instr line", event Ir)
 * into self instructions per row, and the inclusive instructions of each row's direct calls
 * into builtins.
 */
async function readCallgrind(path, lookup) {
  const self = new Map();
  const callsIntoBuiltins = new Map();
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  let fn = '';
  let cfn = null;
  let inCall = false;
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) {
    const c = line.charCodeAt(0);
    if (c === 48 /* 0 */) {
      const sp1 = line.indexOf(' ');
      const sp2 = line.indexOf(' ', sp1 + 1);
      const addr = parseInt(line.slice(0, sp1), 16);
      const ir = Number(line.slice(sp2 + 1));
      if (inCall) {
        inCall = false;
        const from = classify(fn, addr, lookup);
        if (from !== BUILTINS && classify(cfn.name, cfn.addr, lookup) === BUILTINS) add(callsIntoBuiltins, from, ir);
      } else {
        add(self, classify(fn, addr, lookup), ir);
      }
    } else if (line.startsWith('fn=')) {
      fn = line.slice(3);
    } else if (line.startsWith('cfn=')) {
      cfn = { name: line.slice(4), addr: 0 };
    } else if (line.startsWith('calls=')) {
      const parts = line.split(' ');
      cfn.addr = parseInt(parts[1], 16);
      inCall = true;
    }
  }
  return { self, callsIntoBuiltins };
}

/** Per-row instructions with the builtins' self cost spread over the JS layers that call them. */
function attribute({ self, callsIntoBuiltins }) {
  const rows = new Map(ROW_ORDER.map((r) => [r, self.get(r) ?? 0]));
  const builtins = self.get(BUILTINS) ?? 0;
  let weight = 0;
  for (const [row, ir] of callsIntoBuiltins) if (rows.has(row)) weight += ir;
  for (const [row, ir] of callsIntoBuiltins) {
    if (rows.has(row) && weight > 0) rows.set(row, rows.get(row) + (builtins * ir) / weight);
  }
  let total = 0;
  for (const v of self.values()) total += v;
  return { rows, builtins, total };
}

function run(cmd, args, env) {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', rej);
    child.on('close', (code) => (code === 0 ? res({ stdout, stderr, pid: child.pid }) : rej(new Error(`${cmd} exited ${code}: ${stderr.slice(-1500)}`))));
  });
}

const root = resolve(values.root);
const { PREDICTABLE_NODE_FLAGS, PREDICTABLE_ENV, parseCaseMetrics } = await import(resolve(root, 'dist/src/gate/index.js')).then(
  async (m) => ({ ...m, PREDICTABLE_ENV: (await import(resolve(root, 'dist/src/gate/instructions.js'))).PREDICTABLE_ENV }),
);
const caseScript = resolve(root, 'dist/bench/cases/workload.js');
const workload = resolve(root, values.workload);
const work = values.keep === undefined ? mkdtempSync(join(tmpdir(), 'irqstorm-cost-budget-')) : resolve(values.keep);

/** One callgrind run at `duration`: rows of self instructions, the total and handled interrupts. */
async function measure(duration) {
  const out = join(work, `callgrind.${duration}.out`);
  const nodeFlags = [...PREDICTABLE_NODE_FLAGS, '--perf-basic-prof', ...(values['no-inlining'] ? ['--no-turbo-inlining'] : [])];
  const args = ['--workload', workload, ...values.set.flatMap((s) => ['--set', s]), '--set', `duration=${duration}`];
  const vg = ['--tool=callgrind', '--dump-instr=yes', '--compress-strings=no', '--compress-pos=no', `--callgrind-out-file=${out}`];
  const r = await run('valgrind', [...vg, process.execPath, ...nodeFlags, caseScript, ...args], PREDICTABLE_ENV);
  const mapPath = `/tmp/perf-${r.pid}.map`;
  if (!existsSync(mapPath)) throw new Error(`node wrote no ${mapPath} (--perf-basic-prof)`);
  const metrics = parseCaseMetrics(r.stdout, caseScript);
  const handled = metrics?.['fate.handled'];
  if (handled === undefined) throw new Error(`${caseScript}: printed no fate.handled metric`);
  const parsed = await readCallgrind(out, readPerfMap(mapPath));
  rmSync(mapPath, { force: true });
  if (values.keep === undefined) rmSync(out, { force: true });
  return { duration, handled, ...attribute(parsed) };
}

try {
  const short = await measure(values.short);
  const long = await measure(values.long);
  const dHandled = long.handled - short.handled;
  if (dHandled <= 0) throw new Error(`the ${values.long} run handled no more interrupts than the ${values.short} run`);
  const perIrq = Object.fromEntries(ROW_ORDER.map((r) => [r, (long.rows.get(r) - short.rows.get(r)) / dHandled]));
  const total = (long.total - short.total) / dHandled;
  const builtins = (long.builtins - short.builtins) / dHandled;
  if (values.json) {
    console.log(JSON.stringify({ workload: values.workload, set: values.set, inlining: !values['no-inlining'], handled: [short.handled, long.handled], total, builtins, perIrq }));
  } else {
    const fmt = (n) => Math.round(n).toLocaleString('en-US');
    console.log(`${values.workload}${values['no-inlining'] ? ' (--no-turbo-inlining)' : ''}: ${values.short} → ${values.long}, ${fmt(dHandled)} more handled`);
    console.log(`instructions per handled interrupt, marginal (builtins ${fmt(builtins)} spread over their JS callers):`);
    for (const r of ROW_ORDER) console.log(`  ${r.padEnd(36)} ${fmt(perIrq[r]).padStart(7)}  ${((100 * perIrq[r]) / total).toFixed(1).padStart(5)} %`);
    console.log(`  ${'total'.padEnd(36)} ${fmt(total).padStart(7)}`);
  }
  if (values.keep === undefined) rmSync(work, { recursive: true, force: true });
} catch (err) {
  console.error(`cost-budget: ${err.message}`);
  process.exit(1);
}

// The layer attribution behind scripts/cost-budget.mjs: V8's perf map (node --perf-basic-prof)
// for address lookups, callgrind's per-instruction output read into instructions per layer, and
// V8's builtins spread over the JS layers that call them. Pure functions of their inputs, so the
// tests can feed them a hand-written map and callgrind file.
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

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
export const GC = 'V8 garbage collector';
export const RUNTIME = 'V8 runtime (C++), other native';
export const BUILTINS = 'V8 builtins';
export const INTERPRETER = 'interpreter, baseline, unnamed JIT';
export const ROW_ORDER = [...LAYERS.map(([n]) => n), INTERPRETER, GC, RUNTIME];

const GC_SYMBOL =
  /Heap|Scaveng|MarkCompact|Sweep|Evacuat|Marking|GCTracer|MemoryAllocator|MemoryChunk|PagedSpace|NewSpace|SemiSpace|RememberedSet|SlotSet|LargeObjectSpace|IncrementalMarking|ObjectVisitor|HeapVisitor|Compactor|MinorMC|ReadOnlySpace|^v8::internal::.*Allocat/;

export function layerOfSource(source) {
  for (const [name, re] of LAYERS) if (re.test(source)) return name;
  return 'other JS';
}

/** The perf map as sorted arrays (start, end, line index, name), for address lookups. */
export function readPerfMap(path) {
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
export function classify(fnName, addr, lookup) {
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
 * The function a piece of code belongs to, for the per-function list: a JS function as
 * "name dir/file.js:line" (the last two parts of its path), anything else by its symbol.
 */
export function functionName(fnName, addr, lookup) {
  const mapped = lookup(addr);
  if (mapped === null) return fnName;
  const js = /^(?:JS|LazyCompile|Function):[*~^+-]?([^\s]*) ([^\s]+)$/.exec(mapped);
  if (js === null) return mapped;
  // "file:///…/dist/src/irq/x.js:10:3" → "irq/x.js:10"; optimized (*) and unoptimized code of
  // one function are one row.
  const parts = js[2].split(':');
  if (parts.length < 3) return mapped;
  const path = parts.slice(0, -2).join(':').split('/');
  return `${js[1] || '(anonymous)'} ${path.slice(-2).join('/')}:${parts[parts.length - 2]}`;
}

/**
 * Reads a callgrind output (uncompressed names and positions: positions "instr line", event Ir)
 * into self instructions per row, the inclusive instructions of each row's direct calls into
 * builtins, and self instructions per function (functionName()).
 */
export async function readCallgrind(path, lookup) {
  const self = new Map();
  const byFunction = new Map();
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
        add(byFunction, functionName(fn, addr, lookup), ir);
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
  return { self, callsIntoBuiltins, byFunction };
}

/** Per-row instructions with the builtins' self cost spread over the JS layers that call them. */
export function attribute({ self, callsIntoBuiltins, byFunction }) {
  const rows = new Map(ROW_ORDER.map((r) => [r, self.get(r) ?? 0]));
  const builtins = self.get(BUILTINS) ?? 0;
  let weight = 0;
  for (const [row, ir] of callsIntoBuiltins) if (rows.has(row)) weight += ir;
  for (const [row, ir] of callsIntoBuiltins) {
    if (rows.has(row) && weight > 0) rows.set(row, rows.get(row) + (builtins * ir) / weight);
  }
  let total = 0;
  for (const v of self.values()) total += v;
  return { rows, builtins, total, byFunction };
}


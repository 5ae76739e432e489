#!/usr/bin/env node
// Where a run allocates: V8's sampling heap profiler (node:inspector, every sampled allocation
// kept, also those a scavenge already collected) over one run of a workload, after a short
// warm-up run in the same process so compilation's own allocations are not counted. Prints the
// functions that allocated most (self), in MB. On the default storm the hot path allocates
// little below 2^31 ns and heap numbers past it (every time is a double there, boxed where it
// crosses a call V8 did not inline): compare `--set duration=500ms` with `--set duration=2600ms`.
// Inlined functions are charged as V8's stack walk reports them; sampling is statistical
// (one sample per ~4 KiB allocated).
//
//   node scripts/alloc-sites.mjs [--workload FILE] [--set k=v]… [--top 12]   (default --set duration=500ms)
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { dist, workloadConfig } from './built-workload.mjs';

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'workloads/default-storm.yaml' },
    set: { type: 'string', multiple: true, default: [] },
    top: { type: 'string', default: '12' },
  },
  strict: true,
});
const { runSimulation } = await dist('run.js');
const config = await workloadConfig(values.workload);

// The default length first, so a --set of another field keeps it and a --set duration wins.
const sets = ['duration=500ms', ...values.set];
runSimulation(config([...sets, 'duration=100ms'])); // warm-up: compile the hot path first
const cfg = config(sets);
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
runSimulation(cfg);
const { profile } = await session.post('HeapProfiler.stopSampling');

const bytes = new Map();
const stack = [profile.head];
let total = 0;
while (stack.length > 0) {
  const n = stack.pop();
  const f = n.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  if (n.selfSize > 0) bytes.set(key, (bytes.get(key) ?? 0) + n.selfSize);
  total += n.selfSize;
  stack.push(...n.children);
}
console.log(`${values.workload} ${sets.join(' ')}: ${(total / 1e6).toFixed(1)} MB allocated during the run (sampled)`);
for (const [fn, b] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
  console.log(`  ${(b / 1e6).toFixed(1).padStart(8)} MB  ${fn}`);
}

#!/usr/bin/env node
// Where a run's fixed cost goes, in one fresh process: importing the modules, reading the
// workload, building the machine, the run itself, closing the books, and the metrics snapshot
// taken twice on the same finished machine (the first is cold: V8 compiles the snapshot code and
// hdr-histogram-js's percentile code on first use; the second is the snapshot's own work).
// Each phase is timed as this process's CPU time (process.cpuUsage(): user + system, which a busy
// neighbour core inflates far less than wall time) and as wall time.
//
//   node scripts/startup-cost.mjs [--workload FILE] [--set k=v]… [--json] [--profile]
//
// --profile samples the first snapshot with V8's CPU profiler (node:inspector) and prints the
// functions it spent most time in (self time); it slows that phase, so its times are not the
// unprofiled ones.
//
// Default: the default storm at duration=20ms (a short run, so the fixed costs show).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const here = resolve(new URL('..', import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'workloads/default-storm.yaml' },
    set: { type: 'string', multiple: true, default: ['duration=20ms'] },
    json: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
  strict: true,
});

const phases = [];
let t = performance.now();
let cpu = process.cpuUsage();
const lap = (name) => {
  const now = performance.now();
  const used = process.cpuUsage(cpu);
  phases.push({ phase: name, cpuMs: (used.user + used.system) / 1e3, wallMs: now - t });
  t = now;
  cpu = process.cpuUsage();
};
const { Machine } = await import(resolve(here, 'dist/src/machine/machine.js'));
const { loadWorkload } = await import(resolve(here, 'dist/src/workload/load.js'));
const { toMachineConfig } = await import(resolve(here, 'dist/src/workload/to-machine-config.js'));
const { COST_NAMES } = await import(resolve(here, 'dist/src/machine/costs.js'));
lap('import modules');
const path = resolve(here, values.workload);
const config = toMachineConfig(loadWorkload(readFileSync(path, 'utf8'), path, values.set, { costNames: COST_NAMES }));
lap('read the workload');
const machine = new Machine(config, {});
lap('build the machine');
machine.runUntil(config.durationNs);
lap('run');
machine.finish();
lap('close the books');
let session = null;
if (values.profile) {
  const { Session } = await import('node:inspector/promises');
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  cpu = process.cpuUsage();
  t = performance.now();
}
machine.metrics.snapshot(config.durationNs);
lap('first snapshot (cold)');
const profile = session === null ? null : (await session.post('Profiler.stop')).profile;
machine.metrics.snapshot(config.durationNs);
lap('second snapshot (same machine, warm)');

/** Share of a CPU profile's samples per function (self), largest first; the profiler's own left out. */
function selfTimes(prof) {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const n = new Map();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const f = byId.get(prof.samples[i]).callFrame;
    if (f.url === '' && f.functionName !== '(garbage collector)') continue;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    n.set(key, (n.get(key) ?? 0) + 1);
    total++;
  }
  return [...n].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([fn, k]) => [fn, (100 * k) / total]);
}

if (values.json) {
  console.log(JSON.stringify({ workload: values.workload, set: values.set, phases, profile: profile === null ? null : selfTimes(profile) }));
} else {
  console.log(`${values.workload} ${values.set.join(' ')}`);
  console.log(`  ${'phase'.padEnd(38)} ${'CPU ms'.padStart(8)} ${'wall ms'.padStart(8)}`);
  for (const p of phases) console.log(`  ${p.phase.padEnd(38)} ${p.cpuMs.toFixed(1).padStart(8)} ${p.wallMs.toFixed(1).padStart(8)}`);
  if (profile !== null) {
    console.log('first snapshot, share of the profile\'s samples by function (self):');
    for (const [fn, pct] of selfTimes(profile)) console.log(`  ${pct.toFixed(1).padStart(6)} %  ${fn}`);
  }
}

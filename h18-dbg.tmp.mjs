import { Machine } from './dist/src/machine/machine.js';
import { loadWorkloadFile } from './dist/src/cli/workload-file.js';
const l = await loadWorkloadFile('workloads/default-storm.yaml', []);
const m = new Machine(l.machine, {});
const t0 = performance.now(); let t = 0; let last = 0; let lastEv = 0; const out = [];
while (performance.now() - t0 < 600) { t += 20000; m.runUntil(t); const now = performance.now(); if (now - last > 25) { const ev = m.counters().eventsDispatched; out.push(`${(now-t0).toFixed(0)}ms:${((ev-lastEv)/(now-last)/1000).toFixed(2)}M/s`); last = now; lastEv = ev; } }
console.log(out.join(' '));

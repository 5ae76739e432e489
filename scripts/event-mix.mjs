#!/usr/bin/env node
// The events a workload schedules per handled interrupt, by kind, and how many of them are
// zero-delay (scheduled at the current instant: what a FIFO lane beside the heap could take),
// and how many are next to fire (earlier than every event already pending when scheduled: what
// a one-slot lane, or running the step in the same dispatch, could take off the heap). It wraps
// the built engine's Simulator.prototype.schedule in this process to count, so it measures the
// model's event mix, not its speed.
//
//   node scripts/event-mix.mjs [--workload FILE] [--set k=v]…   (default --set duration=50ms)
import { parseArgs } from 'node:util';
import { dist, workloadConfig } from './built-workload.mjs';

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'workloads/default-storm.yaml' },
    set: { type: 'string', multiple: true, default: [] },
  },
  strict: true,
});
const { Simulator } = await dist('engine/simulator.js');
const { runSimulation } = await dist('run.js');
const config = await workloadConfig(values.workload);
const events = await dist('events.js');
const kindName = new Map(Object.entries(events).filter(([k, v]) => k.startsWith('EV_') && typeof v === 'number').map(([k, v]) => [v, k]));

const all = new Map();
const zero = new Map();
const next = new Map();
const bump = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);
const schedule = Simulator.prototype.schedule;
Simulator.prototype.schedule = function (atNs, kind, a0, a1, prio) {
  bump(all, kind);
  if (atNs === this.nowNs) bump(zero, kind);
  // peekTimeNs() settles the dispatched root first: the order of events does not change.
  if (atNs < this.peekTimeNs()) bump(next, kind);
  return schedule.call(this, atNs, kind, a0, a1, prio);
};

// The default length first, so a --set of another field keeps it and a --set duration wins.
const sets = ['duration=50ms', ...values.set];
const result = runSimulation(config(sets));
const handled = result.snapshot.summary.find((r) => r.scope === 'fate' && r.metric === 'handled').value;
let total = 0;
let totalZero = 0;
let totalNext = 0;
console.log(`${values.workload} ${sets.join(' ')}: ${handled.toLocaleString('en-US')} handled`);
console.log(`  ${'kind'.padEnd(26)} ${'scheduled'.padStart(10)} ${'per irq'.padStart(8)} ${'zero-delay'.padStart(10)} ${'next'.padStart(10)}`);
for (const [kind, n] of [...all].sort((a, b) => b[1] - a[1])) {
  total += n;
  totalZero += zero.get(kind) ?? 0;
  totalNext += next.get(kind) ?? 0;
  const cols = [String(n).padStart(10), (n / handled).toFixed(3).padStart(8), String(zero.get(kind) ?? 0).padStart(10), String(next.get(kind) ?? 0).padStart(10)];
  console.log(`  ${(kindName.get(kind) ?? String(kind)).padEnd(26)} ${cols.join(' ')}`);
}
console.log(`  ${'all'.padEnd(26)} ${String(total).padStart(10)} ${(total / handled).toFixed(3).padStart(8)} ${String(totalZero).padStart(10)} ${String(totalNext).padStart(10)}`);

/** The package entry point runs a workload end to end from its text, as a library user would. */
import { describe, expect, it } from 'vitest';
import { COST_NAMES, loadWorkload, runSimulation, toMachineConfig } from '../src/index.js';

describe('public API', () => {
  it('loads a workload from text and runs it, with every trigger accounted for', () => {
    const text = [
      'description: API smoke test',
      'duration: 2ms',
      'ntb: { device: idt }',
      'peers:',
      '  - { name: a, arrival: { type: periodic, rate: 1000000 }, itemWork: 100ns }',
    ].join('\n');
    const config = toMachineConfig(loadWorkload(text, 'api.yaml', [], { costNames: COST_NAMES }));
    const r = runSimulation(config);
    const triggered = r.snapshot.summary.find((s) => s.scope === 'fate' && s.metric === 'triggered' && s.id === 'all');
    // Periodic 1 MHz: arrivals at 1, 2, … 2000 µs. A trigger counts when its write lands (after
    // the link and the delivery, 830 ns later), so the one sent at 2000 µs is past the end: 1999.
    expect(triggered?.value).toBe(1999);
    expect(r.snapshot.identityViolations).toEqual([]);
  });
});

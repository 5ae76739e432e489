/**
 * Every plan of the sweep library (workloads/sweeps/) is valid as shipped: it parses, says what
 * it asks, and every point resolves against its base workload and builds (nothing is run here).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../src/experiment/plan.js';
import { resolvePoints } from '../src/experiment/points.js';
import { COST_NAMES } from '../src/machine/costs.js';
import { Machine } from '../src/machine/machine.js';
import { parseWorkloadText } from '../src/workload/parse.js';
import { toMachineConfig } from '../src/workload/to-machine-config.js';

const DIR = new URL('../workloads/sweeps/', import.meta.url).pathname;
const plans = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

describe('the sweep library', () => {
  it.each(plans)('%s is a valid plan whose points all build', async (name) => {
    const file = join(DIR, name);
    const plan = parsePlan(readFileSync(file, 'utf8'), file);
    expect(plan.description.length).toBeGreaterThan(80); // says what question it answers
    const basePath = join(dirname(file), plan.workload);
    const base = { file: basePath, raw: parseWorkloadText(readFileSync(basePath, 'utf8'), basePath) };
    const points = await resolvePoints(base, plan.axes, plan.points, plan.set, [], { costNames: COST_NAMES, readTrace: () => Promise.reject(new Error('no traces')) });
    expect(points.length).toBe(plan.points.length);
    expect(points.length).toBeGreaterThanOrEqual(4);
    for (const p of points) expect(() => new Machine(toMachineConfig(p.workload, p.traces))).not.toThrow();
    expect(new Set(points.map((p) => p.hash)).size).toBe(points.length); // no point repeats another
  });
});

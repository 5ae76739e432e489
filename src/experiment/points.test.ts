import { describe, expect, it } from 'vitest';
import { WorkloadError } from '../workload/errors.js';
import { parsePlan } from './plan.js';
import { resolvePoints, type BaseWorkload } from './points.js';

const BASE: BaseWorkload = {
  file: 'base.yaml',
  raw: {
    description: 'a base',
    duration: '1ms',
    machine: { cpus: 2 },
    ntb: { device: 'idt' },
    peers: [{ name: 'p', arrival: { type: 'poisson', rate: 1000 } }],
  },
};

const noTraces = { readTrace: async (): Promise<Float64Array> => new Float64Array(0) };

async function resolveText(axes: string, sets: string[] = []): Promise<string[] | number> {
  const plan = parsePlan(`description: d\nworkload: base.yaml\naxes:\n${axes}\n`, 'plan.yaml');
  try {
    return (await resolvePoints(BASE, plan.axes, plan.points, plan.set, sets, { ...noTraces, planFile: 'plan.yaml' })).length;
  } catch (err) {
    if (err instanceof WorkloadError) return err.format().split('\n');
    throw err;
  }
}

describe('resolvePoints', () => {
  it('applies each point\'s axis values to the base, and gives equal workloads equal hashes', async () => {
    const plan = parsePlan(`description: d\nworkload: base.yaml\naxes:\n  machine.remapping: ['off', posted, 'off']\n`, 'plan.yaml');
    const points = await resolvePoints(BASE, plan.axes, plan.points, [], ['duration=2ms'], noTraces);
    expect(points.map((p) => p.workload.machine.remapping)).toEqual(['off', 'posted', 'off']);
    expect(points.every((p) => p.workload.durationNs === 2_000_000)).toBe(true);
    expect(points.map((p) => p.label)).toEqual(['machine.remapping=off', 'machine.remapping=posted', 'machine.remapping=off']);
    expect(points[0].hash).toBe(points[2].hash);
    expect(points[0].hash).not.toBe(points[1].hash);
    expect(BASE.raw).toMatchObject({ machine: { cpus: 2 } }); // the base is never changed
  });

  it('reports an axis path the workload does not have once, against the plan', async () => {
    expect(await resolveText("  machine.remaping: ['off', posted]\n  'peers[0].arival.rate': [1, 2]")).toEqual([
      'plan.yaml: axes["machine.remaping"]: not a field of base.yaml: machine.remaping: unknown key; did you mean "remapping"?',
      'plan.yaml: axes["peers[0].arival.rate"]: not a field of base.yaml: peers[0].arival: unknown key; did you mean "arrival"?',
    ]);
    expect(await resolveText("  'peers[3].queues': [1, 2]")).toEqual([
      'plan.yaml: axes["peers[3].queues"]: not a field of base.yaml: index 3 is out of range for peers: it has 1 item (indices 0…0)',
    ]);
  });

  it('reports a value the schema rejects per point, with the point\'s axis values and where the value came from', async () => {
    expect(await resolveText("  'peers[0].arrival.rate': [1000, -5, 0]\n  machine.cpus: [2]")).toEqual([
      'point 1 (peers[0].arrival.rate=-5, machine.cpus=2): base.yaml: peers[0].arrival.rate: must be greater than 0, got -5 (value from axis peers[0].arrival.rate)',
      'point 2 (peers[0].arrival.rate=0, machine.cpus=2): base.yaml: peers[0].arrival.rate: must be greater than 0, got 0 (value from axis peers[0].arrival.rate)',
    ]);
  });

  it('reports a problem of the base or of --set once, not per point', async () => {
    expect(await resolveText("  machine.remapping: ['off', posted]", ['duration=0'])).toEqual([
      'base.yaml: duration: must be at least 1us, got 0 (value from --set duration=0)',
    ]);
  });
});

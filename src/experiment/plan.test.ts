import { describe, expect, it } from 'vitest';
import { WorkloadError } from '../workload/errors.js';
import { rangeValues } from './axis-values.js';
import { cartesianPoints, parsePlan } from './plan.js';

function problems(text: string, file = 'plan.yaml'): string[] {
  try {
    parsePlan(text, file);
  } catch (err) {
    if (err instanceof WorkloadError) return err.format().split('\n');
    throw err;
  }
  return [];
}

const HEAD = 'description: a plan\nworkload: ../default-storm.yaml\n';

describe('parsePlan', () => {
  it('expands the axes into their Cartesian product, first axis slowest', () => {
    const plan = parsePlan(`${HEAD}axes:\n  machine.remapping: ['off', remapped]\n  'peers[0].arrival.rate': [1e5, 2e5, 4e5]\nseeds: 3\n`, 'plan.yaml');
    expect(plan.name).toBe('plan');
    expect(plan.axes.map((a) => a.path)).toEqual(['machine.remapping', 'peers[0].arrival.rate']);
    expect(plan.points.map((p) => p.values)).toEqual([
      ['off', 100000],
      ['off', 200000],
      ['off', 400000],
      ['remapped', 100000],
      ['remapped', 200000],
      ['remapped', 400000],
    ]);
    expect(plan.seeds).toBe(3);
    expect(plan.metrics.map((m) => m.text)).toContain('run/handled_rate'); // the default metrics
  });

  it('takes an explicit list of points, its axes being the fields the points set', () => {
    const plan = parsePlan(`${HEAD}points:\n  - { a.b: 1, c: x }\n  - { a.b: 2, c: y }\n`, 'p.json'.replace('json', 'yaml'));
    expect(plan.axes).toEqual([
      { path: 'a.b', values: [1, 2] },
      { path: 'c', values: ['x', 'y'] },
    ]);
    expect(plan.points.map((p) => p.values)).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
  });

  it('reports every problem at once, each with the file, the field path and what was expected', () => {
    const text = `${HEAD}axes:
  'peers[0].arrival.rate': { from: 1e5, to: 4e5, step: 0 }
  ntb.design: []
seeds: [1, 1]
metrics: [run/handled_rat, stage/end2end/p99_ns, peer/db, nope/x]
`;
    expect(problems(text)).toEqual([
      'plan.yaml: axes["peers[0].arrival.rate"].step: must be greater than 0, got 0',
      'plan.yaml: axes["ntb.design"]: no values: the product of the axes would be empty',
      'plan.yaml: seeds: seeds must be distinct, got [1,1]',
      'plan.yaml: metrics[0]: unknown run metric "handled_rat"; did you mean "handled_rate"?',
      'plan.yaml: metrics[1]: unknown stage "end2end"; did you mean "end_to_end"?',
      "plan.yaml: metrics[2]: expected peer/<id or *>/<metric> (3 parts separated by '/'), got \"peer/db\"",
      'plan.yaml: metrics[3]: unknown scope "nope"; expected one of run, fate, stage, cpu, peer, machine',
    ]);
  });

  it('says what is missing or misspelt at the top level', () => {
    expect(problems('description: x\nworkload: w.yaml\naxis: {}\n')).toEqual([
      'plan.yaml: axis: unknown key; did you mean "axes"?',
      'plan.yaml: give exactly one of axes (their product is the points) or points (an explicit list)',
    ]);
    expect(problems('workload: w.yaml\naxes: { a: [1] }\n')).toEqual(['plan.yaml: description: missing required field (expected a string)']);
  });

  it('refuses an empty product, points that set different fields, seeds as an axis, and plots of unknown axes or metrics', () => {
    expect(problems(`${HEAD}axes: {}\n`)).toEqual(['plan.yaml: axes: no axes: the product is empty; name at least one field to vary']);
    expect(problems(`${HEAD}points: []\n`)).toEqual(['plan.yaml: points: no points: the list is empty']);
    expect(problems(`${HEAD}points:\n  - { a: 1 }\n  - { b: 2 }\n`)).toEqual(['plan.yaml: points[1]: every point must set the same fields as points[0] (a), got b']);
    expect(problems(`${HEAD}axes: { seed: [1, 2] }\n`)).toEqual(['plan.yaml: axes.seed: seeds are not an axis: use seeds (or --seeds), so statistics are taken across them']);
    expect(problems(`${HEAD}axes: { 'peers[x]': [1] }\n`)).toEqual([
      'plan.yaml: axes["peers[x]"]: malformed path "peers[x]": expected \'.\', \'[index]\' or the end of the path at character 6, got "["',
    ]);
    expect(problems(`${HEAD}axes: { a: [1, 2], b: [x] }\nplots:\n  - { x: c, y: run/handled_rate, series: a }\n  - { x: a, y: run/lost_rate, series: a }\n`)).toEqual([
      'plan.yaml: plots[0].x: not an axis of this plan; expected one of a, b',
      'plan.yaml: plots[1].series: must be another axis than x',
    ]);
    expect(problems(`${HEAD}axes: { a: [1] }\nmetrics: [run/lost_rate]\nplots:\n  - { x: a, y: run/handled_rate }\n`)).toEqual([
      "plan.yaml: plots[0].y: not one of the plan's metrics; expected one of run/lost_rate",
    ]);
  });

  it('refuses a plan whose runs would pass the limit before expanding it', () => {
    const text = `${HEAD}axes:\n  a: { from: 1, to: 1000, step: 1 }\n  b: { from: 1, to: 1000, step: 1 }\nseeds: 5\n`;
    expect(problems(text)).toEqual(['plan.yaml: axes: the axes give 5000000 runs (points × seeds), more than the 1000000 a plan may have']);
  });
});

describe('axis ranges', () => {
  it('steps linearly, including the end when a step lands on it (despite rounding)', () => {
    expect(rangeValues({ from: 0.1, to: 0.7, step: 0.2, scale: 'linear' })).toEqual([0.1, 0.3, 0.5, 0.7]);
    expect(rangeValues({ from: 1e5, to: 3.5e5, step: 1e5, scale: 'linear' })).toEqual([100000, 200000, 300000]);
  });

  it('spaces points evenly on a linear or a log scale, ends exact', () => {
    expect(rangeValues({ from: 0, to: 1, points: 5, scale: 'linear' })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(rangeValues({ from: 1e4, to: 1e6, points: 5, scale: 'log' })).toEqual([10000, 31622.7766017, 100000, 316227.766017, 1000000]);
  });

  it('refuses a range with both or neither of step and points, a log scale through 0, a falling step', () => {
    expect(problems(`${HEAD}axes: { a: { from: 1, to: 2 } }\n`)).toEqual([
      'plan.yaml: axes.a: give exactly one of step (linear: from, from+step, … up to to) or points (that many values from from to to)',
    ]);
    expect(problems(`${HEAD}axes: { a: { from: 0, to: 2, points: 3, scale: log } }\n`)).toEqual(['plan.yaml: axes.a: a log scale needs from and to greater than 0, got from 0, to 2']);
    expect(problems(`${HEAD}axes: { a: { from: 5, to: 2, step: 1 } }\n`)).toEqual(['plan.yaml: axes.a.to: must be at least from (5) for a rising step, got 2']);
  });
});

describe('cartesianPoints', () => {
  it('has the product of the axes sizes, indexed in order', () => {
    const pts = cartesianPoints([
      { path: 'a', values: [1, 2] },
      { path: 'b', values: ['x', 'y', 'z'] },
    ]);
    expect(pts).toHaveLength(6);
    expect(pts.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pts[4].values).toEqual([2, 'y']);
  });
});

// Tests for the cost budget's attribution (scripts/callgrind-layers.mjs): a hand-written V8 perf
// map and callgrind file, with the instructions per layer worked out by hand.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the scripts folder, without type declarations
import { BUILTINS, GC, INTERPRETER, RUNTIME, attribute, layerOfSource, readCallgrind, readPerfMap } from '../scripts/callgrind-layers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'irqstorm-cost-budget-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Sizes are hex, as V8 writes them. The fourth entry reuses the first's start: V8 freed that
// code and put new code there, so the later line owns [0x1000, 0x1080).
const MAP = [
  '1000 100 JS:*handleEdgeIrq file:///x/dist/src/irq/handle-edge-irq.js:10:3',
  '2000 100 JS:*record file:///x/dist/src/metrics/latency-histogram-set.js:5:1',
  '3000 50 Builtin:KeyedLoadIC',
  '1000 80 JS:*run file:///x/dist/src/engine/simulator.js:1:1',
  '4000 10 JS:~cold file:///x/dist/src/run.js:1:1',
].join('\n');

// Self lines "address line Ir"; a calls= line's next line is the call's inclusive cost at the caller's address.
const CALLGRIND = [
  'events: Ir',
  'fn=0x0000000000001000',
  '0x1000 0 5',
  '0x1090 0 7',
  'cfn=Builtins_KeyedLoadIC',
  'calls=1 0x3000 0',
  '0x1004 0 20',
  'fn=0x0000000000002000',
  '0x2000 0 11',
  'cfn=Builtins_KeyedLoadIC',
  'calls=2 0x3000 0',
  '0x2008 0 60',
  'fn=Builtins_KeyedLoadIC',
  '0x3000 0 40',
  'fn=v8::internal::Heap::Scavenge()',
  '0x5000 0 9',
  'fn=node::SomethingElse()',
  '0x6000 0 3',
  'fn=0x0000000000004000',
  '0x4000 0 2',
  '',
].join('\n');

describe('layerOfSource', () => {
  it('maps source files to layers, the PRNG before the rest of the engine', () => {
    expect(layerOfSource('/x/dist/src/engine/rng.js')).toBe('PRNG');
    expect(layerOfSource('/x/dist/src/engine/binary-heap-queue.js')).toBe('engine');
    expect(layerOfSource('/x/dist/src/machine/machine.js')).toBe('engine');
    expect(layerOfSource('/x/dist/src/machine/delivery.js')).toBe('delivery');
    expect(layerOfSource('/x/dist/src/machine/cpu-flow.js')).toBe('irq flow');
    expect(layerOfSource('/x/dist/src/machine/clients/ring.js')).toBe('action/client');
    expect(layerOfSource('/x/node_modules/hdr-histogram-js/dist/JsHistogram.js')).toBe('metrics');
    expect(layerOfSource('/x/dist/src/report/csv.js')).toBe('other JS');
  });
});

describe('readCallgrind + attribute', () => {
  it('charges each instruction to the code the map says is there, and spreads builtins over their callers', async () => {
    writeFileSync(join(dir, 'perf.map'), MAP);
    writeFileSync(join(dir, 'callgrind.out'), CALLGRIND);
    const parsed = await readCallgrind(join(dir, 'callgrind.out'), readPerfMap(join(dir, 'perf.map')));
    // Self: 0x1000 is the engine's (the later map line), 0x1090 still handleEdgeIrq's.
    expect(Object.fromEntries(parsed.self)).toEqual({ engine: 5, 'irq flow': 7, metrics: 11, [BUILTINS]: 40, [GC]: 9, [RUNTIME]: 3, [INTERPRETER]: 2 });
    expect(Object.fromEntries(parsed.callsIntoBuiltins)).toEqual({ engine: 20, metrics: 60 });
    // Per function (cost-budget --functions): JS by name and path from dist/ on, optimized (*) and
    // unoptimized (~) code alike, the rest by its map name or symbol; builtins not spread.
    expect(Object.fromEntries(parsed.byFunction)).toEqual({
      'run engine/simulator.js:1': 5,
      'handleEdgeIrq irq/handle-edge-irq.js:10': 7,
      'record metrics/latency-histogram-set.js:5': 11,
      'Builtin:KeyedLoadIC': 40,
      'v8::internal::Heap::Scavenge()': 9,
      'node::SomethingElse()': 3,
      'cold src/run.js:1': 2,
    });
    const { rows, builtins, total } = attribute(parsed);
    // The builtins' 40 go 20:60 to engine and metrics: +10 and +30.
    expect(builtins).toBe(40);
    expect(total).toBe(77);
    expect(rows.get('engine')).toBe(15);
    expect(rows.get('metrics')).toBe(41);
    expect(rows.get('irq flow')).toBe(7);
    expect(rows.get('delivery')).toBe(0);
    let sum = 0;
    for (const v of rows.values()) sum += v;
    expect(sum).toBe(total);
  });
});

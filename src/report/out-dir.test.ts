import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutDirError, canonicalJson, configHash, containedPath, runDirName, runDirectory } from './out-dir.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'irqstorm-out-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('run directory naming', () => {
  it('is <workload>-<seed>-<10 hex digits>, independent of key order', () => {
    const a = runDirName('storm-msi', 7, { machine: { cpus: 4, remapping: 'off' }, seed: 7 });
    const b = runDirName('storm-msi', 7, { seed: 7, machine: { remapping: 'off', cpus: 4 } });
    expect(a).toMatch(/^storm-msi-7-[0-9a-f]{10}$/);
    expect(b).toBe(a);
    expect(runDirName('storm-msi', 7, { seed: 7, machine: { remapping: 'on', cpus: 4 } })).not.toBe(a);
  });

  it('sorts keys at every level but keeps array order', () => {
    expect(canonicalJson({ b: [2, 1], a: { d: 1, c: null } })).toBe('{"a":{"c":null,"d":1},"b":[2,1]}');
    expect(configHash([1, 2])).not.toBe(configHash([2, 1]));
  });

  it('makes a hostile workload name harmless', () => {
    expect(runDirName('../../etc/x y', 1, {})).toMatch(/^_.._etc_x_y-1-/);
    expect(() => runDirName('...', 1, {})).toThrow(OutDirError);
    expect(() => runDirName('w', -1, {})).toThrow(/seed must be an integer >= 0, got -1/);
  });
});

describe('containedPath', () => {
  it('accepts paths inside the root, and the root itself', () => {
    expect(containedPath(root, 'runs/a')).toBe(join(root, 'runs', 'a'));
    expect(containedPath(root, '.')).toBe(root);
    expect(containedPath(root, join(root, 'x'))).toBe(join(root, 'x'));
    expect(runDirectory(root, 'w', 1, {})).toBe(join(root, runDirName('w', 1, {})));
  });

  it('refuses a .. escape', () => {
    expect(() => containedPath(root, '../elsewhere', '--out')).toThrow(OutDirError);
    expect(() => containedPath(root, 'a/../../elsewhere', '--out')).toThrow(/--out "a\/..\/..\/elsewhere" resolves to .*, outside /);
  });

  it('refuses an absolute path outside the root', () => {
    expect(() => containedPath(join(root, 'inner'), root)).toThrow(/outside/);
    expect(() => containedPath(root, '/etc')).toThrow(OutDirError);
  });

  it('refuses a symbolic link that leads out, even to a directory not created yet', () => {
    const inside = join(root, 'inside');
    const outside = join(root, 'outside');
    mkdirSync(inside);
    mkdirSync(outside);
    symlinkSync(outside, join(inside, 'link'));
    expect(() => containedPath(inside, 'link/run-1')).toThrow(/through a symbolic link/);
    // A link that stays inside is fine.
    mkdirSync(join(inside, 'real'));
    symlinkSync(join(inside, 'real'), join(inside, 'ok'));
    expect(containedPath(inside, 'ok/run-1')).toBe(join(inside, 'ok', 'run-1'));
  });
});

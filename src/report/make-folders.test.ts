import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolders } from './make-folders.js';

describe('makeFolders', () => {
  it('creates every missing level, and is a no-op where the folder exists', () => {
    const root = mkdtempSync(join(tmpdir(), 'irqstorm-mkdir-'));
    const deep = join(root, 'a', 'b', 'c');
    makeFolders(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeFolders(deep);
    makeFolders(root);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('fails with ENOTDIR where a file is in the way, at any level', () => {
    const root = mkdtempSync(join(tmpdir(), 'irqstorm-mkdir-'));
    const file = join(root, 'f');
    writeFileSync(file, 'x');
    expect(() => makeFolders(file)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => makeFolders(join(file, 'sub', 'deeper'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('returns the error at once where the parent exists but refuses folders (Linux /proc)', () => {
    expect(() => makeFolders('/proc/self/irqstorm-x/y')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

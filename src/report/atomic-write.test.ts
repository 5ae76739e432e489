import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUN_JSON, writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
import { writeRunDirectory } from './run-folder.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'irqstorm-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes text, bytes and chunked content', async () => {
    await writeFileAtomic(join(dir, 'a.txt'), 'hello\n');
    await writeFileAtomic(join(dir, 'b.bin'), new Uint8Array([1, 2, 3]));
    await writeFileAtomic(join(dir, 'c.txt'), async (write) => {
      await write('one,');
      await write('two\n');
    });
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('hello\n');
    expect([...(await readFile(join(dir, 'b.bin')))]).toEqual([1, 2, 3]);
    expect(await readFile(join(dir, 'c.txt'), 'utf8')).toBe('one,two\n');
    expect((await readdir(dir)).sort()).toEqual(['a.txt', 'b.bin', 'c.txt']); // no temp files left
  });

  it('leaves no file and no temp file when the writer throws mid-way', async () => {
    const target = join(dir, 'partial.csv');
    await expect(
      writeFileAtomic(target, async (write) => {
        await write('header\nrow 1\n');
        throw new Error('disk on fire');
      }),
    ).rejects.toThrow('disk on fire');
    expect(existsSync(target)).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the previous file whole when a rewrite fails', async () => {
    const target = join(dir, 'keep.csv');
    await writeFile(target, 'old complete content\n');
    await expect(
      writeFileAtomic(target, async (write) => {
        await write('new but');
        throw new Error('interrupted');
      }),
    ).rejects.toThrow('interrupted');
    expect(await readFile(target, 'utf8')).toBe('old complete content\n');
    expect(await readdir(dir)).toEqual(['keep.csv']);
  });
});

describe('writeRunDirectory', () => {
  it('writes every file, then run.json', async () => {
    const runDir = join(dir, 'runs', 'w-1-abc');
    await writeRunDirectory(
      runDir,
      [
        { name: 'summary.csv', content: 'a\n1\n' },
        { name: 'cpus.csv', content: 'b\n2\n' },
      ],
      { seed: 1 },
    );
    expect((await readdir(runDir)).sort()).toEqual(['cpus.csv', RUN_JSON, 'summary.csv']);
    expect(await readFile(join(runDir, RUN_JSON), 'utf8')).toBe('{\n  "seed": 1\n}\n');
  });

  it('leaves no run.json (not even an old one) when a file fails', async () => {
    const runDir = join(dir, 'run');
    await writeRunDirectory(runDir, [{ name: 'summary.csv', content: 'old\n' }], { seed: 1 });
    let runJsonSeenDuringWrite = true;
    await expect(
      writeRunDirectory(
        runDir,
        [
          { name: 'summary.csv', content: 'new\n' },
          {
            name: 'series.csv',
            content: async (write) => {
              runJsonSeenDuringWrite = existsSync(join(runDir, RUN_JSON));
              await write('interval_start_ns\n');
              throw new Error('killed');
            },
          },
        ],
        { seed: 1 },
      ),
    ).rejects.toThrow('killed');
    expect(runJsonSeenDuringWrite).toBe(false);
    expect((await readdir(runDir)).sort()).toEqual(['summary.csv']);
  });

  it('refuses file names with a directory part, duplicates and run.json', async () => {
    await expect(writeRunDirectory(dir, [{ name: '../x.csv', content: '' }], {})).rejects.toThrow(
      /plain file name without a directory part, got "..\/x.csv"/,
    );
    await expect(
      writeRunDirectory(
        dir,
        [
          { name: 'a.csv', content: '' },
          { name: 'a.csv', content: '' },
        ],
        {},
      ),
    ).rejects.toThrow(/"a.csv" is listed twice/);
    await expect(writeRunDirectory(dir, [{ name: RUN_JSON, content: '' }], {})).rejects.toThrow(/pass it as runJson/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('writeFileAtomicSync', () => {
  it('replaces a file whole and leaves no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-sync-'));
    const path = join(dir, 'sub', 'baseline.json');
    writeFileAtomicSync(path, 'one\n');
    writeFileAtomicSync(path, 'two\n');
    expect(readFileSync(path, 'utf8')).toBe('two\n');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['baseline.json']);
  });
});

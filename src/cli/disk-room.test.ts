import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkDiskRoom } from './disk-room.js';
import { EXIT_BAD_INPUT } from './exit-codes.js';

describe('checkDiskRoom', () => {
  it('lets a trace that fits go on and refuses one larger than the free space, naming both', () => {
    const dir = tmpdir();
    const fs = statfsSync(dir);
    const free = fs.bavail * fs.bsize;
    expect(() => checkDiskRoom(dir, 0)).not.toThrow();
    expect(() => checkDiskRoom(dir, 1)).not.toThrow();
    // Twice the free space (plus a GiB, so a file system freeing space meanwhile cannot fit it).
    const tooBig = 2 * free + 2 ** 30;
    let caught: unknown;
    try {
      checkDiskRoom(dir, tooBig);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ exitCode: EXIT_BAD_INPUT });
    expect((caught as Error).message).toMatch(
      new RegExp(`^--out: trace\\.csv would take about ${(tooBig / 2 ** 30).toFixed(1)} GiB, more than the [0-9.]+ GiB free in ${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}; drop --trace, shorten duration or pick another --out$`),
    );
  });

  it('names the timeline files and the window to use when they are what does not fit', () => {
    const dir = tmpdir();
    const fs = statfsSync(dir);
    const tooBig = 2 * fs.bavail * fs.bsize + 2 ** 30;
    expect(() => checkDiskRoom(dir, tooBig, 'timeline.json and trace.txt', 'keep a shorter window (--timeline-from 0ns --timeline-to 1ms)')).toThrow(
      /^--out: timeline\.json and trace\.txt would take about [0-9.]+ GiB, more than the [0-9.]+ GiB free in .*; keep a shorter window \(--timeline-from 0ns --timeline-to 1ms\)$/,
    );
  });
});

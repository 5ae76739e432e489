import { describe, expect, it } from 'vitest';
import { SWITCHTEC_SPAD_COUNT, Scratchpads } from './scratchpads.js';

const EINVAL = 22;

describe('Scratchpads', () => {
  it('keeps each side in its own memory: a local write is read back locally, the peer reads it across', () => {
    const s = new Scratchpads();
    expect(s.write(0, 2, 0xdead_beef)).toBe(0);
    expect(s.read(0, 2)).toBe(0xdead_beef);
    expect(s.read(1, 2)).toBe(0); // side 1's own spad 2 is untouched
    expect(s.peerRead(1, 2)).toBe(0xdead_beef);
    expect(s.localWrites[0]).toBe(1);
    expect(s.peerReads[1]).toBe(1);
    expect(s.peerReads[0]).toBe(0);
  });

  it('counts every peer read, the non-posted access the caller charges', () => {
    const s = new Scratchpads();
    for (let i = 0; i < 5; i++) s.peerRead(0, i);
    expect(s.peerReads[0]).toBe(5);
  });

  it("peerWrite lands in the other side's memory", () => {
    const s = new Scratchpads();
    expect(s.peerWrite(1, 127, 42)).toBe(0);
    expect(s.read(0, 127)).toBe(42);
    expect(s.peerWrites[1]).toBe(1);
  });

  it('handles bad indices as the driver: writes -EINVAL, reads 0, nothing counted', () => {
    const s = new Scratchpads();
    expect(SWITCHTEC_SPAD_COUNT).toBe(128);
    expect(s.write(0, 128, 1)).toBe(-EINVAL);
    expect(s.write(0, -1, 1)).toBe(-EINVAL);
    expect(s.write(0, 1.5, 1)).toBe(-EINVAL);
    expect(s.peerWrite(0, 128, 1)).toBe(-EINVAL);
    expect(s.read(0, 128)).toBe(0);
    expect(s.peerRead(0, 200)).toBe(0);
    expect(s.localWrites[0] + s.peerReads[0] + s.peerWrites[0]).toBe(0);
  });

  it('stores u32 values', () => {
    const s = new Scratchpads(4);
    s.write(1, 3, -1);
    expect(s.read(1, 3)).toBe(0xffffffff);
    expect(() => new Scratchpads(0)).toThrow(/count must be an integer >= 1, got 0/);
  });
});

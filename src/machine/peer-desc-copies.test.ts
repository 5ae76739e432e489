import { describe, expect, it } from 'vitest';
import { PeerDescCopies } from './peer-desc-copies.js';

describe('PeerDescCopies', () => {
  it('keeps the copy before the last refresh for writes made before it', () => {
    const c = new PeerDescCopies(2);
    c.publish(1, 0x40, 0x21);
    expect([c.offset[1], c.data[1], c.version[1], c.hostVersion[1]]).toEqual([0x40, 0x21, 1, 1]);
    expect(c.usedPrevious(1, 0)).toBe(false);
    // The host republishes (version 2); the peer re-reads at 5000.
    c.hostVersion[1]++;
    c.refresh(1, 0x80, 0x22, 5000);
    expect([c.offset[1], c.data[1], c.version[1]]).toEqual([0x80, 0x22, 2]);
    expect([c.prevOffset[1], c.prevData[1], c.prevVersion[1]]).toEqual([0x40, 0x21, 1]);
    // A write made at 4999 left the peer before the refresh: it used the old copy.
    expect(c.usedPrevious(1, 4999)).toBe(true);
    expect(c.usedPrevious(1, 5000)).toBe(false);
    // Queue 0 was never published.
    expect(c.version[0]).toBe(0);
  });
});

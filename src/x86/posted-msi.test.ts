import { describe, expect, it } from 'vitest';
import { POSTED_NOTIFY, POSTED_PIR_MERGED, PostedMsiDescriptors } from './posted-msi.js';

describe('PostedMsiDescriptors', () => {
  it('only the first post while ON is clear notifies; later ones coalesce', () => {
    const p = new PostedMsiDescriptors(2);
    expect(p.post(0, 0x30)).toBe(POSTED_NOTIFY);
    expect(p.post(0, 0x31)).toBe(0); // ON set: no second notification
    expect(p.post(1, 0x30)).toBe(POSTED_NOTIFY); // other CPU, own descriptor
    expect(p.notifications[0]).toBe(1);
    expect(p.posts[0]).toBe(2);
  });

  it('a post to a vector already in the PIR merges into it', () => {
    const p = new PostedMsiDescriptors(1);
    p.post(0, 0x40);
    expect(p.post(0, 0x40)).toBe(POSTED_PIR_MERGED);
    expect(p.mergedPir[0]).toBe(1);
    // After clearOn but before the last harvest, a merge can also notify.
    p.clearOn(0);
    expect(p.post(0, 0x40)).toBe(POSTED_NOTIFY | POSTED_PIR_MERGED);
  });

  it('takePir returns pending vectors in ascending order and clears them', () => {
    const p = new PostedMsiDescriptors(1);
    const out = new Int32Array(224);
    for (const v of [0xa0, 0x21, 0x5f, 0x60]) p.post(0, v);
    expect(p.takePir(0, out)).toBe(4);
    expect(Array.from(out.subarray(0, 4))).toEqual([0x21, 0x5f, 0x60, 0xa0]);
    expect(p.pirPending(0)).toBe(false);
    expect(p.takePir(0, out)).toBe(0); // an empty pass: the demux loop stops
    expect(p.on[0]).toBe(1); // harvesting does not clear ON; pi_clear_on does
    p.clearOn(0);
    expect(p.on[0]).toBe(0);
  });

  it('bits outside [0x20, 0xeb) are cleared but not dispatched', () => {
    const p = new PostedMsiDescriptors(1);
    const out = new Int32Array(224);
    p.post(0, 0x10);
    p.post(0, 0xeb);
    p.post(0, 0xea);
    expect(p.takePir(0, out)).toBe(1);
    expect(out[0]).toBe(0xea);
    expect(p.droppedPirBits).toBe(2);
    expect(p.isPirSet(0, 0x10)).toBe(false);
  });
});

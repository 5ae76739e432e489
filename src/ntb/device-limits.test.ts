import { describe, expect, it } from 'vitest';
import { NTB_DEVICE_LIMITS, checkPeerCount } from './device-limits.js';

describe('NTB device limits', () => {
  it("rejects a second Switchtec peer with the limit and the driver's reason", () => {
    expect(() => checkPeerCount('switchtec', 1)).not.toThrow();
    expect(() => checkPeerCount('switchtec', 2)).toThrow(
      /switchtec supports at most 1 peer, got 2 \(drivers\/ntb\/hw\/mscc\/ntb_hw_switchtec\.c: .*pidx != NTB_DEF_PEER_IDX/,
    );
  });

  it('allows up to 8 IDT peers (IDT_MAX_NR_PEERS) and names the constant past that', () => {
    expect(() => checkPeerCount('idt', 8)).not.toThrow();
    expect(() => checkPeerCount('idt', 9)).toThrow(/idt supports at most 8 peers, got 9 .*IDT_MAX_NR_PEERS = 8/);
  });

  it('labels the many-peer storm device as hypothetical', () => {
    expect(() => checkPeerCount('storm', 4096)).not.toThrow();
    expect(() => checkPeerCount('storm', 4097)).toThrow(/storm supports at most 4096 peers, got 4097 \(hypothetical/);
    expect(NTB_DEVICE_LIMITS.storm.realHardware).toBe(false);
  });

  it('rejects peer counts that are not whole numbers >= 1, and unknown devices', () => {
    expect(() => checkPeerCount('idt', 0)).toThrow(/idt needs a whole number of peers >= 1, got 0/);
    expect(() => checkPeerCount('idt', 2.5)).toThrow(/got 2.5/);
    // @ts-expect-error an unknown kind from an unchecked config
    expect(() => checkPeerCount('intel', 1)).toThrow(/unknown NTB device kind 'intel'/);
  });

  it('keeps dbBits equal to the popcount of dbValidMask', () => {
    for (const kind of ['switchtec', 'idt', 'storm'] as const) {
      const l = NTB_DEVICE_LIMITS[kind];
      let n = 0;
      for (let b = 0; b < 32; b++) if ((l.dbValidMask >>> b) & 1) n++;
      expect(n).toBe(l.dbBits);
    }
    // Switchtec: 28 doorbells and 128 scratchpads; IDT: 32 doorbells and none.
    expect([NTB_DEVICE_LIMITS.switchtec.dbBits, NTB_DEVICE_LIMITS.switchtec.scratchpads]).toEqual([28, 128]);
    expect([NTB_DEVICE_LIMITS.idt.dbBits, NTB_DEVICE_LIMITS.idt.scratchpads]).toEqual([32, 0]);
  });
});

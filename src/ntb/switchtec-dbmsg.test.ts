import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MSG_DELIVERED,
  MSG_DROPPED,
  MSG_OVERWRITTEN,
  OMSG_STATUS_FAIL,
  SWITCHTEC_DB_VALID_MASK,
  SwitchtecDbMsg,
  transmitMsg,
  type MsgOverflowPolicy,
} from './switchtec-dbmsg.js';

const DB_VEC = 1; // MSI-X index of the doorbell vector
const MSG_VEC = 2; // MSI-X index of the message vector
const EINVAL = 22;

function host(partition = 0, peerPartition = 1, msgOverflow: MsgOverflowPolicy = 'overwrite'): SwitchtecDbMsg {
  return new SwitchtecDbMsg({ partition, peerPartition, doorbellVector: DB_VEC, messageVector: MSG_VEC, msgOverflow });
}

/** Every rung bit is in exactly one doorbell bucket. */
function dbBucketsAddUp(h: SwitchtecDbMsg): boolean {
  return h.dbBitsRung === h.dbBitsSignalled + h.dbBitsLatchedMasked + h.dbBitsCoalesced + h.dbBitsInvalid;
}

describe('SwitchtecDbMsg: layout', () => {
  it('gives the lower partition number the low word, the other the high word', () => {
    const lo = host(2, 5);
    const hi = host(5, 2);
    expect([lo.dbShift, lo.dbPeerShift, lo.dbWord]).toEqual([0, 32, 0]);
    expect([hi.dbShift, hi.dbPeerShift, hi.dbWord]).toEqual([32, 0, 1]);
    // A ring on the upper host lands in idb bits 32.. (word 1), and read() shifts it back.
    hi.ring(0b101);
    expect(hi.idb[1]).toBe(0b101);
    expect(hi.idb[0]).toBe(0);
    expect(hi.read()).toBe(0b101);
  });

  it('maps bits 0–59 to the doorbell vector and 60–63 to the message vector, as init_db_msg_irq', () => {
    const h = host();
    expect(h.idbVecMap[0]).toBe(DB_VEC);
    expect(h.idbVecMap[27]).toBe(DB_VEC);
    expect(h.idbVecMap[59]).toBe(DB_VEC);
    expect(Array.from(h.idbVecMap.subarray(60))).toEqual([MSG_VEC, MSG_VEC, MSG_VEC, MSG_VEC]);
  });

  it('writes idb_mask as ~db_mask and keeps the message doorbells 60–63 enabled', () => {
    const h = host(); // initialDbMask 0: client bits enabled
    // word 0: driver init db_mask 0xFFFFFFFF with the 28 client bits cleared → 0xF0000000 masked.
    expect(h.dbMask[0]).toBe(0xf0000000);
    expect(h.idbMask[0]).toBe(0x0fffffff);
    // word 1: db_mask 0x0FFFFFFF → idb_mask 0xF0000000: bits 60–63 enabled.
    expect(h.idbMask[1]).toBe(0xf0000000);
  });

  it('rejects bad construction parameters with clear messages', () => {
    expect(() => host(3, 3)).toThrow(/must differ, both are 3/);
    expect(
      () => new SwitchtecDbMsg({ partition: 0, peerPartition: 1, doorbellVector: 32, messageVector: 2, msgOverflow: 'drop' }),
    ).toThrow(/doorbellVector must be an MSI-X index in 0..31, got 32/);
    expect(
      () =>
        new SwitchtecDbMsg({
          partition: 0,
          peerPartition: 1,
          doorbellVector: 1,
          messageVector: 2,
          msgOverflow: 'overwrite',
          initialDbMask: 0x10000000,
        }),
    ).toThrow(/subset of db_valid_mask 0x0FFFFFFF, got 0x10000000/);
  });
});

describe('SwitchtecDbMsg: doorbells', () => {
  it('signals the doorbell vector on a 0→1 edge and coalesces a second ring of a set bit', () => {
    const h = host();
    expect(h.ring(1 << 3)).toBe(1 << DB_VEC);
    expect(h.ring(1 << 3)).toBe(0); // already latched: nothing new
    expect(h.dbBitsSignalled).toBe(1);
    expect(h.dbBitsCoalesced).toBe(1);
    expect(h.dbSignals).toBe(1);
    expect(h.read()).toBe(1 << 3);
    expect(dbBucketsAddUp(h)).toBe(true);
  });

  it('signals again after clear re-arms the bit', () => {
    const h = host();
    h.ring(0b110);
    h.clear(0b010);
    expect(h.read()).toBe(0b100);
    // bit 1 rises again; bit 2 is still set and coalesces.
    expect(h.ring(0b110)).toBe(1 << DB_VEC);
    expect(h.dbBitsSignalled).toBe(3); // 2 on the first ring + 1
    expect(h.dbBitsCoalesced).toBe(1);
    expect(h.dbClears).toBe(1);
  });

  it('sends one MSI per vector for several rising bits in one ring', () => {
    const h = host();
    expect(h.ring(0xff)).toBe(1 << DB_VEC);
    expect(h.dbBitsSignalled).toBe(8);
    expect(h.dbSignals).toBe(1);
  });

  it('latches a masked ring without signalling, and signals when the bit is unmasked', () => {
    const h = host();
    expect(h.setMask(1 << 5)).toBe(0);
    expect(h.readMask()).toBe(1 << 5);
    expect(h.ring(1 << 5)).toBe(0);
    expect(h.dbBitsLatchedMasked).toBe(1);
    expect(h.read()).toBe(1 << 5); // latched bits survive the mask
    expect(h.clearMask(1 << 5)).toBe(1 << DB_VEC); // ntb.h: db_event must follow
    expect(h.dbUnmaskBits).toBe(1);
    expect(dbBucketsAddUp(h)).toBe(true);
  });

  it('signals nothing on unmask when the bit is not latched, or was never masked', () => {
    const h = host();
    h.setMask(0b11);
    h.ring(0b01);
    h.clear(0b01);
    expect(h.clearMask(0b11)).toBe(0);
    h.ring(0b100); // unmasked, signalled at ring time
    expect(h.clearMask(0b100)).toBe(0); // was not masked: no second event
    expect(h.dbUnmaskBits).toBe(0);
  });

  it('ignores and counts ring bits outside db_valid_mask (peer_db_set does not check them)', () => {
    const h = host();
    // 0x30000001: bits 28 and 29 invalid, bit 0 valid.
    expect(h.ring(0x30000001)).toBe(1 << DB_VEC);
    expect(h.dbBitsInvalid).toBe(2);
    expect(h.read()).toBe(1);
    expect(h.idb[0]).toBe(1); // nothing latched above bit 27
    expect(dbBucketsAddUp(h)).toBe(true);
  });

  it('rejects mask changes with bits outside db_valid_mask with -EINVAL and changes nothing', () => {
    const h = host();
    expect(h.setMask(0x10000000)).toBe(-EINVAL);
    expect(h.clearMask(0x80000001)).toBe(-EINVAL);
    expect(h.readMask()).toBe(0);
    expect(h.dbMaskErrors).toBe(2);
  });

  it('routes bits by idb_vec_map when the map is not uniform', () => {
    const h = host();
    h.setVecMap(4, 7); // client bit 4 of the low word → vector 7
    expect(h.dbUniformVector).toBe(-1);
    expect(h.ring((1 << 4) | 1)).toBe((1 << 7) | (1 << DB_VEC));
    expect(h.dbSignals).toBe(2);
    // vector 31 stays an unsigned bit in the result
    h.setVecMap(5, 31);
    expect(h.ring(1 << 5)).toBe(2 ** 31);
  });

  it('starts with every client bit masked when asked for the driver init state', () => {
    const h = new SwitchtecDbMsg({
      partition: 0,
      peerPartition: 1,
      doorbellVector: DB_VEC,
      messageVector: MSG_VEC,
      msgOverflow: 'overwrite',
      initialDbMask: SWITCHTEC_DB_VALID_MASK,
    });
    expect(h.ring(1)).toBe(0);
    expect(h.clearMask(1)).toBe(1 << DB_VEC);
  });

  it('keeps the doorbell buckets adding up under any sequence of operations', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('ring'), bits: fc.integer({ min: 0, max: 0xffffffff }) }),
      // single-bit rings take ring()'s fast path
      fc.record({ k: fc.constant('ring'), bits: fc.integer({ min: 0, max: 31 }).map((b) => 2 ** b) }),
      fc.record({ k: fc.constant('clear'), bits: fc.integer({ min: 0, max: 0x0fffffff }) }),
      fc.record({ k: fc.constant('set'), bits: fc.integer({ min: 0, max: 0x0fffffff }) }),
      fc.record({ k: fc.constant('unmask'), bits: fc.integer({ min: 0, max: 0x0fffffff }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const h = host(1, 0);
        let vectorsReturned = 0; // MSIs handed to the caller, counted from the return values
        for (const o of ops) {
          if (o.k === 'ring') {
            const before = h.read();
            const enabled = ~h.readMask() & SWITCHTEC_DB_VALID_MASK;
            const v = h.ring(o.bits);
            // a vector is signalled exactly when some enabled bit rose
            const rose = o.bits & SWITCHTEC_DB_VALID_MASK & ~before & enabled;
            expect(v !== 0).toBe(rose !== 0);
            vectorsReturned += v === 0 ? 0 : 1; // one vector in use: DB_VEC
          } else if (o.k === 'clear') h.clear(o.bits);
          else if (o.k === 'set') h.setMask(o.bits);
          else vectorsReturned += h.clearMask(o.bits) === 0 ? 0 : 1;
          expect(dbBucketsAddUp(h)).toBe(true);
          expect(h.read() & ~SWITCHTEC_DB_VALID_MASK).toBe(0);
        }
        expect(h.dbSignals).toBe(vectorsReturned);
      }),
      { numRuns: 200 },
    );
  });
});

describe('SwitchtecDbMsg: messages', () => {
  it('delivers to an empty register and signals the message vector', () => {
    const h = host();
    expect(h.peerMsgWrite(0, 0xabcd, 1)).toBe(1 << MSG_VEC);
    expect(h.lastMsgResult).toBe(MSG_DELIVERED);
    expect(h.readMsg(0)).toBe(0xabcd);
    expect(h.imsgStatus[0]).toBe(1);
    expect(h.imsgSrc[0]).toBe(1);
    expect(h.clearMsgStatus(0)).toBe(true);
    expect(h.clearMsgStatus(0)).toBe(false); // W1C of an empty register
  });

  it("'overwrite' replaces a message whose status is still set, without a new signal", () => {
    const h = host(0, 1, 'overwrite');
    h.peerMsgWrite(2, 111, 1);
    expect(h.peerMsgWrite(2, 222, 1)).toBe(0);
    expect(h.lastMsgResult).toBe(MSG_OVERWRITTEN);
    expect(h.readMsg(2)).toBe(222);
    expect(h.msgOverwritten).toBe(1);
    expect(h.msgWrites).toBe(h.msgDelivered + h.msgOverwritten + h.msgDropped);
  });

  it("'drop' keeps the old message and fails the sender's omsg status", () => {
    const a = host(0, 1, 'drop');
    const b = host(1, 0, 'drop');
    expect(transmitMsg(a, b, 1, 111)).toBe(1 << MSG_VEC);
    expect(transmitMsg(a, b, 1, 222)).toBe(0);
    expect(b.lastMsgResult).toBe(MSG_DROPPED);
    expect(b.readMsg(1)).toBe(111);
    expect(b.msgDropped).toBe(1);
    expect(a.omsgMsg[1]).toBe(222); // the sender wrote it
    expect(a.omsgStatus[1] & OMSG_STATUS_FAIL).toBe(OMSG_STATUS_FAIL);
    a.clearOmsgStatus(1, OMSG_STATUS_FAIL);
    expect(a.omsgStatus[1]).toBe(0);
    // after the receiver clears status, the next send lands
    b.clearMsgStatus(1);
    expect(transmitMsg(a, b, 1, 333)).toBe(1 << MSG_VEC);
    expect(b.readMsg(1)).toBe(333);
    expect(b.imsgSrc[1]).toBe(0); // sender's partition
    expect(b.msgWrites).toBe(b.msgDelivered + b.msgOverwritten + b.msgDropped);
  });

  it('latches a message while masked and signals on unmask', () => {
    const h = host();
    h.maskMsg(3);
    expect(h.peerMsgWrite(3, 7, 1)).toBe(0);
    expect(h.msgLatchedMasked).toBe(1);
    expect(h.unmaskMsg(3)).toBe(1 << MSG_VEC);
    expect(h.unmaskMsg(3)).toBe(0); // already enabled
    expect(h.msgDelivered).toBe(h.msgSignalled + h.msgLatchedMasked);
  });

  it('signals the vector idb_vec_map[60 + i] carries', () => {
    const h = host();
    h.setVecMap(61, 9);
    expect(h.peerMsgWrite(1, 5, 1)).toBe(1 << 9);
    expect(h.peerMsgWrite(0, 5, 1)).toBe(1 << MSG_VEC);
  });

  it('rejects an out-of-range message index under DEBUG', () => {
    const h = host();
    expect(() => h.peerMsgWrite(4, 1, 1)).toThrow(/message index must be 0..3, got 4/);
  });
});

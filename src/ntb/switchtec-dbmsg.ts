/**
 * The Switchtec doorbell and message registers of one NTB link as one host sees them: struct
 * ntb_dbmsg_regs (include/linux/switchtec.h) plus the driver's software doorbell mask
 * (drivers/ntb/hw/mscc/ntb_hw_switchtec.c): switchtec_ntb_db_read/_db_clear/_db_set_mask/
 * _db_clear_mask → read/clear/setMask/clearMask; the switch's half of switchtec_ntb_peer_db_set →
 * ring; the peer's omsg write landing in imsg → peerMsgWrite. Doorbell arguments are in the
 * client's bit space (bit 0 = the first of the 28 doorbells, before db_shift). Every call that can
 * raise interrupts returns the MSI-X table indices to signal as a bitmask (bit v = vector index v).
 */
import { DEBUG } from '../engine/debug.js';
import { EINVAL } from '../irq/errno.js';

/** Doorbells in the switch, shared by the two partitions of a link (32 each). */
export const SWITCHTEC_DB_COUNT = 64;
/** switchtec_ntb.db_valid_mask: 28 usable doorbells per partition. */
export const SWITCHTEC_DB_VALID_MASK = 0x0fffffff;
/** Doorbell bits a client may use per peer link: popcount(db_valid_mask). */
export const SWITCHTEC_DB_BITS = 28;
/** ARRAY_SIZE(ntb_dbmsg_regs.imsg) and .omsg. */
export const SWITCHTEC_MSG_COUNT = 4;
/**
 * First of the 4 doorbell bits whose idb_vec_map entries switchtec_ntb_init_db_msg_irq() points
 * at the message vector (bits 60–63: "the message interrupts are also shared with the top 4
 * doorbells"). Message i signals the vector in idb_vec_map[60 + i].
 */
export const SWITCHTEC_MSG_DB_BIT = 60;
/** Largest MSI-X index the vector bitmask can carry; the nirqs module parameter defaults to 32. */
export const SWITCHTEC_MAX_VEC_INDEX = 31;
/** switchtec_ntb_init_db(): the driver's initial db_mask (1 = masked); hi word, lo word. */
const DRIVER_INIT_DB_MASK_HI = 0x0fffffff;
const DRIVER_INIT_DB_MASK_LO = 0xffffffff;

/** ntb_dbmsg_regs.imsg[i].status: a message is waiting (write 1 to clear). */
export const IMSG_STATUS_FULL = 1;
/** omsg[i].status bit the switch sets when a message could not be delivered ('drop' policy). */
export const OMSG_STATUS_FAIL = 1;

/** Outcome of the last peerMsgWrite(), in lastMsgResult. */
export const MSG_DELIVERED = 0; //   the register was empty; the message is new
export const MSG_OVERWRITTEN = 1; // status was still set; 'overwrite' replaced the old message
export const MSG_DROPPED = 2; //     status was still set; 'drop' kept the old one, sender sees FAIL

/** What the switch does when a message lands on an inbound register whose status is still set. */
export type MsgOverflowPolicy = 'overwrite' | 'drop';


export interface SwitchtecDbMsgOptions {
  /** This host's partition number (stdev->partition). */
  readonly partition: number;
  /** The peer's partition number; the lower number of the two owns doorbell word 0. */
  readonly peerPartition: number;
  /** MSI-X index the doorbell bits map to (the driver's doorbell_irq before pci_irq_vector). */
  readonly doorbellVector: number;
  /** MSI-X index of idb_vec_map[60..63], which carries the message interrupts. */
  readonly messageVector: number;
  /** Inbound message overflow policy (device behaviour, not in the driver). */
  readonly msgOverflow: MsgOverflowPolicy;
  /**
   * Software db_mask over the 28 client bits at start (1 = masked).
   * @defaultValue 0: every doorbell unmasked, the state ntb_transport relies on. The driver writes
   * db_mask = 0x0FFFFFFFFFFFFFFF at init; see the MODEL note on idbMask for why 0 is the default.
   */
  readonly initialDbMask?: number;
}

/**
 * Doorbell and message registers of one host on one link. Hot-path methods (ring, read, clear,
 * peerMsgWrite, readMsg, clearMsgStatus) allocate nothing.
 *
 * Trigger accounting, each identity holds at every instant:
 *   dbBitsRung  = dbBitsSignalled + dbBitsLatchedMasked + dbBitsCoalesced + dbBitsInvalid
 *   msgWrites   = msgDelivered + msgOverwritten + msgDropped
 *   msgDelivered = msgSignalled + msgLatchedMasked
 * Latched-while-masked bits and messages are released by clearMask/unmaskMsg (dbUnmaskBits,
 * msgUnmaskSignals), or cleared unseen.
 */
export class SwitchtecDbMsg {
  readonly partition: number;
  readonly peerPartition: number;
  /** switchtec_ntb.db_shift: 0 for the lower partition number, else 32. */
  readonly dbShift: number;
  /** switchtec_ntb.db_peer_shift: where this host's rings land in the peer's idb. */
  readonly dbPeerShift: number;
  /** Which idb word holds this host's inbound doorbells (dbShift / 32). */
  readonly dbWord: number;
  readonly msgOverflow: MsgOverflowPolicy;

  // struct ntb_dbmsg_regs of one host, plus switchtec_ntb.db_mask. 64-bit registers are two
  // u32 words, [0] = bits 0–31, [1] = bits 32–63.
  /** [2]  ntb_dbmsg_regs.idb: latched inbound doorbells (write 1 to clear) */
  idb: Uint32Array;
  /** [2]  ntb_dbmsg_regs.idb_mask as the driver writes it: ~db_mask (1 = enabled) */
  idbMask: Uint32Array;
  /** [2]  switchtec_ntb.db_mask: the driver's software copy (1 = masked) */
  dbMask: Uint32Array;
  /** [64] ntb_dbmsg_regs.idb_vec_map: MSI-X index per doorbell bit */
  idbVecMap: Uint8Array;
  /** [4]  imsg[i].msg */
  imsgMsg: Uint32Array;
  /** [4]  imsg[i].status: IMSG_STATUS_FULL while unread (W1C) */
  imsgStatus: Uint8Array;
  /** [4]  imsg[i].mask as the driver writes it (1 = enabled) */
  imsgMask: Uint8Array;
  /** [4]  imsg[i].src: sending partition */
  imsgSrc: Uint8Array;
  /** [4]  omsg[i].msg: last value this host sent */
  omsgMsg: Uint32Array;
  /** [4]  omsg[i].status: OMSG_STATUS_FAIL after a dropped send */
  omsgStatus: Uint32Array;

  /** MSI-X index shared by all 28 client bits of dbWord, or -1 when the map differs per bit. */
  dbUniformVector = -1;
  #dropOnOverflow: boolean;

  // Doorbell counters (bits unless named otherwise).
  /** ring() calls: one per odb write that reached this host. */
  dbRings = 0;
  dbBitsRung = 0;
  /** Bits that went 0→1 while enabled. */
  dbBitsSignalled = 0;
  /** Bits that went 0→1 while masked: latched, no interrupt yet. */
  dbBitsLatchedMasked = 0;
  /** Bits rung while already set. // MODEL: rising edge only, a re-ring merges into the latch. */
  dbBitsCoalesced = 0;
  /** Bits outside db_valid_mask: ignored. */
  dbBitsInvalid = 0;
  /** MSI-X messages the doorbells emitted (one per vector per ring or clearMask call). */
  dbSignals = 0;
  /** Latched bits released by clearMask() (the ntb.h db_clear_mask contract). */
  dbUnmaskBits = 0;
  /** read() calls: each is a non-posted MMIO read the caller charges. */
  dbReads = 0;
  /** clear() calls: each is a posted MMIO write. */
  dbClears = 0;
  /** setMask/clearMask calls rejected with -EINVAL. */
  dbMaskErrors = 0;

  // Message counters (messages).
  msgWrites = 0;
  msgDelivered = 0;
  msgOverwritten = 0;
  msgDropped = 0;
  msgSignalled = 0;
  msgLatchedMasked = 0;
  /** Messages released by unmaskMsg(). */
  msgUnmaskSignals = 0;
  msgReads = 0;
  /** Outcome of the last peerMsgWrite(): MSG_DELIVERED | MSG_OVERWRITTEN | MSG_DROPPED. */
  lastMsgResult = MSG_DELIVERED;

  constructor(opts: SwitchtecDbMsgOptions) {
    const { partition, peerPartition, doorbellVector, messageVector, msgOverflow } = opts;
    if (!Number.isInteger(partition) || partition < 0 || !Number.isInteger(peerPartition) || peerPartition < 0) {
      throw new Error(
        `SwitchtecDbMsg: partition and peerPartition must be integers >= 0, got ${partition} and ${peerPartition}`,
      );
    }
    if (partition === peerPartition) {
      throw new Error(`SwitchtecDbMsg: partition and peerPartition must differ, both are ${partition}`);
    }
    checkVector('doorbellVector', doorbellVector);
    checkVector('messageVector', messageVector);
    if (msgOverflow !== 'overwrite' && msgOverflow !== 'drop') {
      throw new Error(`SwitchtecDbMsg: msgOverflow must be 'overwrite' or 'drop', got ${String(msgOverflow)}`);
    }
    const initialDbMask = opts.initialDbMask ?? 0;
    if (!Number.isInteger(initialDbMask) || initialDbMask < 0 || (initialDbMask & ~SWITCHTEC_DB_VALID_MASK) !== 0) {
      throw new Error(
        `SwitchtecDbMsg: initialDbMask must be a subset of db_valid_mask 0x0FFFFFFF, got 0x${initialDbMask.toString(16)}`,
      );
    }
    this.partition = partition;
    this.peerPartition = peerPartition;
    // switchtec_ntb_init_db(): the lower partition number takes the low half.
    this.dbShift = partition < peerPartition ? 0 : 32;
    this.dbPeerShift = 32 - this.dbShift;
    this.dbWord = this.dbShift >>> 5;
    this.msgOverflow = msgOverflow;
    this.#dropOnOverflow = msgOverflow === 'drop';

    this.idb = new Uint32Array(2);
    this.idbMask = new Uint32Array(2);
    this.dbMask = new Uint32Array(2);
    this.dbMask[0] = DRIVER_INIT_DB_MASK_LO;
    this.dbMask[1] = DRIVER_INIT_DB_MASK_HI;
    const w = this.dbWord;
    this.dbMask[w] = (this.dbMask[w] & ~SWITCHTEC_DB_VALID_MASK) | initialDbMask;
    // MODEL: an idb_mask bit of 1 enables the doorbell, the polarity the driver's software API
    // implies (db_set_mask writes ~db_mask). With that polarity the driver's init value masks all
    // 28 client bits, yet ntb_transport never unmasks its QP bits and does get doorbells on
    // Switchtec; the register's true polarity is not in the source, so the start state is a knob.
    this.idbMask[0] = ~this.dbMask[0];
    this.idbMask[1] = ~this.dbMask[1];

    // switchtec_ntb_init_db_msg_irq(): bits 0–59 → doorbell vector, 60–63 → message vector.
    this.idbVecMap = new Uint8Array(SWITCHTEC_DB_COUNT);
    this.idbVecMap.fill(doorbellVector, 0, SWITCHTEC_MSG_DB_BIT);
    this.idbVecMap.fill(messageVector, SWITCHTEC_MSG_DB_BIT);
    this.#refreshUniformVector();

    this.imsgMsg = new Uint32Array(SWITCHTEC_MSG_COUNT);
    this.imsgStatus = new Uint8Array(SWITCHTEC_MSG_COUNT);
    // switchtec_ntb_init_msgs() writes STATUS (clear) | MASK to every imsg.
    // MODEL: mask byte 1 = enabled, the value the driver leaves before relying on the message ISR.
    this.imsgMask = new Uint8Array(SWITCHTEC_MSG_COUNT).fill(1);
    this.imsgSrc = new Uint8Array(SWITCHTEC_MSG_COUNT);
    this.omsgMsg = new Uint32Array(SWITCHTEC_MSG_COUNT);
    this.omsgStatus = new Uint32Array(SWITCHTEC_MSG_COUNT);
  }

  // ---------------------------------------------------------------- doorbells (hot path)

  /**
   * The peer's odb write (ntb_peer_db_set(bits) → bits << db_peer_shift) landing in this host's
   * idb. Latches the bits; returns the MSI-X indices to signal (bitmask, 0 = none). Only bits that
   * go 0→1 while enabled signal; bits outside db_valid_mask are ignored and counted (the driver's
   * peer_db_set does not check them; db_read would never show them).
   * @param bits u32 in client space
   */
  ring(bits: number): number {
    const w = this.dbWord;
    this.dbRings++;
    const invalid = bits & ~SWITCHTEC_DB_VALID_MASK;
    if (invalid !== 0) {
      const n = popcount32(invalid);
      this.dbBitsInvalid += n;
      this.dbBitsRung += n;
    }
    const valid = bits & SWITCHTEC_DB_VALID_MASK;
    if (valid === 0) return 0;
    const old = this.idb[w];
    const enabled = this.idbMask[w];
    if ((valid & (valid - 1)) === 0) {
      // PERF: one bit per ring is the common case (ntb_transport rings BIT(qp)); no popcounts.
      this.dbBitsRung++;
      if ((old & valid) !== 0) {
        this.dbBitsCoalesced++;
        return 0;
      }
      this.idb[w] = old | valid;
      if ((enabled & valid) === 0) {
        this.dbBitsLatchedMasked++;
        return 0;
      }
      this.dbBitsSignalled++;
      return this.#signal(w, valid);
    }
    const rising = valid & ~old;
    const fire = rising & enabled;
    this.idb[w] = old | valid;
    this.dbBitsRung += popcount32(valid);
    this.dbBitsCoalesced += popcount32(valid & old);
    this.dbBitsLatchedMasked += popcount32(rising & ~enabled);
    if (fire === 0) return 0;
    this.dbBitsSignalled += popcount32(fire);
    return this.#signal(w, fire);
  }

  /** switchtec_ntb_db_read(): latched client bits (idb >> db_shift & db_valid_mask). */
  read(): number {
    this.dbReads++;
    return this.idb[this.dbWord] & SWITCHTEC_DB_VALID_MASK;
  }

  /** switchtec_ntb_db_clear(): write-1-to-clear; "arms the bits for the next doorbell". */
  clear(bits: number): void {
    this.dbClears++;
    const w = this.dbWord;
    this.idb[w] = this.idb[w] & ~(bits & SWITCHTEC_DB_VALID_MASK);
  }

  // ---------------------------------------------------------------- doorbell mask

  /**
   * switchtec_ntb_db_set_mask(): mask bits; latched bits survive. Returns 0, or -EINVAL (as the
   * driver) when bits has anything outside db_valid_mask, changing nothing.
   */
  setMask(bits: number): number {
    if ((bits & ~SWITCHTEC_DB_VALID_MASK) !== 0) {
      this.dbMaskErrors++;
      return -EINVAL;
    }
    const w = this.dbWord;
    this.dbMask[w] = this.dbMask[w] | bits;
    this.idbMask[w] = ~this.dbMask[w];
    return 0;
  }

  /**
   * switchtec_ntb_db_clear_mask(): unmask bits. Returns the MSI-X indices to signal for bits that
   * were masked and are latched (ntb.h: the driver must make sure ntb_db_event() runs even if the
   * hardware does not interrupt), or -EINVAL when bits has anything outside db_valid_mask.
   */
  clearMask(bits: number): number {
    if ((bits & ~SWITCHTEC_DB_VALID_MASK) !== 0) {
      this.dbMaskErrors++;
      return -EINVAL;
    }
    const w = this.dbWord;
    const released = bits & this.dbMask[w] & this.idb[w];
    this.dbMask[w] = this.dbMask[w] & ~bits;
    this.idbMask[w] = ~this.dbMask[w];
    if (released === 0) return 0;
    this.dbUnmaskBits += popcount32(released);
    return this.#signal(w, released);
  }

  /** switchtec_ntb_db_read_mask(): the software mask over client bits (1 = masked). */
  readMask(): number {
    return this.dbMask[this.dbWord] & SWITCHTEC_DB_VALID_MASK;
  }

  /**
   * Rewrites one idb_vec_map entry (cold path).
   * @param dbBit register bit 0–63 (not client space)
   */
  setVecMap(dbBit: number, vector: number): void {
    if (!Number.isInteger(dbBit) || dbBit < 0 || dbBit >= SWITCHTEC_DB_COUNT) {
      throw new Error(`SwitchtecDbMsg.setVecMap: dbBit must be an integer in 0..63, got ${dbBit}`);
    }
    checkVector('vector', vector);
    this.idbVecMap[dbBit] = vector;
    this.#refreshUniformVector();
  }

  // ---------------------------------------------------------------- messages

  /**
   * This host writes omsg[i] (switchtec_ntb_send_msg); the value lands in the peer's imsg[i]
   * through msg_map. Deliver it with the peer's peerMsgWrite(), or use transmitMsg().
   */
  sendMsg(i: number, value: number): void {
    if (DEBUG) checkMsgIndex(i);
    this.omsgMsg[i] = value;
  }

  /**
   * The peer's omsg[i] write landing in this host's imsg[i]. An empty register takes the message,
   * sets status and signals the message vector if enabled; a full one applies the overflow policy
   * ('overwrite': replace, counted; 'drop': keep the old one, counted, lastMsgResult =
   * MSG_DROPPED so the sender's omsg status can be failed). Returns the MSI-X bitmask to signal.
   * // MODEL: like the doorbells, only an empty→full edge signals.
   * @param src sending partition (imsg.src)
   */
  peerMsgWrite(i: number, value: number, src: number): number {
    if (DEBUG) checkMsgIndex(i);
    this.msgWrites++;
    if (this.imsgStatus[i] !== 0) {
      if (this.#dropOnOverflow) {
        this.msgDropped++;
        this.lastMsgResult = MSG_DROPPED;
        return 0;
      }
      this.imsgMsg[i] = value;
      this.imsgSrc[i] = src;
      this.msgOverwritten++;
      this.lastMsgResult = MSG_OVERWRITTEN;
      return 0;
    }
    this.imsgMsg[i] = value;
    this.imsgSrc[i] = src;
    this.imsgStatus[i] = IMSG_STATUS_FULL;
    this.msgDelivered++;
    this.lastMsgResult = MSG_DELIVERED;
    if (this.imsgMask[i] === 0) {
      this.msgLatchedMasked++;
      return 0;
    }
    this.msgSignalled++;
    return (1 << this.idbVecMap[SWITCHTEC_MSG_DB_BIT + i]) >>> 0;
  }

  /** The ISR's ioread64(&imsg[i]): the message value; status is imsgStatus[i]. */
  readMsg(i: number): number {
    if (DEBUG) checkMsgIndex(i);
    this.msgReads++;
    return this.imsgMsg[i];
  }

  /** iowrite8(1, &imsg[i].status): write-1-to-clear. Returns whether a message was waiting. */
  clearMsgStatus(i: number): boolean {
    if (DEBUG) checkMsgIndex(i);
    const was = this.imsgStatus[i] !== 0;
    this.imsgStatus[i] = 0;
    return was;
  }

  /** Disables the interrupt of imsg[i]; a full register stays full. */
  maskMsg(i: number): void {
    if (DEBUG) checkMsgIndex(i);
    this.imsgMask[i] = 0;
  }

  /** Enables imsg[i]; returns the message vector bitmask if a message was waiting while masked. */
  unmaskMsg(i: number): number {
    if (DEBUG) checkMsgIndex(i);
    const wasMasked = this.imsgMask[i] === 0;
    this.imsgMask[i] = 1;
    if (!wasMasked || this.imsgStatus[i] === 0) return 0;
    this.msgUnmaskSignals++;
    return (1 << this.idbVecMap[SWITCHTEC_MSG_DB_BIT + i]) >>> 0;
  }

  /** Write-1-to-clear on this host's omsg[i].status (the sender acknowledging a failure). */
  clearOmsgStatus(i: number, bits: number): void {
    if (DEBUG) checkMsgIndex(i);
    this.omsgStatus[i] = this.omsgStatus[i] & ~bits;
  }

  // ---------------------------------------------------------------- internals

  #signal(w: number, bits: number): number {
    if (this.dbUniformVector >= 0) {
      // PERF: the driver maps all 28 client bits to one vector; skip the per-bit walk.
      this.dbSignals++;
      return (1 << this.dbUniformVector) >>> 0;
    }
    let vectors = 0;
    const base = w << 5;
    let rest = bits;
    while (rest !== 0) {
      const low = rest & -rest;
      vectors |= 1 << this.idbVecMap[base + 31 - Math.clz32(low)];
      rest ^= low;
    }
    this.dbSignals += popcount32(vectors);
    return vectors >>> 0;
  }

  #refreshUniformVector(): void {
    const base = this.dbWord << 5;
    const v = this.idbVecMap[base];
    for (let b = 1; b < SWITCHTEC_DB_BITS; b++) {
      if (this.idbVecMap[base + b] !== v) {
        this.dbUniformVector = -1;
        return;
      }
    }
    this.dbUniformVector = v;
  }
}

/**
 * One message send across the link: sender's omsg[i] write, the receiver's imsg[i] landing, and
 * OMSG_STATUS_FAIL on the sender if the receiver dropped it. Returns the receiver's MSI-X bitmask
 * to signal. Callers that model the link delay call sendMsg/peerMsgWrite separately.
 */
export function transmitMsg(sender: SwitchtecDbMsg, receiver: SwitchtecDbMsg, i: number, value: number): number {
  sender.sendMsg(i, value);
  const vectors = receiver.peerMsgWrite(i, value, sender.partition);
  if (receiver.lastMsgResult === MSG_DROPPED) sender.omsgStatus[i] = sender.omsgStatus[i] | OMSG_STATUS_FAIL;
  return vectors;
}

/** Set bits in a 32-bit word (SWAR popcount). */
function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function checkVector(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > SWITCHTEC_MAX_VEC_INDEX) {
    throw new Error(`SwitchtecDbMsg: ${name} must be an MSI-X index in 0..${SWITCHTEC_MAX_VEC_INDEX}, got ${v}`);
  }
}

function checkMsgIndex(i: number): void {
  if (!(i >= 0 && i < SWITCHTEC_MSG_COUNT && (i | 0) === i)) {
    throw new Error(`SwitchtecDbMsg: message index must be 0..${SWITCHTEC_MSG_COUNT - 1}, got ${i}`);
  }
}

/**
 * NTB hardware-state hot paths: a doorbell round (ring, read, clear: what one ntb_transport
 * doorbell costs the register model), a peer MSI trigger (which descriptor copy the write used,
 * its offset into the window and its data, the staleness check), and a message round (write,
 * read, status clear). Each call runs OPS operations.
 */
import { PeerDescCopies } from '../src/ntb/ntb-msi-desc.js';
import { SwitchtecDbMsg } from '../src/ntb/switchtec-dbmsg.js';
import type { BenchSuite } from './suite.js';

const OPS = 4096;
const QUEUES = 64;
const WINDOW_BASE = 0xfee00000;

let dbmsg = new SwitchtecDbMsg({ partition: 0, peerPartition: 1, doorbellVector: 1, messageVector: 2, msgOverflow: 'overwrite' });
let copies = new PeerDescCopies(QUEUES);
// Results fold into a sink so the work cannot be optimised away.
let sink = 0;

function setupDoorbell(): void {
  dbmsg = new SwitchtecDbMsg({ partition: 0, peerPartition: 1, doorbellVector: 1, messageVector: 2, msgOverflow: 'overwrite' });
}

function doorbellRound(): void {
  const h = dbmsg;
  let acc = 0;
  for (let i = 0; i < OPS; i++) {
    const bit = 1 << (i % 28);
    acc += h.ring(bit);
    acc += h.ring(bit); // coalesces
    acc ^= h.read();
    h.clear(bit);
  }
  sink ^= acc;
}

function setupTrigger(): void {
  copies = new PeerDescCopies(QUEUES);
  for (let q = 0; q < QUEUES; q++) copies.publish(q, (q & 7) << 12, 0x40 + q);
  // Half the queues were republished and refreshed at 1000 ns: writes from before use the old copy.
  for (let q = 0; q < QUEUES; q += 2) {
    copies.republish(q);
    copies.refresh(q, (q & 7) << 13, 0x80 + q, 1000);
  }
}

// What the machine does per ntb_msi trigger (peer-writes.ts): pick the copy, address and data.
function peerTrigger(): void {
  const c = copies;
  let acc = 0;
  for (let i = 0; i < OPS; i++) {
    const q = i & (QUEUES - 1);
    const prev = c.usedPrevious(q, i & 2047);
    const offset = prev ? c.prevOffset[q] : c.offset[q];
    const version = prev ? c.prevVersion[q] : c.version[q];
    acc += ((WINDOW_BASE + offset) | 0) + (prev ? c.prevData[q] : c.data[q]);
    if (version < c.hostVersion[q]) acc++;
  }
  sink ^= acc;
}

function messageRound(): void {
  const h = dbmsg;
  let acc = 0;
  for (let i = 0; i < OPS; i++) {
    const m = i & 3;
    acc += h.peerMsgWrite(m, i, 1);
    acc ^= h.readMsg(m);
    if (h.clearMsgStatus(m)) acc++;
  }
  sink ^= acc;
}

export const suite: BenchSuite = {
  name: 'ntb',
  tasks: [
    { name: 'doorbell ring+read+clear', opsPerCall: OPS, setup: setupDoorbell, fn: doorbellRound },
    { name: 'peer trigger offset', opsPerCall: OPS, setup: setupTrigger, fn: peerTrigger },
    { name: 'message write+read+clear', opsPerCall: OPS, setup: setupDoorbell, fn: messageRound },
  ],
};

/** Read by nothing; exported so bundlers keep the sink. */
export function benchSink(): number {
  return sink;
}

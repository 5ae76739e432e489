/**
 * NTB hardware-state hot paths: a doorbell round (ring, read, clear: what one ntb_transport
 * doorbell costs the register model), a peer MSI trigger (descriptor lookup + window offset +
 * translation), and a message round (write, read, status clear). Each call runs OPS operations.
 */
import { NtbMsiDescTable } from '../src/ntb/ntb-msi-desc.js';
import { LUT_SIZE, MemoryWindowTable } from '../src/ntb/memory-window.js';
import { SwitchtecDbMsg } from '../src/ntb/switchtec-dbmsg.js';
import type { BenchSuite } from './suite.js';

const OPS = 4096;
const PEERS = 8;
const IRQS = 64;

let dbmsg = new SwitchtecDbMsg({ partition: 0, peerPartition: 1, doorbellVector: 1, messageVector: 2, msgOverflow: 'overwrite' });
let descs = new NtbMsiDescTable(PEERS, IRQS);
let windows = new MemoryWindowTable(PEERS);
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
  descs = new NtbMsiDescTable(PEERS, IRQS);
  windows = new MemoryWindowTable(PEERS);
  for (let p = 0; p < PEERS; p++) {
    const mw = windows.addLut();
    windows.setupForMsi(mw, 0xfee00000, LUT_SIZE, LUT_SIZE, LUT_SIZE);
  }
  for (let irq = 0; irq < IRQS; irq++) descs.publish(irq, (irq & 7) << 12, 0x40 + irq);
  for (let p = 0; p < PEERS; p++) descs.peerRefreshAll(p);
}

function peerTrigger(): void {
  const d = descs;
  const w = windows;
  let acc = 0;
  for (let i = 0; i < OPS; i++) {
    const peer = i & (PEERS - 1);
    const irq = i & (IRQS - 1);
    const offset = d.peerTriggerOffset(peer, irq);
    acc += w.translate(peer, offset) + d.peerTriggerData(peer, irq);
    if (d.recordUse(peer, irq)) acc++;
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

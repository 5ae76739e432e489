/**
 * The kernel's own views of a machine at the end of a run, read from the lower tables (irq_desc,
 * irq_data, the chips and domains, the vector domain, the IRTEs, the msi_descs, the peers'
 * descriptor copies) into plain data for the report layer: the one place that knows how the
 * machine's state maps onto /proc/interrupts and /sys/kernel/debug/irq/irqs/<N>. Cold: called
 * once, after the run.
 */
import { IRQCHIP_NAMES } from '../irq/chip.js';
import { IRQD_AFFINITY_MANAGED, IRQD_NAMES, IRQS_NAMES, flagNames } from '../irq/irq-flags.js';
import { MsiMsg } from '../irq/msi-msg.js';
import type {
  IrqLevelView,
  IrqView,
  KernelView,
  MsiDescView,
  MsiMsgView,
  PeerDescView,
  VectorLevelView,
} from '../metrics/kernel-view.js';
import { SWITCHTEC_PCI_NAME, SWITCHTEC_VECTOR_NAMES, type Machine } from './machine.js';
import { NTB_CLIENTS } from './clients/index.js';
import { MECH_MSI } from './queue-table.js';

/**
 * irqaction.name of the Switchtec function's four requested vectors: the switch driver requests
 * event and dma_rpc as KBUILD_MODNAME, ntb_hw_switchtec names its own two.
 */
const SWITCHTEC_ACTION_NAMES: Readonly<Record<(typeof SWITCHTEC_VECTOR_NAMES)[number], string>> = {
  event: 'switchtec',
  dma_rpc: 'switchtec',
  message: 'switchtec_ntb_message',
  doorbell: 'switchtec_ntb_doorbell',
};

/** Reads every irq's placement, counts and hierarchy, the arch rows and the IEC counters. */
export function readKernelView(m: Machine): KernelView {
  // The MSI queues of each virq (a shared irq has several), found once rather than per irq.
  const msiQueues = new Map<number, number[]>();
  for (let q = 0; q < m.queues.count; q++) {
    if (m.queues.mech[q] !== MECH_MSI) continue;
    const list = msiQueues.get(m.queues.virq[q]);
    if (list === undefined) msiQueues.set(m.queues.virq[q], [q]);
    else list.push(q);
  }
  const irqs: IrqView[] = [];
  for (let virq = 0; virq < m.desc.count; virq++) irqs.push(irqView(m, virq, msiQueues.get(virq) ?? []));
  const posted = m.cpuFlow.posted;
  const archRows = posted === null ? [] : [{ name: 'PMN', perCpu: Array.from(posted.notificationCount), description: 'Posted MSI notification event' }];
  const remap = m.remapper === null ? null : m.remapper.counters();
  return {
    cpus: m.config.cpus,
    irqs,
    archRows,
    iec: remap === null ? null : { hits: remap.cacheHits, misses: remap.cacheMisses },
  };
}

function irqView(m: Machine, virq: number, queues: readonly number[]): IrqView {
  const desc = m.desc;
  const levels: IrqLevelView[] = [];
  let cpu = -1;
  let vector = 0;
  let irteIndex = -1;
  for (let d = desc.topData[virq]; d >= 0; d = m.data.parent[d]) {
    const level = levelView(m, d);
    if (level.vector !== undefined && level.vector.vector !== 0) {
      cpu = level.vector.cpu;
      vector = level.vector.vector;
    }
    if (level.irte !== undefined) irteIndex = level.irte.index;
    levels.push(level);
  }
  const kstat: number[] = [];
  for (let c = 0; c < desc.cpus; c++) kstat.push(desc.kstatCpu[virq * desc.cpus + c]);
  const pendingMask = m.core.pendingMask[virq];
  return {
    virq,
    name: desc.names[virq],
    actionName: actionName(m, virq),
    handler: 'handle_edge_irq',
    flowName: 'edge',
    device: SWITCHTEC_PCI_NAME,
    istate: desc.istate[virq],
    istateNames: flagNames(desc.istate[virq], IRQS_NAMES),
    depth: desc.depth[virq],
    dstate: desc.irqdState[virq],
    dstateNames: flagNames(desc.irqdState[virq], IRQD_NAMES),
    affinity: m.core.affinity[virq].toString(),
    effective: desc.effectiveCpu[virq] >= 0 ? String(desc.effectiveCpu[virq]) : '',
    pending: pendingMask.toString(),
    kstat,
    levels,
    cpu,
    vector,
    irteIndex,
    peerDescs: queues.map((q) => peerDesc(m, q)),
  };
}

/** One irq_data level: domain, hwirq, chip, the message it composes, and its domain's own state. */
function levelView(m: Machine, d: number): IrqLevelView {
  const data = m.data;
  const chip = m.core.chips.chipOf(d);
  const msg = new MsiMsg();
  chip.irqComposeMsiMsg(d, msg);
  const domainId = data.domain[d];
  const level: IrqLevelView = {
    domain: m.core.domains.domains[domainId].name,
    hwirq: data.hwirq[d],
    chip: chip.name,
    chipFlags: chip.flags,
    chipFlagNames: flagNames(chip.flags, IRQCHIP_NAMES),
    composed: msgView(msg.addressHi, msg.addressLo, msg.data),
  };
  if (domainId === m.hierarchy.vector.id) return { ...level, vector: vectorLevel(m, d) };
  if (m.remapper !== null && domainId === m.remapper.id) return { ...level, irte: m.remapper.entryView(d) };
  if (domainId === m.switchtecDomain.id || domainId === m.ntbDomain?.id) return { ...level, msiDesc: msiDescLevel(m, d) };
  return level;
}

function vectorLevel(m: Machine, d: number): VectorLevelView {
  const v = m.hierarchy.vector;
  const a = v.apicd(d);
  return {
    vector: v.vector[a],
    cpu: v.cpu[a],
    prevVector: v.prevVector[a],
    prevCpu: v.prevCpu[a],
    moveInProgress: v.moveInProgress[a] === 1,
    isManaged: (m.desc.irqdState[v.virq[a]] & IRQD_AFFINITY_MANAGED) !== 0,
    canReserve: v.canReserve[a] === 1,
    hasReserved: v.hasReserved[a] === 1,
    cleanupPending: v.isCleanupPending(a),
  };
}

function msiDescLevel(m: Machine, d: number): MsiDescView {
  const t = m.hierarchy.msiDescs;
  const row = m.data.chipData[d];
  return {
    msiIndex: t.msiIndex[row],
    isVirtual: t.isVirtual[row] === 1,
    masked: t.maskBit[row] === 1,
    pending: t.pendingBit[row] === 1,
    msg: msgView(t.msgHi[row], t.msgLo[row], t.msgData[row]),
    msgWrites: t.msgWrites[row],
  };
}

function msgView(addressHi: number, addressLo: number, data: number): MsiMsgView {
  return { addressHi: addressHi >>> 0, addressLo: addressLo >>> 0, data: data >>> 0 };
}

/**
 * The requested handler's name: the Switchtec drivers' own, "ntb_transport" (KBUILD_MODNAME)
 * for a ring client's queue. MODEL: the raw client is no in-tree driver; its action carries the
 * irq's own name (peer3/q0) so the row says whose it is.
 */
function actionName(m: Machine, virq: number): string | null {
  if (m.desc.action[virq] < 0) return null;
  const k = m.switchtecVirq.indexOf(virq);
  if (k >= 0) return SWITCHTEC_ACTION_NAMES[SWITCHTEC_VECTOR_NAMES[k]];
  const q = m.desc.actionArg[virq];
  return (q >= 0 ? NTB_CLIENTS[m.queues.client[q]].actionName : undefined) ?? m.desc.names[virq];
}

/** What the peer of MSI queue `q` holds of its descriptor. */
function peerDesc(m: Machine, q: number): PeerDescView {
  const copies = m.peerDescs;
  return {
    peer: m.peerNames[m.queues.peer[q]],
    addrOffset: copies.offset[q],
    data: copies.data[q] >>> 0,
    version: copies.version[q],
    hostVersion: copies.hostVersion[q],
  };
}

/**
 * The Switchtec NTB function as this host sees it (drivers/pci/switch/switchtec.c,
 * drivers/ntb/hw/mscc/ntb_hw_switchtec.c): the PCI driver allocates nirqs MSI-X vectors, the
 * first msixTableSize real entries, the rest virtual (switchtec_init_isr: PCI_IRQ_VIRTUAL); the
 * switch driver requests event and dma_rpc, the NTB class interface's add_dev message and
 * doorbell, in that order (the mail's). Its doorbell and message registers, one set per peer
 * link. And the function signalling one of its real entries: masked, the PBA bit latches (the
 * event is sent on unmask); otherwise the entry's message is written upstream.
 */
import type { Simulator } from '../engine/simulator.js';
import { COALESCED_PENDING } from '../metrics/accounting.js';
import type { MsiDescTable } from '../irq/msi-desc-table.js';
import { SwitchtecDbMsg } from '../ntb/switchtec-dbmsg.js';
import type { MachineConfig } from './config.js';
import type { Delivery } from './delivery.js';
import { ACTION_DOORBELL, ACTION_MESSAGE, ACTION_SWITCHTEC } from './irq-actions.js';
import type { IrqHierarchy } from './irq-hierarchy.js';
import type { TriggerFates } from './trigger-fates.js';
import type { TriggerSlots } from './trigger-slots.js';

/** The Switchtec NTB function's PCI address (dev_name of its irqs, and of the NTB device on it). */
export const SWITCHTEC_PCI_NAME = '0000:03:00.1';

/** The Switchtec function's real MSI-X entries, in the order the drivers request them. */
export const SWITCHTEC_VECTOR_NAMES = ['event', 'dma_rpc', 'message', 'doorbell'] as const;
export const MSIX_EVENT = 0;
export const MSIX_DMA_RPC = 1;
export const MSIX_MESSAGE = 2;
export const MSIX_DOORBELL = 3;

// Requester IDs: the Switchtec NTB function, and the proxy IDs peer writes carry.
export const SWITCHTEC_RID = 0x0301;
export const PEER_PROXY_RID_BASE = 0x0380;

/**
 * switchtec_init_isr(): pci_alloc_irq_vectors(pdev, 1, nirqs, MSIX | VIRTUAL), then the four
 * requests in the drivers' order. Returns the virq of each real vector (event, dma_rpc,
 * message, doorbell).
 */
export function requestSwitchtecVectors(hierarchy: IrqHierarchy, ntb: MachineConfig['ntb']): Int32Array {
  const virqs: number[] = [];
  for (let i = 0; i < ntb.nirqs; i++) {
    const name = i < SWITCHTEC_VECTOR_NAMES.length ? `switchtec/${SWITCHTEC_VECTOR_NAMES[i]}` : `switchtec/msix${i}`;
    virqs.push(hierarchy.allocMsiIrq(hierarchy.switchtecDomain, name, i, i >= ntb.msixTableSize));
  }
  const virq = Int32Array.from(virqs.slice(0, SWITCHTEC_VECTOR_NAMES.length));
  // The switch driver requests event and dma_rpc; the NTB class interface's add_dev the other two.
  hierarchy.requestIrq(virq[MSIX_EVENT], ACTION_SWITCHTEC, -1);
  hierarchy.requestIrq(virq[MSIX_DMA_RPC], ACTION_SWITCHTEC, -1);
  hierarchy.requestIrq(virq[MSIX_MESSAGE], ACTION_MESSAGE, -1);
  hierarchy.requestIrq(virq[MSIX_DOORBELL], ACTION_DOORBELL, -1);
  return virq;
}

/** The doorbell and message registers of each peer link (MODEL: multi-peer devices get one Switchtec set per peer). */
export function createLinkRegisters(config: MachineConfig): SwitchtecDbMsg[] {
  return config.peers.map(
    () =>
      new SwitchtecDbMsg({
        partition: 0,
        peerPartition: 1,
        doorbellVector: MSIX_DOORBELL,
        messageVector: MSIX_MESSAGE,
        msgOverflow: config.ntb.messageOverflow,
      }),
  );
}

export interface SwitchtecFunctionOptions {
  readonly hierarchy: IrqHierarchy;
  readonly delivery: Delivery;
  readonly fates: TriggerFates;
  /** What each IRQS_PENDING flag (or a PBA bit held for the irq) carries, per virq. */
  readonly pending: TriggerSlots;
  readonly sim: Simulator;
}

export class SwitchtecFunction {
  readonly #descs: MsiDescTable;
  readonly #hierarchy: IrqHierarchy;
  readonly #delivery: Delivery;
  readonly #fates: TriggerFates;
  readonly #pending: TriggerSlots;
  readonly #sim: Simulator;

  constructor(options: SwitchtecFunctionOptions) {
    this.#hierarchy = options.hierarchy;
    this.#descs = options.hierarchy.msiDescs;
    this.#delivery = options.delivery;
    this.#fates = options.fates;
    this.#pending = options.pending;
    this.#sim = options.sim;
  }

  /** The function signals the entry of `virq` (a doorbell or message vector) for a peer's trigger. */
  sendVirq(virq: number, peer: number, triggerNs: number): void {
    const h = this.#hierarchy;
    this.sendMsix(h.data.chipData[h.desc.topData[virq]], peer, triggerNs);
  }

  /**
   * The function signals its real MSI-X entry `descRow`: masked, the PBA bit latches (and the
   * event waits for unmask); otherwise the entry's message is written upstream. peer -1: the
   * PBA's event sent on unmask (no trigger of its own).
   */
  sendMsix(descRow: number, peer: number, triggerNs: number): void {
    const descs = this.#descs;
    const virq = descs.virq[descRow];
    if (descs.maskBit[descRow]) {
      if (descs.pendingBit[descRow]) this.#fates.coalesced(virq, peer, COALESCED_PENDING, triggerNs, this.#sim.nowNs);
      else if (peer >= 0) this.#holdInPba(virq, peer, triggerNs);
      descs.pendingBit[descRow] = 1;
      return;
    }
    this.#delivery.deliverMsi(descs.msgLo[descRow] | 0, descs.msgData[descRow], SWITCHTEC_RID, virq, peer, triggerNs);
  }

  // A trigger held by the PBA bit is carried like an IRQS_PENDING one.
  #holdInPba(virq: number, peer: number, triggerNs: number): void {
    const now = this.#sim.nowNs;
    if (this.#pending.triggerNs[virq] >= 0) {
      this.#fates.coalesced(virq, peer, COALESCED_PENDING, triggerNs, now);
      return;
    }
    this.#pending.set(virq, triggerNs, peer, virq, now);
  }
}

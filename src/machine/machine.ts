/**
 * One simulated host: CPUs with local APICs, the x86 vector domain (and interrupt remapping),
 * the Switchtec function with its four real MSI-X vectors, the NTB device and its peers, and
 * the clients the peers feed. This is the only place where x86 and NTB meet. The build order
 * follows the mail: the switchtec PCI driver allocates nirqs vectors and requests event and
 * dma_rpc; the class interface's add_dev requests message and doorbell; the NTB core then
 * takes vectors for ntb_msi (today's virtual MSI-X entries, or the proposed NTB MSI domain).
 *
 * Time passes only in events (src/events.ts); everything an event does happens at its instant
 * and charges its cost to the CostMeter, which becomes the time the CPU stays busy.
 */
import { createSampler, type Sampler } from '../engine/distributions.js';
import { PRIO_URGENT } from '../engine/event-pool.js';
import { RngFactory, type RandomStream } from '../engine/rng.js';
import { Simulator } from '../engine/simulator.js';
import {
  EV_ACTION_DONE,
  EV_AFFINITY_REQUEST,
  EV_CPU_FREE,
  EV_IPI_VECTOR,
  EV_IRQBALANCE,
  EV_IRR_ARRIVE,
  EV_PEER_DESC_REFRESHED,
  EV_SOFTIRQ_STEP_DONE,
  EV_SOFTWARE_RESEND,
  EV_SOURCE_WRITE_LANDS,
  EV_SPIN_RECHECK,
  EV_VECTOR_CLEANUP,
  EV_WARMUP_END,
} from '../events.js';
import { IrqChipRegistry } from '../irq/chip.js';
import { CostMeter } from '../irq/cost-meter.js';
import { CpuMask } from '../irq/cpumask.js';
import { IrqDataTable } from '../irq/data-table.js';
import { IrqDescTable } from '../irq/desc-table.js';
import { IrqDomainRegistry } from '../irq/domain.js';
import { EDGE_DEFERRED, EDGE_RUN, EDGE_WAIT, handleEdgeIrq, handleIrqEventDone } from '../irq/handle-edge-irq.js';
import { IrqCore, LOG_NOBODY_CARED } from '../irq/irq-core.js';
import { IRQD_SETAFFINITY_PENDING, IRQ_HANDLED, IRQ_NONE } from '../irq/irq-flags.js';
import { irqSetAffinity } from '../irq/manage.js';
import { MsiDescTable } from '../irq/msi-desc-table.js';
import { MsiDomain } from '../irq/msi-domain.js';
import { PciMsixChip } from '../irq/pci-msix-chip.js';
import { IRQCHIP_MOVE_DEFERRED } from '../irq/chip.js';
import { NtbMsiChip } from '../ntb/ntb-msi-chip.js';
import {
  COALESCED_DOORBELL,
  COALESCED_IRR,
  COALESCED_PENDING,
  LOST_MSG_OVERFLOW,
  LOST_REMAP_BLOCKED,
  LOST_STALE_VECTOR,
  LOST_WINDOW_FAULT,
} from '../metrics/accounting.js';
import {
  CPU_EOIS,
  CPU_INTERRUPTS,
  CPU_IPIS,
  CPU_VECTOR_CLEANUPS,
  IRQ_AFFINITY_BUSY,
  IRQ_AFFINITY_REQUESTS,
  IRQ_PENDING_REPLAYS,
  IRQ_UNHANDLED,
  IRQ_WRITE_MSGS,
  Metrics,
  PEER_DESC_UPDATES,
  PEER_SPAD_READS,
  PEER_STALE_WRITES,
} from '../metrics/metrics.js';
import { STAGE_ACK, STAGE_DELIVERY, STAGE_END_TO_END, STAGE_HANDLER, STAGE_QUEUEING, STAGE_WRITE_MSG } from '../metrics/stages.js';
import { checkPeerCount } from '../ntb/device-limits.js';
import { NTB_WINDOW_ALIGN, alignDown } from '../ntb/ntb-window.js';
import { ENOSPC, errnoName } from '../irq/errno.js';
import { NtbMsiDescScratch, PeerDescCopies, computeDesc } from '../ntb/ntb-msi-desc.js';
import { MSG_DELIVERED, SWITCHTEC_DB_BITS, SWITCHTEC_MSG_COUNT, SwitchtecDbMsg } from '../ntb/switchtec-dbmsg.js';
import { createArrivalProcess } from '../traffic/arrival-process.js';
import type { ArrivalSpec } from '../traffic/arrival-spec.js';
import { LocalApic } from '../x86/local-apic.js';
import { DecodedMsi, MSI_FORMAT_COMPAT, MSI_FORMAT_REMAPPABLE, decodeMsiMsg } from '../x86/msi-msg.js';
import { REMAP_BLOCKED, REMAP_TRANSLATED, RemapResult, type InterruptRemapper } from '../x86/interrupt-remapper.js';
import { INTERRUPT_REMAPPERS } from '../x86/remappers.js';
import { VectorDomain } from '../x86/vector-domain.js';
import { VectorMatrix } from '../x86/vector-matrix.js';
import { NR_VECTORS, POSTED_MSI_NOTIFICATION_VECTOR, VECTOR_UNUSED } from '../x86/vectors.js';
import { PostedMsiDescriptors } from '../x86/posted-msi.js';
import type { MachineConfig, PeerConfig } from './config.js';
import { resolveCosts, sampleNs, type ResolvedCosts } from './costs.js';
import { Irqbalance } from './irqbalance.js';
import { PostedMsiHandler } from './posted-msi-handler.js';
import { CLIENT_PINGPONG, CLIENT_RING, MECH_DOORBELL, MECH_MESSAGE, MECH_MSI, QueueTable, clientCode } from './queue-table.js';
import { RxRing } from './rx-ring.js';
import { TaskletSoftirq } from './tasklet-softirq.js';
import { TriggerSlots } from './trigger-slots.js';

/** The Switchtec function's real MSI-X entries, in the order the drivers request them. */
export const SWITCHTEC_VECTOR_NAMES = ['event', 'dma_rpc', 'message', 'doorbell'] as const;
const MSIX_EVENT = 0;
const MSIX_DMA_RPC = 1;
const MSIX_MESSAGE = 2;
const MSIX_DOORBELL = 3;

// What a virq's action does (desc.action).
const ACTION_SWITCHTEC = 0; // event / dma_rpc: requested by the switch driver, never busy here
const ACTION_QUEUE_MSI = 1; // ntb_transport_isr / raw client ISR of one queue (actionArg = queue)
const ACTION_DOORBELL = 2; //  switchtec_ntb_doorbell_isr → ntb_db_event
const ACTION_MESSAGE = 3; //   switchtec_ntb_message_isr


// CPU states.
const CPU_IDLE = 0;
const CPU_HARDIRQ = 1;
const CPU_SPIN = 2;
const CPU_SOFTIRQ = 3;
const CPU_EXITING = 4;

// Requester IDs: the Switchtec NTB function, and the proxy ID peer writes carry.
const SWITCHTEC_RID = 0x0301;
const PEER_PROXY_RID_BASE = 0x0380;
const OTHER_BUS_RID = 0x0901;


/** The whole result a run produces besides metrics: the counts tests and reports want. */
export interface MachineCounters {
  readonly eventsDispatched: number;
  readonly irrCoalesced: number;
  readonly vectorMovesStarted: number;
  readonly vectorMovesCompleted: number;
  readonly cleanupRearms: number;
  readonly affinityBroken: number;
  readonly affinityBusy: number;
  readonly iecHits: number;
  readonly iecMisses: number;
  readonly iecFlushes: number;
  readonly remapFaults: number;
  readonly doorbellBitsCoalesced: number;
  readonly messagesOverflowed: number;
  readonly nobodyCared: number;
  readonly windowFaults: number;
  readonly republishes: number;
  readonly staleWrites: number;
  readonly sourceHeldBack: number;
}

/** Receives every event the machine dispatches, in order (for golden logs and the trace CSV). */
export type EventTracer = (timeNs: number, kind: number, a0: number, a1: number) => void;

export interface MachineOptions {
  /** Called before each event is handled. Off (undefined) costs nothing per event. */
  readonly trace?: EventTracer;
}

export class Machine {
  readonly config: MachineConfig;
  readonly sim: Simulator;
  readonly costs: ResolvedCosts;
  readonly metrics: Metrics;
  readonly core: IrqCore;
  readonly desc: IrqDescTable;
  readonly data: IrqDataTable;
  readonly matrix: VectorMatrix;
  readonly apic: LocalApic;
  readonly vector: VectorDomain;
  readonly remapper: InterruptRemapper | null;
  /** Posted-interrupt descriptors (PIR + ON), with posted MSI only. */
  readonly pid: PostedMsiDescriptors | null;
  readonly msiDescs: MsiDescTable;
  readonly switchtecDomain: MsiDomain;
  readonly switchtecChip: PciMsixChip;
  readonly ntbDomain: MsiDomain | null;
  /** The virq of each real Switchtec vector (event, dma_rpc, message, doorbell). */
  readonly switchtecVirq: Int32Array;
  /** Doorbell and message registers, one set per peer link (MODEL: multi-peer devices get one set per peer). */
  readonly dbmsg: SwitchtecDbMsg[] = [];
  readonly peerNames: string[] = [];
  readonly irqNames: string[] = [];

  /** The peers' queues (one row per queue pair). */
  readonly queues: QueueTable;
  /** What each peer holds of its queues' descriptors (msi mechanism). */
  readonly peerDesc: PeerDescCopies;
  /** When an affinity request started the republish now in flight, per queue (ns), -1: none. */
  readonly #moveRequestNs: Float64Array;
  /** ntb_transport receive rings (ring clients). */
  readonly rxRing: RxRing;
  readonly peerClient: Uint8Array;
  readonly peerPingDelayNs: Float64Array;

  // ---- per-CPU state ----
  readonly cpuState: Uint8Array;
  readonly cpuFreeEvent: Int32Array;
  readonly cpuBusyUntilNs: Float64Array;
  readonly cpuVirq: Int32Array; //      irq whose action (or spin) the CPU is in
  readonly cpuTriggerNs: Float64Array; // trigger behind the current action (-1 none)
  readonly cpuPeer: Int32Array;
  readonly cpuActionStartNs: Float64Array;
  readonly spinners: Int32Array; //      per virq: CPUs busy-waiting for INPROGRESS
  readonly cpuInterruptedSoftirq: Uint8Array; // the hardirq now running preempted a tasklet run
  readonly softirq: TaskletSoftirq;
  /** The IOMMU's posts and the notification handler, with posted MSI only. */
  readonly posted: PostedMsiHandler | null;
  readonly irqbalance: Irqbalance | null;

  /** What each pending IRR bit carries, [cpu * 256 + vector]; no trigger for an IPI resend. */
  readonly irr: TriggerSlots;
  /** What each IRQS_PENDING flag (or a PBA bit held for the irq) carries, per virq. */
  readonly pending: TriggerSlots;
  /** IEC-miss writes in flight (delivered after the miss penalty), and the free slots. */
  readonly #inIecMiss: TriggerSlots;
  readonly #missFree: Int32Array;
  #missFreeTop = 0;

  readonly #meter: CostMeter;
  /** Queues behind the shared doorbell vector, for the doorbell ISR's fan-out. */
  readonly #doorbellQueues: Int32Array;
  /** Some queue behind the doorbell vector is an ntb_transport (ring) client. */
  readonly #doorbellHasRing: boolean;
  /** Peers with message queues, and the queue behind (peer, message register), -1 none. */
  readonly #messagePeers: Int32Array;
  readonly #messageQueueOf: Int32Array;
  readonly #costRng: RandomStream;
  readonly #decoded = new DecodedMsi();
  readonly #remapped = new RemapResult();
  readonly #descScratch = new NtbMsiDescScratch();
  readonly #changeMasks: CpuMask[] = [];
  readonly #windowBase: number;
  readonly #windowSize: number;
  readonly #ackLevels: Int32Array; // chip levels an ack walks, per virq
  #sourceHeldBack = 0;
  #irrCoalesced = 0;
  #nobodyCared = 0;
  #windowFaults = 0;
  #republishes = 0;
  #staleWrites = 0;
  #ended = false;
  #built = false;
  /** When the kernel code now running started (a write_msi_msg inside it starts a republish then). */
  #flowAtNs = 0;

  // Costs read on the hot path, hoisted out of the records.
  readonly #entry: Sampler;
  readonly #exitNs: number;
  readonly #isrNs: number;
  readonly #deliveryNs: number;
  readonly #iecHitNs: number;
  readonly #iecMissExtraNs: number;
  readonly #mmioReadNs: number;
  readonly #mmioWriteNs: number;
  readonly #ackLevelNs: number;

  constructor(config: MachineConfig, options: MachineOptions = {}) {
    this.config = config;
    const cpus = config.cpus;
    this.costs = resolveCosts(config.costs);
    const c = this.costs.ns;
    this.#entry = this.costs.samplers.irqEntryNs;
    this.#exitNs = c.irqExitNs;
    this.#isrNs = c.isrNs;
    this.#deliveryNs = c.msiDeliveryNs;
    this.#iecHitNs = c.iecHitNs;
    this.#iecMissExtraNs = Math.max(0, c.iecMissNs - c.iecHitNs);
    this.#mmioReadNs = c.mmioReadNs;
    this.#mmioWriteNs = c.mmioWriteNs;
    this.#ackLevelNs = c.ackLevelNs;
    checkPeerCount(config.ntb.device, config.peers.length);

    const rngs = new RngFactory(config.seed);
    this.#costRng = rngs.stream('machine/costs');
    this.sim = new Simulator({ initialCapacity: 4096 });
    const trace = options.trace;
    this.sim.setDispatch(
      trace === undefined
        ? (kind, a0, a1) => this.#dispatch(kind, a0, a1)
        : (kind, a0, a1) => {
            trace(this.sim.nowNs, kind, a0, a1);
            this.#dispatch(kind, a0, a1);
          },
    );

    // ---- count what every table must hold ----
    let queueCount = 0;
    let msiQueues = 0;
    for (const p of config.peers) {
      queueCount += p.queues;
      if (p.mechanism === 'msi' && !p.shares) msiQueues += p.queues;
    }
    if (config.ntb.design === 'virtual-msix' && msiQueues > config.ntb.nirqs - SWITCHTEC_VECTOR_NAMES.length) {
      throw new RangeError(
        `ntb.nirqs: ${msiQueues} MSI queues need ${msiQueues} of the switchtec function's vectors, but nirqs = ` +
          `${config.ntb.nirqs} leaves ${config.ntb.nirqs - SWITCHTEC_VECTOR_NAMES.length} after event, dma_rpc, message and doorbell; ` +
          `raise nirqs (the module parameter) or use design "ntb-domain"`,
      );
    }
    const irqCapacity = config.ntb.nirqs + msiQueues + 4;
    const levels = config.remapping === 'off' ? 2 : 3;

    // ---- the generic irq core ----
    this.desc = new IrqDescTable(irqCapacity);
    this.data = new IrqDataTable(irqCapacity * levels);
    const chips = new IrqChipRegistry(this.data);
    const domains = new IrqDomainRegistry(this.desc, this.data);
    this.#meter = new CostMeter();
    const affinity: CpuMask[] = [];
    const pendingMask: CpuMask[] = [];
    for (let i = 0; i < irqCapacity; i++) {
      affinity.push(new CpuMask(cpus).fillFirst(cpus));
      pendingMask.push(new CpuMask(cpus));
    }
    const jiffyNs = Math.round(1e9 / config.hz);
    this.core = new IrqCore({
      desc: this.desc,
      data: this.data,
      chips,
      domains,
      meter: this.#meter,
      clock: this.sim,
      jiffyNs,
      affinity,
      pendingMask,
      hooks: {
        softwareResend: (virq) => {
          this.sim.scheduleAfter(jiffyNs, EV_SOFTWARE_RESEND, virq);
        },
        log: (kind) => {
          if (kind === LOG_NOBODY_CARED) this.#nobodyCared++;
        },
      },
      noIrqDebug: config.noirqdebug,
    });

    // ---- x86: vector matrix, local APICs, vector domain, remapping ----
    const posted = config.remapping === 'posted';
    // With CONFIG_X86_POSTED_MSI the first system vector is the notification vector, 0xeb.
    this.matrix = new VectorMatrix(cpus, posted);
    this.apic = new LocalApic(cpus);
    const online = new CpuMask(cpus).fillFirst(cpus);
    this.vector = new VectorDomain({
      core: this.core,
      matrix: this.matrix,
      apic: this.apic,
      sim: this.sim,
      costs: { eoiNs: c.eoiNs, vectorAssignNs: c.vectorAssignNs, ipiNs: c.ipiNs },
      cpus,
      capacity: irqCapacity,
      reservationMode: config.reservationMode,
      onlineMask: online,
    });
    let parentDomain = this.vector.id;
    if (config.remapping === 'off') {
      this.remapper = null;
      this.pid = null;
    } else {
      this.pid = posted ? new PostedMsiDescriptors(cpus) : null;
      this.vector.postedPir = this.pid;
      this.remapper = INTERRUPT_REMAPPERS.intel({
        core: this.core,
        vector: this.vector,
        entryWriteNs: c.irteWriteNs,
        cacheFlushNs: c.iecFlushNs,
        posted,
        deviceRid: SWITCHTEC_RID,
        sourceIdCheck: config.sourceIdCheck,
        capacity: irqCapacity * levels,
      });
      parentDomain = this.remapper.id;
    }

    // ---- the Switchtec function: nirqs MSI-X vectors, the first msixTableSize real ----
    this.msiDescs = new MsiDescTable(irqCapacity);
    const deviceHooks = {
      sendPending: (descRow: number) => this.#sendMsix(descRow, -1, -1),
      writeMsiMsgCallback: (descRow: number) => this.#ntbMsiWriteMsg(descRow),
    };
    const msiCosts = { mmioWriteNs: c.mmioWriteNs, mmioReadNs: c.mmioReadNs };
    const parentIsVector = config.remapping === 'off';
    const msixName = parentIsVector ? 'PCI-MSIX-0000:03:00.1' : 'IR-PCI-MSIX-0000:03:00.1';
    // x86_init_dev_msi_info(): on top of the vector domain a move waits for the next interrupt.
    const chipFlags = parentIsVector ? IRQCHIP_MOVE_DEFERRED : 0;
    this.switchtecChip = new PciMsixChip(this.msiDescs, this.#meter, deviceHooks, msiCosts);
    this.switchtecDomain = new MsiDomain(this.core, this.msiDescs, { name: msixName, parent: parentDomain, chipFlags, chip: this.switchtecChip });
    this.ntbDomain =
      config.ntb.design === 'ntb-domain'
        ? new MsiDomain(this.core, this.msiDescs, {
            name: 'NTB-MSI',
            parent: parentDomain,
            chipFlags,
            chip: new NtbMsiChip(this.msiDescs, deviceHooks.writeMsiMsgCallback),
          })
        : null;

    // switchtec_init_isr(): pci_alloc_irq_vectors(pdev, 1, nirqs, MSIX | VIRTUAL).
    const switchtecVirqs: number[] = [];
    for (let i = 0; i < config.ntb.nirqs; i++) {
      const name = i < SWITCHTEC_VECTOR_NAMES.length ? `switchtec/${SWITCHTEC_VECTOR_NAMES[i]}` : `switchtec/msix${i}`;
      const virq = this.#allocMsiIrq(this.switchtecDomain, name, i, i >= config.ntb.msixTableSize);
      switchtecVirqs.push(virq);
    }
    this.switchtecVirq = Int32Array.from(switchtecVirqs.slice(0, SWITCHTEC_VECTOR_NAMES.length));
    // The switch driver requests event and dma_rpc; the NTB class interface's add_dev the other two.
    this.#requestIrq(this.switchtecVirq[MSIX_EVENT], ACTION_SWITCHTEC, -1);
    this.#requestIrq(this.switchtecVirq[MSIX_DMA_RPC], ACTION_SWITCHTEC, -1);
    this.#requestIrq(this.switchtecVirq[MSIX_MESSAGE], ACTION_MESSAGE, -1);
    this.#requestIrq(this.switchtecVirq[MSIX_DOORBELL], ACTION_DOORBELL, -1);

    // ---- queues ----
    this.queues = new QueueTable(queueCount);
    this.peerDesc = new PeerDescCopies(queueCount);
    this.#moveRequestNs = new Float64Array(queueCount).fill(-1);
    const ringSizes: number[] = [];
    for (const p of config.peers) for (let i = 0; i < p.queues; i++) ringSizes.push(p.client === 'ring' ? p.ringSize : 0);
    this.rxRing = new RxRing(ringSizes);
    this.peerClient = new Uint8Array(config.peers.length);
    this.peerPingDelayNs = new Float64Array(config.peers.length);

    let q = 0;
    const doorbellBitsUsed = new Int32Array(config.peers.length);
    for (let peer = 0; peer < config.peers.length; peer++) {
      const p: PeerConfig = config.peers[peer];
      this.peerNames.push(p.name);
      this.peerClient[peer] = clientCode(p.client);
      this.peerPingDelayNs[peer] = p.pingDelayNs ?? 0;
      if (p.client === 'pingpong' && p.mechanism !== 'doorbell') {
        throw new RangeError(`peers[${peer}].client: pingpong plays over doorbells (ntb_pingpong), not ${p.mechanism}`);
      }
      this.dbmsg.push(
        new SwitchtecDbMsg({
          partition: 0,
          peerPartition: 1,
          doorbellVector: MSIX_DOORBELL,
          messageVector: MSIX_MESSAGE,
          msgOverflow: config.ntb.messageOverflow,
        }),
      );
      for (let i = 0; i < p.queues; i++, q++) {
        this.queues.peer[q] = peer;
        this.queues.mech[q] = p.mechanism === 'msi' ? MECH_MSI : p.mechanism === 'doorbell' ? MECH_DOORBELL : MECH_MESSAGE;
        this.queues.client[q] = clientCode(p.client);
        this.queues.wireNs[q] = p.linkLatencyNs * p.hops;
        this.queues.rxMaxEntry[q] = p.rxMaxEntry;
        this.queues.handlerRet[q] = p.handlerReturns === 'none' ? IRQ_NONE : IRQ_HANDLED;
        const rng = rngs.stream(`${p.name}/q${i}`);
        this.queues.rng.push(rng);
        // A ping-pong peer pings once at time 0; every later ping answers a pong.
        const arrival: ArrivalSpec = p.client === 'pingpong' ? { type: 'trace', timestamps: [0] } : p.arrival;
        this.queues.source.push(createArrivalProcess(arrival, rng, `peers[${peer}].arrival`));
        this.queues.itemWork.push(this.#itemSampler(p, peer));
        if (p.mechanism === 'msi' && p.shares) {
          // Triggers another peer's irq from a copy of its own: wired once every irq exists.
        } else if (p.mechanism === 'msi') {
          const virq = this.#takeNtbMsiIrq(`${p.name}/q${i}`, q);
          this.queues.virq[q] = virq;
          this.queues.desc[q] = this.data.chipData[this.desc.topData[virq]];
        } else if (p.mechanism === 'doorbell') {
          if (doorbellBitsUsed[peer] >= SWITCHTEC_DB_BITS) {
            throw new RangeError(`peers[${peer}].queues: the doorbell mechanism has ${SWITCHTEC_DB_BITS} doorbell bits per peer, ${p.queues} queues asked`);
          }
          this.queues.dbBit[q] = doorbellBitsUsed[peer]++;
          this.queues.virq[q] = this.switchtecVirq[MSIX_DOORBELL];
        } else {
          this.queues.msgIndex[q] = i % SWITCHTEC_MSG_COUNT;
          this.queues.virq[q] = this.switchtecVirq[MSIX_MESSAGE];
        }
      }
    }
    // ---- initial affinity rules (before the run, as /proc/irq/N/smp_affinity at boot) ----
    for (const rule of config.affinity) {
      const virq = this.irqBySelector(rule.irq);
      const mask = new CpuMask(cpus).fromList(rule.cpus);
      this.#meter.take();
      const ret = irqSetAffinity(this.core, virq, mask);
      if (ret < 0) throw new RangeError(`affinity ${rule.irq} → [${rule.cpus.join(',')}]: failed with ${errnoName(ret)}`);
      // A deferred move at boot completes by itself: nothing is flying yet.
      this.#completeBootMove(virq);
    }
    this.#meter.take();

    // ntb_msi_setup_mws(): after link-up (so after the boot affinity above) the window is placed
    // on the first descriptor's address; the peers then read every descriptor once.
    const winAlign = NTB_WINDOW_ALIGN[config.ntb.window.type];
    let windowBase = 0;
    for (let i = 0; i < queueCount; i++) {
      if (this.queues.mech[i] === MECH_MSI && this.queues.desc[i] >= 0) {
        windowBase = alignDown(this.msiDescs.msgLo[this.queues.desc[i]], winAlign);
        break;
      }
    }
    this.#windowBase = windowBase;
    this.#windowSize = config.ntb.window.sizeBytes;
    const dbQueues: number[] = [];
    const msgPeers = new Set<number>();
    this.#messageQueueOf = new Int32Array(config.peers.length * SWITCHTEC_MSG_COUNT).fill(-1);
    for (let i = 0; i < queueCount; i++) {
      if (this.queues.mech[i] === MECH_DOORBELL) dbQueues.push(i);
      if (this.queues.mech[i] === MECH_MESSAGE) {
        msgPeers.add(this.queues.peer[i]);
        // The first queue on a register takes its messages (queues share a register mod 4).
        const slot = this.queues.peer[i] * SWITCHTEC_MSG_COUNT + this.queues.msgIndex[i];
        if (this.#messageQueueOf[slot] < 0) this.#messageQueueOf[slot] = i;
      }
    }
    this.#doorbellQueues = Int32Array.from(dbQueues);
    this.#doorbellHasRing = dbQueues.some((q) => this.queues.client[q] === CLIENT_RING);
    this.#messagePeers = Int32Array.from([...msgPeers].sort((a, b) => a - b));
    // Sharers: queue i of a peer that `shares` another triggers that peer's queue i irq.
    const firstQueue: number[] = [];
    for (let peer = 0, n = 0; peer < config.peers.length; n += config.peers[peer].queues, peer++) firstQueue.push(n);
    for (let peer = 0; peer < config.peers.length; peer++) {
      const p = config.peers[peer];
      if (p.mechanism !== 'msi' || !p.shares) continue;
      const owner = config.peers.findIndex((o) => o.name === p.shares);
      if (owner < 0 || config.peers[owner].mechanism !== 'msi' || config.peers[owner].shares || p.queues > config.peers[owner].queues) {
        throw new RangeError(`peers[${peer}].shares: ${JSON.stringify(p.shares)} must name an msi peer with its own irqs and at least ${p.queues} queues`);
      }
      for (let i = 0; i < p.queues; i++) {
        const q = firstQueue[peer] + i;
        const target = firstQueue[owner] + i;
        this.queues.virq[q] = this.queues.virq[target];
        this.queues.desc[q] = this.queues.desc[target];
      }
    }
    // Initial publish: each peer reads its queues' descriptors once the link is up.
    for (let i = 0; i < queueCount; i++) {
      if (this.queues.mech[i] !== MECH_MSI) continue;
      const d = this.queues.desc[i];
      const ret = computeDesc(this.msiDescs.msgLo[d], this.msiDescs.msgData[d], windowBase, this.#windowSize, this.#descScratch);
      if (ret < 0) {
        throw new RangeError(
          `${this.desc.names[this.msiDescs.virq[d]]}: its MSI address 0x${this.msiDescs.msgLo[d].toString(16)} is outside the ` +
            `${config.ntb.window.type} window [0x${windowBase.toString(16)}, +0x${this.#windowSize.toString(16)}) ` +
            `(ntb_msi_set_desc: -EFAULT); use a larger window or interrupt remapping`,
        );
      }
      this.peerDesc.publish(i, this.#descScratch.addrOffset, this.#descScratch.data);
    }

    // ---- per-CPU and per-vector state ----
    this.cpuState = new Uint8Array(cpus);
    this.cpuFreeEvent = new Int32Array(cpus).fill(-1);
    this.cpuBusyUntilNs = new Float64Array(cpus);
    this.cpuVirq = new Int32Array(cpus).fill(-1);
    this.cpuTriggerNs = new Float64Array(cpus).fill(-1);
    this.cpuPeer = new Int32Array(cpus).fill(-1);
    this.cpuActionStartNs = new Float64Array(cpus);
    this.spinners = new Int32Array(irqCapacity);
    this.cpuInterruptedSoftirq = new Uint8Array(cpus);
    this.irr = new TriggerSlots(cpus * NR_VECTORS);
    this.pending = new TriggerSlots(irqCapacity);
    const missCap = 1024;
    this.#inIecMiss = new TriggerSlots(missCap);
    this.#missFree = new Int32Array(missCap);
    for (let i = missCap - 1; i >= 0; i--) this.#missFree[this.#missFreeTop++] = i;
    this.#ackLevels = new Int32Array(irqCapacity);
    for (let virq = 0; virq < this.desc.count; virq++) {
      let n = 0;
      for (let d = this.desc.topData[virq]; d >= 0; d = this.data.parent[d]) n++;
      this.#ackLevels[virq] = n - 1;
    }
    for (let virq = 0; virq < this.desc.count; virq++) this.irqNames.push(this.desc.names[virq]);

    // ---- metrics, sized now ----
    this.metrics = new Metrics({
      cpus,
      irqs: this.desc.count,
      peers: config.peers.length,
      durationNs: config.durationNs,
      intervalNs: config.statsIntervalNs,
      warmupNs: config.warmupNs,
      irqNames: this.irqNames,
      peerNames: this.peerNames,
    });
    this.softirq = new TaskletSoftirq(cpus, this.queues, this.rxRing, this.dbmsg, this.metrics, this.sim, {
      taskletNs: c.taskletNs,
      mmioReadNs: c.mmioReadNs,
      mmioWriteNs: c.mmioWriteNs,
    });
    this.posted =
      this.pid === null
        ? null
        : new PostedMsiHandler(cpus, this.pid, this.vector, this.apic, this.metrics, c, {
            enterFlow: (cpu, virq, atNs, triggerNs, peer) => this.#enterFlow(cpu, virq, atNs, triggerNs, peer),
            exitIrq: (cpu, atNs) => this.#cpuExit(cpu, atNs),
          });
    const ntbMsiIrqs: number[] = [];
    for (let virq = 0; virq < this.desc.count; virq++) if (this.desc.action[virq] === ACTION_QUEUE_MSI) ntbMsiIrqs.push(virq);
    this.irqbalance = config.irqbalanceIntervalNs === null ? null : new Irqbalance(this.desc, ntbMsiIrqs, cpus);

    this.#built = true;
    // ---- first events ----
    for (const change of config.affinityChanges) {
      const virq = this.irqBySelector(change.irq);
      this.#changeMasks.push(new CpuMask(cpus).fromList(change.cpus));
      this.sim.schedule(change.atNs, EV_AFFINITY_REQUEST, this.#changeMasks.length - 1, virq, PRIO_URGENT);
    }
    if (config.warmupNs > 0) this.sim.schedule(config.warmupNs, EV_WARMUP_END, 0, 0, PRIO_URGENT);
    if (config.irqbalanceIntervalNs !== null) {
      this.sim.schedule(config.irqbalanceIntervalNs, EV_IRQBALANCE, 0, 0, PRIO_URGENT);
    }
    for (let i = 0; i < queueCount; i++) this.#scheduleNextWrite(i);
  }

  /** Runs the whole workload; returns the stop reason of the engine. */
  run(): void {
    this.sim.run({ untilNs: this.config.durationNs });
    this.#closeBooks();
  }

  /** Runs until `untilNs` (for tests and progress reporting); call finish() after the last step. */
  runUntil(untilNs: number): void {
    this.sim.run({ untilNs: Math.min(untilNs, this.config.durationNs) });
  }

  /** Ends the run early at `endNs` (already reached): the books close there. */
  stopAt(endNs: number): void {
    if (endNs < this.sim.nowNs) throw new RangeError(`cannot stop at ${endNs} ns: already at ${this.sim.nowNs} ns`);
    this.#closeBooks();
  }

  finish(): void {
    if (this.sim.nowNs < this.config.durationNs) this.sim.run({ untilNs: this.config.durationNs });
    this.#closeBooks();
  }

  /** The virq an irq selector names: "<peer>/q<N>" or "switchtec/<vector>". */
  irqBySelector(selector: string): number {
    for (let virq = 0; virq < this.desc.count; virq++) if (this.desc.names[virq] === selector) return virq;
    throw new RangeError(`no irq named "${selector}"; irqs are ${this.desc.names.slice(0, this.desc.count).join(', ')}`);
  }

  counters(): MachineCounters {
    let doorbellCoalesced = 0;
    let overflowed = 0;
    for (const r of this.dbmsg) {
      doorbellCoalesced += r.dbBitsCoalesced;
      overflowed += r.msgOverwritten + r.msgDropped;
    }
    const remap = this.remapper === null ? null : this.remapper.counters();
    return {
      eventsDispatched: this.sim.dispatched,
      irrCoalesced: this.#irrCoalesced,
      vectorMovesStarted: this.vector.stats.movesStarted,
      vectorMovesCompleted: this.vector.stats.movesCompleted,
      cleanupRearms: this.vector.stats.cleanupRearms,
      affinityBroken: this.vector.stats.affinityBroken,
      affinityBusy: this.vector.stats.busyRejections,
      iecHits: remap === null ? 0 : remap.cacheHits,
      iecMisses: remap === null ? 0 : remap.cacheMisses,
      iecFlushes: remap === null ? 0 : remap.cacheFlushes,
      remapFaults: remap === null ? 0 : remap.faults,
      doorbellBitsCoalesced: doorbellCoalesced,
      messagesOverflowed: overflowed,
      nobodyCared: this.#nobodyCared,
      windowFaults: this.#windowFaults,
      republishes: this.#republishes,
      staleWrites: this.#staleWrites,
      sourceHeldBack: this.#sourceHeldBack,
    };
  }

  // =====================================================================================
  // Build helpers (cold)
  // =====================================================================================

  #allocMsiIrq(domain: MsiDomain, name: string, msiIndex: number, isVirtual: boolean): number {
    const descRow = this.msiDescs.allocDesc(msiIndex, isVirtual);
    const virq = this.core.domains.allocIrq(domain.id, name);
    domain.bindDesc(this.desc.topData[virq], descRow);
    return virq;
  }

  // request_irq(): install the action and start the irq (activation assigns the real vector).
  #requestIrq(virq: number, action: number, arg: number): void {
    this.desc.action[virq] = action;
    this.desc.actionArg[virq] = arg;
    this.#meter.take();
    const ret = this.core.domains.activateIrq(virq, false);
    if (ret < 0) {
      throw new RangeError(
        `request_irq(${this.desc.names[virq]}) failed with ${errnoName(ret)}${ret === -ENOSPC ? ': vector space exhausted' : ''} ` +
          `(${this.config.cpus} CPUs × ${this.matrix.availableOn(0) + this.matrix.allocatedOn(0)} vectors)`,
      );
    }
    this.desc.depth[virq] = 0;
    this.#meter.take();
  }

  /**
   * ntbm_msi_request_threaded_irq(): today's scheme takes the first switchtec descriptor with
   * no action (the irq_has_action() heuristic tglx criticises: a real, unrequested MSI-X entry
   * is taken before any virtual one); the proposed scheme allocates in the NTB MSI domain.
   */
  #takeNtbMsiIrq(name: string, queue: number): number {
    let virq = -1;
    if (this.ntbDomain === null) {
      for (let v = 0; v < this.desc.count; v++) {
        const top = this.desc.topData[v];
        if (this.data.domain[top] === this.switchtecDomain.id && this.desc.action[v] < 0) {
          virq = v;
          break;
        }
      }
      this.desc.names[virq] = name;
      this.msiDescs.hasWriteHook[this.data.chipData[this.desc.topData[virq]]] = 1;
    } else {
      virq = this.#allocMsiIrq(this.ntbDomain, name, 0x10000 + queue, true);
    }
    this.#requestIrq(virq, ACTION_QUEUE_MSI, queue);
    return virq;
  }

  #itemSampler(p: PeerConfig, peer: number): Sampler {
    return createSampler(p.itemWork, `peers[${peer}].itemWork`);
  }

  // At boot nothing is in flight: run the deferred move and its cleanup at once.
  #completeBootMove(virq: number): void {
    this.core.thisCpu = this.desc.effectiveCpu[virq];
    const d = this.desc.topData[virq];
    // irq_move_irq() from a (virtual) first interrupt, then irq_complete_move() on the new CPU.
    this.core.chips.chipOf(d).irqAck(d);
    const vd = this.data.findAtDomain(d, this.vector.id);
    const a = this.vector.apicd(vd);
    if (this.vector.moveInProgress[a]) {
      this.core.thisCpu = this.vector.cpu[a];
      this.vector.scheduleCleanup(a);
    }
    const cleanupCpu = this.vector.prevCpu[a];
    if (this.vector.cleanupTimer[cleanupCpu] >= 0) {
      this.sim.cancel(this.vector.cleanupTimer[cleanupCpu]);
      this.vector.vectorCleanup(cleanupCpu);
    }
  }

  // =====================================================================================
  // Dispatch
  // =====================================================================================

  #dispatch(kind: number, a0: number, a1: number): void {
    switch (kind) {
      case EV_SOURCE_WRITE_LANDS:
        this.#writeLands(a0);
        break;
      case EV_ACTION_DONE:
        this.#actionDone(a0, a1);
        break;
      case EV_CPU_FREE:
        this.cpuFreeEvent[a0] = -1;
        this.#cpuLeaveIrq(a0);
        break;
      case EV_IRR_ARRIVE:
        this.#irrArriveDelayed(a0, a1);
        break;
      case EV_SOFTIRQ_STEP_DONE:
        this.#softirqStepDone(a0);
        break;
      case EV_SPIN_RECHECK:
        this.#spinRecheck(a0, a1);
        break;
      case EV_VECTOR_CLEANUP:
        // A timer, run from the timer softirq: not inside a hard irq, but at its exit.
        if (this.cpuState[a0] === CPU_HARDIRQ || this.cpuState[a0] === CPU_SPIN) this.vector.deferCleanup(a0);
        else this.#vectorCleanup(a0);
        break;
      case EV_IPI_VECTOR:
        this.metrics.cpu.add(a0, CPU_IPIS, 1);
        this.#setIrr(a0, a1, -1, -1, -1);
        break;
      case EV_AFFINITY_REQUEST:
        this.#affinityRequest(a0, a1);
        break;
      case EV_PEER_DESC_REFRESHED:
        this.#peerDescRefreshed(a0);
        break;
      case EV_SOFTWARE_RESEND:
        this.#softwareResend(a0);
        break;
      case EV_IRQBALANCE:
        this.#irqbalance();
        break;
      case EV_WARMUP_END:
        this.metrics.startStatistics(this.sim.nowNs);
        break;
      default:
        throw new Error(`unknown event kind ${kind}`);
    }
  }

  // =====================================================================================
  // Peers: a trigger write, doorbell ring or message leaves a peer and lands here
  // =====================================================================================

  #scheduleNextWrite(q: number): void {
    this.#scheduleWriteAt(q, this.queues.source[q].nextArrivalNs());
  }

  /** The peer of queue `q` triggers at `arrivalNs` (at the peer): schedule where it lands here. */
  #scheduleWriteAt(q: number, arrivalNs: number): void {
    if (arrivalNs === Infinity || arrivalNs > this.config.durationNs) return;
    this.queues.nextArrivalNs[q] = arrivalNs;
    // Every interrupt write pays the root-complex delivery (and the IEC hit with remapping); a
    // doorbell or message pays the switch's latency before it emits its MSI-X.
    // MODEL: the whole path is folded into one landing time, so the doorbell/message register
    // latches (and coalesces) msiDelivery later than the hardware would; the order is kept.
    let landNs = arrivalNs + this.queues.wireNs[q] + this.#deliveryNs + (this.remapper !== null ? this.#iecHitNs : 0);
    const mech = this.queues.mech[q];
    if (mech === MECH_DOORBELL) landNs += this.costs.ns.doorbellLatencyNs;
    else if (mech === MECH_MESSAGE) landNs += this.costs.ns.messageLatencyNs;
    // PCIe keeps posted writes in order: a write never overtakes the previous one.
    if (landNs < this.queues.lastLandNs[q]) landNs = this.queues.lastLandNs[q];
    this.queues.lastLandNs[q] = landNs;
    this.sim.schedule(landNs, EV_SOURCE_WRITE_LANDS, q);
  }

  #writeLands(q: number): void {
    const triggerNs = this.queues.nextArrivalNs[q];
    const peer = this.queues.peer[q];
    this.#scheduleNextWrite(q);
    // The ring client puts the item in the receive ring before it rings; a full ring holds it back.
    if (this.queues.client[q] === CLIENT_RING && !this.rxRing.push(q, triggerNs)) {
      this.#sourceHeldBack++;
      return;
    }
    const virq = this.queues.virq[q];
    this.metrics.triggered(virq, peer, this.sim.nowNs);
    const mech = this.queues.mech[q];
    if (mech === MECH_MSI) {
      // ntb_msi_peer_trigger(): one posted 32-bit write of the descriptor the peer held then.
      const copies = this.peerDesc;
      const prev = copies.usedPrevious(q, triggerNs);
      const offset = prev ? copies.prevOffset[q] : copies.offset[q];
      const data = prev ? copies.prevData[q] : copies.data[q];
      const version = prev ? copies.prevVersion[q] : copies.version[q];
      if (version < copies.hostVersion[q]) {
        this.#staleWrites++;
        this.metrics.peer.add(peer, PEER_STALE_WRITES, 1);
      }
      const addressLo = (this.#windowBase + offset) | 0;
      this.#deliverMsi(addressLo, data, PEER_PROXY_RID_BASE + (peer & 0x7f), virq, peer, triggerNs);
    } else if (mech === MECH_DOORBELL) {
      // The peer's odb write latches our idb bit; only a rising, unmasked bit sends the MSI-X.
      const signal = this.dbmsg[peer].ring(1 << this.queues.dbBit[q]);
      if (signal === 0) {
        this.metrics.coalesced(virq, peer, COALESCED_DOORBELL, this.sim.nowNs);
        return;
      }
      this.#sendMsix(this.data.chipData[this.desc.topData[virq]], peer, triggerNs);
    } else {
      const regs = this.dbmsg[peer];
      const signal = regs.peerMsgWrite(this.queues.msgIndex[q], q, peer);
      if (regs.lastMsgResult !== MSG_DELIVERED) {
        this.metrics.lost(virq, peer, LOST_MSG_OVERFLOW, this.sim.nowNs);
        return;
      }
      if (signal === 0) {
        this.metrics.coalesced(virq, peer, COALESCED_DOORBELL, this.sim.nowNs);
        return;
      }
      this.#sendMsix(this.data.chipData[this.desc.topData[virq]], peer, triggerNs);
    }
  }

  /**
   * The Switchtec function signals one of its real MSI-X entries: masked, the PBA bit latches
   * (and the event waits for unmask); otherwise the entry's message is written upstream.
   */
  #sendMsix(descRow: number, peer: number, triggerNs: number): void {
    const descs = this.msiDescs;
    const virq = descs.virq[descRow];
    if (descs.maskBit[descRow]) {
      if (descs.pendingBit[descRow]) this.metrics.coalesced(virq, peer, COALESCED_PENDING, this.sim.nowNs);
      else if (peer >= 0) this.#holdInPba(virq, peer, triggerNs);
      descs.pendingBit[descRow] = 1;
      return;
    }
    this.#deliverMsi(descs.msgLo[descRow] | 0, descs.msgData[descRow], SWITCHTEC_RID, virq, peer, triggerNs);
  }

  // A trigger held by the PBA bit is carried like an IRQS_PENDING one.
  #holdInPba(virq: number, peer: number, triggerNs: number): void {
    if (this.pending.triggerNs[virq] >= 0) {
      this.metrics.coalesced(virq, peer, COALESCED_PENDING, this.sim.nowNs);
      return;
    }
    this.pending.set(virq, triggerNs, peer, virq, this.sim.nowNs);
  }

  // =====================================================================================
  // Delivery: message decode, interrupt remapping, the local APIC
  // =====================================================================================

  // PERF: `addressLo` is the address's 32 bits as an int32 (decodeMsiMsg reads only bits): as a
  // uint32 an address at 0xFEExxxxx is past 2^31 and would be boxed, one heap number a write.
  #deliverMsi(addressLo: number, data: number, requesterId: number, virq: number, peer: number, triggerNs: number): void {
    const remapper = this.remapper;
    if (remapper !== null) {
      const r = this.#remapped;
      const how = remapper.remapMsi(addressLo, data, this.config.dmaAliasQuirk ? requesterId : OTHER_BUS_RID, r);
      if (how === REMAP_BLOCKED) {
        this.metrics.lost(virq, peer, LOST_REMAP_BLOCKED, this.sim.nowNs);
        return;
      }
      if (how === REMAP_TRANSLATED) {
        if (r.posted === 1) this.#postToPid(r.cpu, r.vector, virq, peer, triggerNs);
        else if (r.cacheHit === 0 && this.#iecMissExtraNs > 0) this.#deliverAfterMiss(r.cpu, r.vector, virq, peer, triggerNs);
        else this.#setIrr(r.cpu, r.vector, virq, peer, triggerNs);
        return;
      }
    }
    // Not remapped: the root complex reads the message as written.
    const dec = this.#decoded;
    decodeMsiMsg(addressLo, 0, data, dec);
    if (dec.format === MSI_FORMAT_COMPAT && dec.destApicId < this.config.cpus) {
      this.#setIrr(dec.destApicId, dec.vector, virq, peer, triggerNs);
    } else {
      // A remappable-format message with remapping off is blocked; anything else is no interrupt the window reaches.
      this.metrics.lost(virq, peer, dec.format === MSI_FORMAT_REMAPPABLE ? LOST_REMAP_BLOCKED : LOST_WINDOW_FAULT, this.sim.nowNs);
    }
  }

  // Posted MSI: the IOMMU posts to the CPU's descriptor and notifies only if ON was clear.
  #postToPid(cpu: number, vector: number, virq: number, peer: number, triggerNs: number): void {
    const posted = this.posted as PostedMsiHandler;
    if (posted.post(cpu, vector, virq, peer, triggerNs, this.sim.nowNs)) this.#setIrr(cpu, POSTED_MSI_NOTIFICATION_VECTOR, -1, -1, -1);
  }

  #deliverAfterMiss(cpu: number, vector: number, virq: number, peer: number, triggerNs: number): void {
    if (this.#missFreeTop === 0) throw new RangeError('more than 1024 IEC-miss writes in flight');
    const slot = this.#missFree[--this.#missFreeTop];
    this.#inIecMiss.set(slot, triggerNs, peer, virq, this.sim.nowNs);
    this.sim.scheduleAfter(this.#iecMissExtraNs, EV_IRR_ARRIVE, cpu * NR_VECTORS + vector, slot);
  }

  #irrArriveDelayed(cpuVector: number, slot: number): void {
    this.#missFree[this.#missFreeTop++] = slot;
    const w = this.#inIecMiss;
    const virq = w.virq[slot];
    const peer = w.peer[slot];
    const triggerNs = w.triggerNs[slot];
    w.clear(slot);
    this.#setIrr((cpuVector / NR_VECTORS) | 0, cpuVector % NR_VECTORS, virq, peer, triggerNs);
  }

  /** The write sets IRR on `cpu`: one pending bit per vector, so a set bit absorbs it. */
  #setIrr(cpu: number, vector: number, virq: number, peer: number, triggerNs: number): void {
    const now = this.sim.nowNs;
    if (this.apic.setIrr(cpu, vector) === 0) {
      this.#irrCoalesced++;
      if (virq >= 0) this.metrics.coalesced(virq, peer, COALESCED_IRR, now);
      return;
    }
    this.irr.set(cpu * NR_VECTORS + vector, triggerNs, peer, virq, now);
    if (triggerNs >= 0) this.metrics.recordLatency(STAGE_DELIVERY, peer, now - triggerNs, now);
    const state = this.cpuState[cpu];
    if (state === CPU_IDLE) this.#cpuServe(cpu);
    else if (state === CPU_SOFTIRQ) this.#interruptSoftirq(cpu);
    else if (state === CPU_EXITING && this.cpuFreeEvent[cpu] < 0) {
      // The CPU left irq context at busyUntil unless that is still ahead.
      if (this.cpuBusyUntilNs[cpu] <= now) this.#cpuLeaveIrq(cpu);
      else this.cpuFreeEvent[cpu] = this.sim.schedule(this.cpuBusyUntilNs[cpu], EV_CPU_FREE, cpu);
    }
  }

  // =====================================================================================
  // The CPU: entry, handle_edge_irq, the action, softirq, exit
  // =====================================================================================

  /** An idle CPU (IF=1) takes the highest deliverable vector, if any. */
  #cpuServe(cpu: number): void {
    const vector = this.apic.deliverable(cpu);
    if (vector < 0) {
      this.cpuState[cpu] = CPU_IDLE;
      return;
    }
    const now = this.sim.nowNs;
    this.apic.accept(cpu, vector);
    this.metrics.cpuEnter(cpu, now);
    this.metrics.cpu.add(cpu, CPU_INTERRUPTS, 1);
    this.cpuState[cpu] = CPU_HARDIRQ;
    const slot = cpu * NR_VECTORS + vector;
    const irr = this.irr;
    const triggerNs = irr.triggerNs[slot];
    const peer = irr.peer[slot];
    const meant = irr.virq[slot];
    irr.clear(slot);
    if (triggerNs >= 0) this.metrics.recordLatency(STAGE_QUEUEING, peer, now - irr.setNs[slot], now);
    const entryNs = sampleNs(this.#entry, this.#costRng);
    if (vector === POSTED_MSI_NOTIFICATION_VECTOR && this.posted !== null) {
      // sysvec_posted_msi_notification(): demultiplex the PIR, one EOI at the end.
      this.posted.start(cpu, now + entryNs);
      return;
    }
    // common_interrupt(): vector_irq[vector] names the irq, or nothing after a cleanup.
    const virq = this.vector.vectorIrq[slot];
    if (virq < 0) {
      if (virq !== VECTOR_UNUSED) this.vector.vectorIrq[slot] = VECTOR_UNUSED;
      if (meant >= 0 && triggerNs >= 0) this.metrics.lost(meant, peer, LOST_STALE_VECTOR, now);
      this.apic.eoi(cpu);
      this.metrics.cpu.add(cpu, CPU_EOIS, 1);
      this.#cpuExit(cpu, now + entryNs + this.costs.ns.eoiNs);
      return;
    }
    let carriesTrigger = triggerNs >= 0;
    if (carriesTrigger && meant !== virq) {
      // The vector now belongs to another irq: the writer's interrupt is lost, this one is spurious.
      this.metrics.lost(meant, peer, LOST_STALE_VECTOR, now);
      carriesTrigger = false;
    }
    this.#enterFlow(cpu, virq, now + entryNs, carriesTrigger ? triggerNs : -1, carriesTrigger ? peer : -1);
  }

  // handle_edge_irq() on `cpu` starting at `atNs`.
  #enterFlow(cpu: number, virq: number, atNs: number, triggerNs: number, peer: number): void {
    const core = this.core;
    core.thisCpu = cpu;
    this.#flowAtNs = atNs;
    this.#meter.take();
    const r = handleEdgeIrq(core, virq, cpu, this.config.edgeMigrationFix);
    const ackNs = this.#meter.take() + this.#ackLevels[virq] * this.#ackLevelNs;
    // Posted MSI acks with a dummy: the notification handler EOIs once for all its vectors.
    if (this.pid === null && r !== EDGE_WAIT) this.metrics.cpu.add(cpu, CPU_EOIS, 1);
    if (r === EDGE_RUN) {
      if (triggerNs >= 0) this.metrics.recordLatency(STAGE_ACK, peer, ackNs, atNs);
      this.#startAction(cpu, virq, atNs + ackNs, triggerNs, peer);
    } else if (r === EDGE_WAIT) {
      // Busy-wait for INPROGRESS on the old CPU (irq_wait_on_inprogress), holding the trigger.
      this.cpuState[cpu] = CPU_SPIN;
      this.cpuVirq[cpu] = virq;
      this.cpuTriggerNs[cpu] = triggerNs;
      this.cpuPeer[cpu] = peer;
      this.spinners[virq]++;
    } else {
      if (r === EDGE_DEFERRED && triggerNs >= 0) {
        // IRQS_PENDING now carries this trigger; a second one merges into it.
        if (this.pending.triggerNs[virq] >= 0) this.metrics.coalesced(virq, peer, COALESCED_PENDING, atNs);
        else {
          this.pending.set(virq, triggerNs, peer, virq, atNs);
        }
      }
      this.#cpuExit(cpu, atNs + ackNs);
    }
  }

  // handle_irq_event(): the action runs from startNs; its length is the client's handler work.
  #startAction(cpu: number, virq: number, startNs: number, triggerNs: number, peer: number): void {
    this.cpuVirq[cpu] = virq;
    this.cpuTriggerNs[cpu] = triggerNs;
    this.cpuPeer[cpu] = peer;
    this.cpuActionStartNs[cpu] = startNs;
    this.cpuState[cpu] = CPU_HARDIRQ;
    const work = this.#actionWork(cpu, virq, startNs);
    this.sim.schedule(startNs + work, EV_ACTION_DONE, cpu, virq);
  }

  /** The ISR's own time; ring clients only schedule tasklets here, their items run in softirq. */
  #actionWork(cpu: number, virq: number, startNs: number): number {
    const action = this.desc.action[virq];
    let ns = this.#isrNs;
    if (action === ACTION_QUEUE_MSI) {
      const q = this.desc.actionArg[virq];
      if (this.queues.client[q] === CLIENT_RING) this.softirq.schedule(cpu, q);
      else ns += sampleNs(this.queues.itemWork[q], this.queues.rng[q]);
    } else if (action === ACTION_DOORBELL) {
      // switchtec_ntb_doorbell_isr → ntb_db_event → the client's db_event callback.
      const dbQueues = this.#doorbellQueues;
      // ntb_transport_doorbell_callback() reads the doorbell register first, whatever it finds
      // (its msi_db_mask test), then schedules the tasklets.
      if (this.#doorbellHasRing) ns += this.#mmioReadNs;
      for (let j = 0; j < dbQueues.length; j++) {
        const q = dbQueues[j];
        if (this.queues.client[q] === CLIENT_RING) {
          // ntb_transport: one vector, so every queue's tasklet is scheduled on every doorbell.
          this.softirq.schedule(cpu, q);
        } else if (this.queues.client[q] === CLIENT_PINGPONG) {
          ns += this.#pingpongDbEvent(q, startNs + ns);
        } else {
          // Raw client: read, clear and handle its bit in the callback.
          // MODEL: the register is read and cleared when the action starts, not ns into it.
          const regs = this.dbmsg[this.queues.peer[q]];
          const bit = 1 << this.queues.dbBit[q];
          ns += this.#mmioReadNs;
          if (regs.read() & bit) {
            regs.clear(bit);
            ns += this.#mmioWriteNs + sampleNs(this.queues.itemWork[q], this.queues.rng[q]);
          }
        }
      }
    } else if (action === ACTION_MESSAGE) {
      // switchtec_ntb_message_isr: read all four imsg, clear the set ones, hand each to the
      // client's msg_event (a ring client defers to its tasklet, a raw one does the item now).
      // MODEL: the driver's ISR only handles its own link message (switchtec_ntb_check_link):
      // it has no ntb_msg_event() and ntb_hw_switchtec no msg_* ops, so message clients are a
      // what-if; the register reads and clears are the driver's. Every peer link with message
      // queues is read (one register set per link here).
      const peers = this.#messagePeers;
      for (let j = 0; j < peers.length; j++) {
        const p = peers[j];
        const regs = this.dbmsg[p];
        for (let i = 0; i < SWITCHTEC_MSG_COUNT; i++) {
          ns += this.#mmioReadNs;
          if (!regs.clearMsgStatus(i)) continue;
          ns += this.#mmioWriteNs;
          const q = this.#messageQueueOf[p * SWITCHTEC_MSG_COUNT + i];
          if (q < 0) continue;
          if (this.queues.client[q] === CLIENT_RING) this.softirq.schedule(cpu, q);
          else ns += sampleNs(this.queues.itemWork[q], this.queues.rng[q]);
        }
      }
    }
    return ns;
  }

  /**
   * ntb_pingpong's db_event for queue `q` at `atNs`: read the doorbell, mask and clear the bit,
   * and after delay_ms ring the peer, which answers after its own delay. Returns the handler's
   * ns. MODEL: the pong timer's own CPU time and the peer's side are folded into one round trip.
   */
  #pingpongDbEvent(q: number, atNs: number): number {
    const regs = this.dbmsg[this.queues.peer[q]];
    const bit = 1 << this.queues.dbBit[q];
    let ns = this.#mmioReadNs;
    if ((regs.read() & bit) === 0) return ns;
    regs.clear(bit);
    ns += 2 * this.#mmioWriteNs + sampleNs(this.queues.itemWork[q], this.queues.rng[q]);
    const c = this.costs.ns;
    const delay = this.peerPingDelayNs[this.queues.peer[q]];
    // host delay → ring the peer (odb write, across the link, the peer's switch) → the peer's
    // interrupt and its own delay → its ring back, whose landing #scheduleWriteAt computes.
    const pingNs = atNs + ns + delay + this.#mmioWriteNs + this.queues.wireNs[q] + c.doorbellLatencyNs + c.peerIrqNs + delay;
    this.#scheduleWriteAt(q, pingNs);
    return ns;
  }

  #actionDone(cpu: number, virq: number): void {
    const now = this.sim.nowNs;
    const triggerNs = this.cpuTriggerNs[cpu];
    const peer = this.cpuPeer[cpu];
    const action = this.desc.action[virq];
    const ret = action === ACTION_QUEUE_MSI ? this.queues.handlerRet[this.desc.actionArg[virq]] : IRQ_HANDLED;
    if (triggerNs >= 0) {
      this.metrics.handled(virq, peer, now);
      this.metrics.recordLatency(STAGE_HANDLER, peer, now - this.cpuActionStartNs[cpu], now);
      // A ring client's items record their own end-to-end latency when softirq has done them.
      if (this.peerClient[peer] !== CLIENT_RING) this.metrics.recordLatency(STAGE_END_TO_END, peer, now - triggerNs, now);
    } else {
      this.metrics.spurious(virq, now);
    }
    if (ret === IRQ_NONE) this.metrics.irq.add(virq, IRQ_UNHANDLED, 1);
    this.core.thisCpu = cpu;
    this.#meter.take();
    const r = handleIrqEventDone(this.core, virq, cpu, ret);
    if (this.spinners[virq] > 0) this.#wakeSpinners(virq);
    if (r === EDGE_RUN) {
      // IRQS_PENDING was set meanwhile: another turn of the loop for the trigger it carries.
      this.metrics.irq.add(virq, IRQ_PENDING_REPLAYS, 1);
      const t = this.pending.triggerNs[virq];
      const p = this.pending.peer[virq];
      this.pending.clear(virq);
      this.#startAction(cpu, virq, now + this.#meter.take(), t, p);
      return;
    }
    this.cpuVirq[cpu] = -1;
    this.#cpuExit(cpu, now + this.#meter.take());
  }

  // __vector_cleanup() on `cpu`, counting the vectors it frees.
  #vectorCleanup(cpu: number): void {
    const before = this.vector.stats.movesCompleted;
    this.vector.vectorCleanup(cpu);
    this.metrics.cpu.add(cpu, CPU_VECTOR_CLEANUPS, this.vector.stats.movesCompleted - before);
  }

  #wakeSpinners(virq: number): void {
    for (let cpu = 0; cpu < this.config.cpus; cpu++) {
      if (this.cpuState[cpu] === CPU_SPIN && this.cpuVirq[cpu] === virq) {
        this.sim.schedule(this.sim.nowNs, EV_SPIN_RECHECK, cpu, virq, PRIO_URGENT);
      }
    }
  }

  #spinRecheck(cpu: number, virq: number): void {
    if (this.cpuState[cpu] !== CPU_SPIN) return;
    this.spinners[virq]--;
    this.#enterFlow(cpu, virq, this.sim.nowNs, this.cpuTriggerNs[cpu], this.cpuPeer[cpu]);
  }

  /** irq_exit() at `atNs`: softirqs (tasklets) run first, then the CPU returns and takes the next vector. */
  #cpuExit(cpu: number, atNs: number): void {
    if (this.posted !== null && this.posted.inHandler(cpu)) {
      this.posted.resume(cpu, atNs);
      return;
    }
    // MODEL: a cleanup timer that fired during the irq runs here, at the event that ends the
    // irq, not at its exact exit time atNs.
    if (this.vector.isCleanupDeferred(cpu)) this.#vectorCleanup(cpu);
    if (this.cpuInterruptedSoftirq[cpu]) {
      // irq_exit() inside softirq runs no softirq (in_interrupt()): iret back to the tasklet run.
      this.cpuInterruptedSoftirq[cpu] = 0;
      const resumeNs = atNs + this.#exitNs;
      this.cpuState[cpu] = CPU_SOFTIRQ;
      this.cpuBusyUntilNs[cpu] = resumeNs;
      this.metrics.cpuExit(cpu, resumeNs);
      this.softirq.resume(cpu, resumeNs);
      if (this.apic.deliverable(cpu) >= 0) this.#interruptSoftirq(cpu);
      return;
    }
    if (this.softirq.hasWork(cpu)) {
      this.cpuState[cpu] = CPU_SOFTIRQ;
      this.cpuBusyUntilNs[cpu] = atNs;
      this.softirq.runNext(cpu, atNs);
      return;
    }
    this.#cpuReturn(cpu, atNs);
  }

  /**
   * A vector is pending on a CPU in softirq. handle_softirqs() runs with interrupts enabled, so
   * the CPU takes it at once, or as soon as it is back in the tasklet run (busyUntil), pausing
   * the run. // MODEL: the tail of the last run before irq exit (its doorbell reads) is not
   * preemptible: the CPU leaves softirq when it ends.
   */
  #interruptSoftirq(cpu: number): void {
    const backNs = this.cpuBusyUntilNs[cpu];
    if (backNs > this.sim.nowNs) {
      if (this.cpuFreeEvent[cpu] < 0) this.cpuFreeEvent[cpu] = this.sim.schedule(backNs, EV_CPU_FREE, cpu);
      return;
    }
    if (this.apic.deliverable(cpu) < 0) return;
    this.softirq.pause(cpu);
    this.cpuInterruptedSoftirq[cpu] = 1;
    this.#cpuServe(cpu);
  }

  /**
   * irq_exit() without softirq work, then iret at atNs + exit. An event is scheduled only if a
   * vector is already waiting; otherwise the next IRR arrival notices the CPU has left.
   */
  #cpuReturn(cpu: number, atNs: number): void {
    const freeNs = atNs + this.#exitNs;
    this.cpuState[cpu] = CPU_EXITING;
    this.cpuBusyUntilNs[cpu] = freeNs;
    if (freeNs <= this.sim.nowNs) {
      this.#cpuLeaveIrq(cpu);
      return;
    }
    if (this.apic.deliverable(cpu) >= 0 && this.cpuFreeEvent[cpu] < 0) {
      // PERF: only when a vector waits; otherwise the next IRR arrival notices the CPU has left.
      this.cpuFreeEvent[cpu] = this.sim.schedule(freeNs, EV_CPU_FREE, cpu);
    }
  }

  #cpuLeaveIrq(cpu: number): void {
    if (this.cpuState[cpu] === CPU_SOFTIRQ) {
      this.#interruptSoftirq(cpu);
      return;
    }
    if (this.cpuState[cpu] !== CPU_EXITING) return;
    this.metrics.cpuExit(cpu, this.cpuBusyUntilNs[cpu]);
    this.cpuState[cpu] = CPU_IDLE;
    this.#cpuServe(cpu);
  }

  // One tasklet run has done its items: the next tasklet, or back from irq.
  #softirqStepDone(cpu: number): void {
    const atNs = this.softirq.runDone(cpu);
    if (this.softirq.hasWork(cpu)) this.softirq.runNext(cpu, atNs);
    else this.#cpuReturn(cpu, atNs);
  }

  #softwareResend(virq: number): void {
    // resend_irqs(): the flow handler runs from the tasklet on the irq's CPU.
    const cpu = this.desc.effectiveCpu[virq];
    if (cpu < 0 || this.cpuState[cpu] !== CPU_IDLE) return;
    this.metrics.cpuEnter(cpu, this.sim.nowNs);
    this.cpuState[cpu] = CPU_HARDIRQ;
    this.#enterFlow(cpu, virq, this.sim.nowNs, -1, -1);
  }

  // =====================================================================================
  // Affinity changes and the descriptor republish to peers
  // =====================================================================================

  #affinityRequest(changeRow: number, virq: number): void {
    this.#requestAffinity(virq, this.#changeMasks[changeRow]);
  }

  // echo mask > /proc/irq/N/smp_affinity
  #requestAffinity(virq: number, mask: CpuMask): void {
    this.metrics.irq.add(virq, IRQ_AFFINITY_REQUESTS, 1);
    const isNtbMsi = this.desc.action[virq] === ACTION_QUEUE_MSI;
    if (isNtbMsi) for (let q = 0; q < this.queues.count; q++) if (this.queues.virq[q] === virq) this.#moveRequestNs[q] = this.sim.nowNs;
    // MODEL: process context on some CPU; its cost is the write-msg stage, not CPU busy time here.
    this.core.thisCpu = this.desc.effectiveCpu[virq];
    this.#flowAtNs = this.sim.nowNs;
    this.#meter.take();
    const ret = irqSetAffinity(this.core, virq, mask);
    const costNs = this.#meter.take();
    // With remapping a move is made at once, unless a move or cleanup is still in flight
    // (-EBUSY): then it waits as a pending move for a later interrupt's ack (irq_move_irq).
    const deferred = this.remapper !== null && ret >= 0 && (this.desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING) !== 0;
    if (deferred) this.metrics.irq.add(virq, IRQ_AFFINITY_BUSY, 1);
    // With remapping the move is complete once the IRTE is flushed: the peers hold a valid message.
    // MODEL: a deferred move books no write_msg sample when a later ack finally makes it.
    if (this.remapper !== null && ret >= 0 && !deferred && isNtbMsi) {
      for (let q = 0; q < this.queues.count; q++) {
        if (this.queues.virq[q] !== virq) continue;
        this.metrics.recordLatency(STAGE_WRITE_MSG, this.queues.peer[q], costNs, this.sim.nowNs);
        this.#moveRequestNs[q] = -1;
      }
    }
  }

  // irqbalance's pass, and its next wake-up.
  #irqbalance(): void {
    (this.irqbalance as Irqbalance).rebalance((virq, mask) => this.#requestAffinity(virq, mask));
    const next = this.sim.nowNs + (this.config.irqbalanceIntervalNs as number);
    if (next < this.config.durationNs) this.sim.schedule(next, EV_IRQBALANCE, 0, 0, PRIO_URGENT);
  }

  /**
   * ntb_msi_write_msg(): the descriptor's message changed (a move without remapping). The
   * descriptor is recomputed against the window (-EFAULT: the peer keeps the old one) and
   * desc_changed republishes it: scratchpads rewritten, the reserved doorbell bit rung on the
   * peer, which takes its interrupt and re-reads the spads across the NTB.
   */
  #ntbMsiWriteMsg(descRow: number): void {
    // During the build the peers are told once, after the window is set (ntb_msi_setup_mws).
    if (!this.#built) return;
    const virq = this.msiDescs.virq[descRow];
    if (virq < 0 || this.desc.action[virq] !== ACTION_QUEUE_MSI) return;
    this.metrics.irq.add(virq, IRQ_WRITE_MSGS, 1);
    const ret = computeDesc(this.msiDescs.msgLo[descRow], this.msiDescs.msgData[descRow], this.#windowBase, this.#windowSize, this.#descScratch);
    if (ret < 0) {
      // ntb_msi_set_desc() -EFAULT: WARN, and the peers keep the old descriptor.
      this.#windowFaults++;
      return;
    }
    this.#republishes++;
    const c = this.costs.ns;
    for (let q = 0; q < this.queues.count; q++) {
      if (this.queues.virq[q] !== virq) continue;
      this.peerDesc.republish(q);
      // spad writes are local; the notice rides a doorbell to the peer, which takes its
      // interrupt and reads 2 spads back across the NTB (each read a round trip of the link).
      const wire = this.queues.wireNs[q];
      const refreshNs = wire + c.doorbellLatencyNs + c.peerIrqNs + 2 * (c.peerSpadReadNs + 2 * wire);
      const startNs = Math.max(this.#flowAtNs, this.sim.nowNs) + this.#meter.ns;
      this.sim.schedule(startNs + refreshNs, EV_PEER_DESC_REFRESHED, q);
    }
  }

  #peerDescRefreshed(q: number): void {
    const peer = this.queues.peer[q];
    this.metrics.peer.add(peer, PEER_DESC_UPDATES, 1);
    this.metrics.peer.add(peer, PEER_SPAD_READS, 2);
    const d = this.queues.desc[q];
    computeDesc(this.msiDescs.msgLo[d], this.msiDescs.msgData[d], this.#windowBase, this.#windowSize, this.#descScratch);
    this.peerDesc.refresh(q, this.#descScratch.addrOffset, this.#descScratch.data, this.sim.nowNs);
    if (this.#moveRequestNs[q] >= 0) {
      this.metrics.recordLatency(STAGE_WRITE_MSG, peer, this.sim.nowNs - this.#moveRequestNs[q], this.sim.nowNs);
      this.#moveRequestNs[q] = -1;
    }
  }

  // =====================================================================================
  // End of run: every trigger still unresolved is in flight; the identity must hold
  // =====================================================================================

  #closeBooks(): void {
    if (this.#ended) return;
    this.#ended = true;
    const m = this.metrics;
    const cpus = this.config.cpus;
    this.softirq.closeRuns(this.sim.nowNs);
    const irr = this.irr;
    for (let slot = 0; slot < irr.size; slot++) if (irr.carries(slot)) m.addInFlight(irr.virq[slot], irr.peer[slot], 1);
    if (this.posted !== null) this.posted.addInFlight();
    const pending = this.pending;
    for (let virq = 0; virq < this.desc.count; virq++) if (pending.carries(virq)) m.addInFlight(virq, pending.peer[virq], 1);
    for (let cpu = 0; cpu < cpus; cpu++) {
      const s = this.cpuState[cpu];
      if (s === CPU_EXITING) m.cpuExit(cpu, Math.min(this.cpuBusyUntilNs[cpu], this.sim.nowNs));
      if ((s === CPU_HARDIRQ || s === CPU_SPIN) && this.cpuVirq[cpu] >= 0 && this.cpuTriggerNs[cpu] >= 0) {
        m.addInFlight(this.cpuVirq[cpu], this.cpuPeer[cpu], 1);
      }
    }
    // A write still waiting out its IEC miss (a freed slot was cleared when it arrived).
    const miss = this.#inIecMiss;
    for (let slot = 0; slot < miss.size; slot++) if (miss.carries(slot)) m.addInFlight(miss.virq[slot], miss.peer[slot], 1);
  }
}


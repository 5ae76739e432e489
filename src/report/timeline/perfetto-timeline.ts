/**
 * timeline.json: the machine's spans (src/metrics/span-sink.ts) as a Chrome Trace Event Format
 * file that ui.perfetto.dev and chrome://tracing open as it is, streamed into a StreamedFile
 * while the run goes on (one line per event; nothing per event is kept).
 *
 * Layout: process 1 is the host, one thread (track) per simulated CPU with its slices: the hard
 * irq (ph X, named by the irq it served, vector, hwirq and peer in args), inside it the ack chain
 * and the action (handle_irq_event), or the posted-MSI notification handler; softirq
 * (handle_softirqs running TASKLET_SOFTIRQ) as a B/E pair, its tasklet runs inside as X; vector
 * cleanup as an instant. Counter tracks per CPU: IRR depth and busy (1 in hard irq or softirq).
 * Process 2 holds one thread per peer: an instant where each trigger was written, one where a
 * trigger was coalesced or lost (with the reason), and a flow arrow (ph s → ph f, bound to the
 * action slice) from each trigger to the handler run that served it.
 *
 * Why softirq is B/E: its first tasklet run starts at the same ns and ends before it, so as X
 * events the child would come first in the file; a B written when softirq starts keeps the
 * parent first (consumers sort by time, in file order at equal times).
 * Times are µs with three decimals: the simulated ns kept exactly.
 */
import { COALESCE_REASON_NAMES, LOST_REASON_NAMES } from '../../metrics/accounting.js';
import { SPAN_FATE_COALESCED, type SpanSink } from '../../metrics/span-sink.js';
import type { StreamedFile } from '../streamed-file.js';
import type { TimelineNames } from './timeline-names.js';
import { usText, type TimelineWindow } from './timeline-window.js';

/** The file's name in a run folder. */
export const TIMELINE_JSON = 'timeline.json';

const HOST_PID = 1;
const PEERS_PID = 2;
/** Peer threads' tids start here, clear of the CPUs' (tids are one namespace across processes in Perfetto). */
const PEER_TID_BASE = 1_000_000;
/** irqreturn_t IRQ_HANDLED. */
const IRQ_HANDLED = 1;

export class PerfettoTimeline implements SpanSink {
  readonly #file: StreamedFile;
  readonly #from: number;
  readonly #to: number;
  readonly #names: TimelineNames;
  /** [virq] the JSON text of the irq's slice name and args prefix, made once. */
  readonly #irqJson: string[] = [];
  readonly #peerJson: string[];
  // Per-CPU open spans (NaN: none).
  readonly #hardStart: Float64Array;
  readonly #hardVector: Int32Array;
  readonly #hardVirq: Int32Array;
  readonly #hardPeer: Int32Array;
  /** The hard irq ran the posted-MSI notification handler (sysvec_posted_msi_notification). */
  readonly #hardPosted: Uint8Array;
  readonly #actStart: Float64Array;
  readonly #actTrigger: Float64Array;
  readonly #actPeer: Int32Array;
  readonly #softStart: Float64Array;
  /** The softirq's B was written (its E is owed). */
  readonly #softBegun: Uint8Array;
  readonly #taskStart: Float64Array;
  readonly #taskQueue: Int32Array;
  /** Open hard irqs and softirqs per CPU; the busy counter is 1 while > 0. */
  readonly #depth: Int32Array;
  /** A busy → 0 not yet written (NaN: none): dropped when the CPU is busy again at the same ns. */
  readonly #idleAt: Float64Array;
  #flows = 0;
  #first = true;
  /** Events written, metadata included. */
  events = 0;

  constructor(file: StreamedFile, names: TimelineNames, window: TimelineWindow) {
    this.#file = file;
    this.#names = names;
    this.#from = window.fromNs;
    this.#to = window.toNs;
    const n = names.cpus;
    this.#hardStart = new Float64Array(n).fill(NaN);
    this.#hardVector = new Int32Array(n);
    this.#hardVirq = new Int32Array(n).fill(-1);
    this.#hardPeer = new Int32Array(n).fill(-1);
    this.#hardPosted = new Uint8Array(n);
    this.#actStart = new Float64Array(n).fill(NaN);
    this.#actTrigger = new Float64Array(n).fill(-1);
    this.#actPeer = new Int32Array(n).fill(-1);
    this.#softStart = new Float64Array(n).fill(NaN);
    this.#softBegun = new Uint8Array(n);
    this.#taskStart = new Float64Array(n).fill(NaN);
    this.#taskQueue = new Int32Array(n);
    this.#depth = new Int32Array(n);
    this.#idleAt = new Float64Array(n).fill(NaN);
    for (let v = 0; v < names.irqName.length; v++) {
      const name = names.irqName[v];
      if (name !== undefined) this.#irqJson[v] = `${JSON.stringify(`irq ${v} ${name}`)}`;
    }
    this.#peerJson = names.peers.map((p) => JSON.stringify(p));
    this.#header();
  }

  // --- SpanSink -------------------------------------------------------------------------------

  trigger(virq: number, peer: number, triggerNs: number, atNs: number): void {
    if (!this.#inside(triggerNs)) return;
    this.#event(
      `{"name":"trigger irq ${virq}","cat":"trigger","ph":"i","s":"t","pid":${PEERS_PID},"tid":${PEER_TID_BASE + peer},"ts":${usText(triggerNs)},` +
        `"args":{"irq":${virq},"landed_us":${usText(atNs)}}}`,
    );
  }

  fate(fate: number, reason: number, virq: number, peer: number, triggerNs: number, atNs: number): void {
    if (!this.#inside(atNs)) return;
    const why = fate === SPAN_FATE_COALESCED ? COALESCE_REASON_NAMES[reason] : LOST_REASON_NAMES[reason];
    const what = fate === SPAN_FATE_COALESCED ? 'coalesced' : 'lost';
    this.#event(
      `{"name":"${what} (${why}) irq ${virq}","cat":"${what}","ph":"i","s":"t","pid":${PEERS_PID},"tid":${PEER_TID_BASE + peer},"ts":${usText(atNs)},` +
        `"args":{"irq":${virq},"reason":"${why}","written_us":${usText(triggerNs)}}}`,
    );
  }

  hardirqEnter(cpu: number, vector: number, atNs: number): void {
    this.#hardStart[cpu] = atNs;
    this.#hardVector[cpu] = vector;
    this.#hardVirq[cpu] = -1;
    this.#hardPeer[cpu] = -1;
    this.#hardPosted[cpu] = 0;
    this.#busy(cpu, atNs, 1);
  }

  ackChain(cpu: number, virq: number, startNs: number, endNs: number): void {
    if (this.#hardVirq[cpu] < 0) this.#hardVirq[cpu] = virq;
    this.#slice(cpu, `"ack+EOI irq ${virq}","cat":"ack"`, startNs, endNs, `{"irq":${virq}}`);
  }

  actionStart(cpu: number, virq: number, atNs: number, triggerNs: number, peer: number): void {
    if (this.#hardVirq[cpu] < 0) this.#hardVirq[cpu] = virq;
    if (this.#hardPeer[cpu] < 0) this.#hardPeer[cpu] = peer;
    this.#actStart[cpu] = atNs;
    this.#actTrigger[cpu] = triggerNs;
    this.#actPeer[cpu] = peer;
  }

  actionEnd(cpu: number, virq: number, atNs: number, ret: number): void {
    const start = this.#actStart[cpu];
    if (Number.isNaN(start)) return;
    this.#actStart[cpu] = NaN;
    this.#action(cpu, virq, start, atNs, ret === IRQ_HANDLED ? 'handled' : 'unhandled');
  }

  hardirqExit(cpu: number, atNs: number): void {
    this.#hardirq(cpu, atNs);
    this.#busy(cpu, atNs, -1);
  }

  postedNotification(cpu: number, startNs: number, endNs: number): void {
    this.#hardPosted[cpu] = 1;
    this.#slice(cpu, `"posted-MSI notification","cat":"posted"`, startNs, endNs, '{}');
  }

  softirqEnter(cpu: number, atNs: number): void {
    this.#softStart[cpu] = atNs;
    this.#softBegun[cpu] = 0;
    if (atNs >= this.#from && atNs <= this.#to) this.#softBegin(cpu, atNs);
    this.#busy(cpu, atNs, 1);
  }

  softirqExit(cpu: number, atNs: number): void {
    this.#softirqEnd(cpu, atNs);
    this.#busy(cpu, atNs, -1);
  }

  taskletStart(cpu: number, queue: number, atNs: number): void {
    this.#taskStart[cpu] = atNs;
    this.#taskQueue[cpu] = queue;
  }

  taskletEnd(cpu: number, queue: number, atNs: number, items: number): void {
    const start = this.#taskStart[cpu];
    if (Number.isNaN(start)) return;
    this.#taskStart[cpu] = NaN;
    this.#slice(cpu, `"tasklet q${queue}","cat":"tasklet"`, start, atNs, `{"queue":${queue},"items":${items},"function":"ntb_transport_rxc_db"}`);
  }

  vectorCleanup(cpu: number, atNs: number, freed: number): void {
    if (!this.#inside(atNs)) return;
    this.#event(`{"name":"vector cleanup","cat":"vector","ph":"i","s":"t","pid":${HOST_PID},"tid":${cpu + 1},"ts":${usText(atNs)},"args":{"freed":${freed}}}`);
  }

  irrDepth(cpu: number, depth: number, atNs: number): void {
    if (!this.#inside(atNs)) return;
    this.#event(`{"name":"IRR depth CPU ${cpu}","ph":"C","pid":${HOST_PID},"ts":${usText(atNs)},"args":{"vectors":${depth}}}`);
  }

  /**
   * Ends what is still open at `endNs` (the run's end: the seam gives no end call for it),
   * closes the JSON and leaves the file to be committed.
   */
  finish(endNs: number): void {
    for (let cpu = 0; cpu < this.#names.cpus; cpu++) {
      if (!Number.isNaN(this.#taskStart[cpu])) this.taskletEnd(cpu, this.#taskQueue[cpu], endNs, 0);
      if (!Number.isNaN(this.#actStart[cpu])) {
        const start = this.#actStart[cpu];
        this.#actStart[cpu] = NaN;
        this.#action(cpu, this.#hardVirq[cpu], start, endNs, 'running');
      }
      if (!Number.isNaN(this.#hardStart[cpu])) this.#hardirq(cpu, endNs);
      if (!Number.isNaN(this.#softStart[cpu])) this.#softirqEnd(cpu, endNs);
      const idle = this.#idleAt[cpu];
      if (!Number.isNaN(idle)) this.#busyCounter(cpu, idle, 0);
    }
    this.#file.write('\n]}\n');
  }

  // --- writing --------------------------------------------------------------------------------

  #header(): void {
    const n = this.#names;
    this.#file.write('{"displayTimeUnit":"ns","otherData":{"generator":"irqstorm","units":"simulated time, ts and dur in µs"},"traceEvents":[\n');
    this.#meta(HOST_PID, 0, 'process_name', `{"name":${JSON.stringify(`${n.title}: host`)}}`);
    this.#meta(HOST_PID, 0, 'process_sort_index', '{"sort_index":0}');
    for (let cpu = 0; cpu < n.cpus; cpu++) {
      this.#meta(HOST_PID, cpu + 1, 'thread_name', `{"name":"CPU ${cpu}"}`);
      this.#meta(HOST_PID, cpu + 1, 'thread_sort_index', `{"sort_index":${cpu}}`);
    }
    this.#meta(PEERS_PID, 0, 'process_name', `{"name":${JSON.stringify(`${n.title}: peers (triggers)`)}}`);
    this.#meta(PEERS_PID, 0, 'process_sort_index', '{"sort_index":1}');
    for (let p = 0; p < n.peers.length; p++) {
      this.#meta(PEERS_PID, PEER_TID_BASE + p, 'thread_name', `{"name":${this.#peerJson[p]}}`);
      this.#meta(PEERS_PID, PEER_TID_BASE + p, 'thread_sort_index', `{"sort_index":${p}}`);
    }
  }

  #meta(pid: number, tid: number, name: string, args: string): void {
    this.#event(`{"name":"${name}","ph":"M","pid":${pid}${tid === 0 ? '' : `,"tid":${tid}`},"args":${args}}`);
  }

  #event(json: string): void {
    this.#file.write(this.#first ? json : `,\n${json}`);
    this.#first = false;
    this.events++;
  }

  #inside(ns: number): boolean {
    return ns >= this.#from && ns <= this.#to;
  }

  /**
   * A complete slice on `cpu`'s track when it starts inside the window, cut at the window's end;
   * `nameCat` is the JSON of name and cat. One that started before the window is left out: cut
   * at the window's start, it would start together with the slices inside it, which are written
   * before it (at their own ends), and a consumer would nest them the wrong way round.
   */
  #slice(cpu: number, nameCat: string, startNs: number, endNs: number, args: string): boolean {
    if (!this.#inside(startNs)) return false;
    const e = Math.min(endNs, this.#to);
    this.#event(`{"name":${nameCat},"ph":"X","pid":${HOST_PID},"tid":${cpu + 1},"ts":${usText(startNs)},"dur":${usText(Math.round(e) - Math.round(startNs))},"args":${args}}`);
    return true;
  }

  #action(cpu: number, virq: number, startNs: number, endNs: number, ret: string): void {
    const peer = this.#actPeer[cpu];
    const triggerNs = this.#actTrigger[cpu];
    const served = peer >= 0 && triggerNs >= 0 ? `,"peer":${this.#peerJson[peer]},"written_us":${usText(triggerNs)}` : ',"spurious":true';
    const nameCat = `${this.#irqJson[virq] ?? `"irq ${virq}"`},"cat":"action"`;
    if (!this.#slice(cpu, nameCat, startNs, endNs, `{"irq":${virq},"ret":"${ret}"${served}}`)) return;
    // The arrow from the trigger to this run, when both ends are kept: s binds to the trigger's
    // instant (same thread, same time, written after it), f to the enclosing slice (bp "e"):
    // the action just written.
    if (peer < 0 || triggerNs < this.#from || startNs > this.#to) return;
    const id = ++this.#flows;
    this.#event(`{"name":"served","cat":"flow","ph":"s","id":${id},"pid":${PEERS_PID},"tid":${PEER_TID_BASE + peer},"ts":${usText(triggerNs)}}`);
    this.#event(`{"name":"served","cat":"flow","ph":"f","bp":"e","id":${id},"pid":${HOST_PID},"tid":${cpu + 1},"ts":${usText(startNs)}}`);
  }

  #hardirq(cpu: number, endNs: number): void {
    const start = this.#hardStart[cpu];
    if (Number.isNaN(start)) return;
    this.#hardStart[cpu] = NaN;
    const virq = this.#hardVirq[cpu];
    const vector = this.#hardVector[cpu];
    const peer = this.#hardPeer[cpu];
    const vec = vector < 0 ? '"resend"' : `"0x${vector.toString(16)}"`;
    // A posted notification is named by its vector's handler; it may run several irqs (irq: the first).
    const name =
      this.#hardPosted[cpu] === 1
        ? '"posted MSI notification"'
        : virq < 0
          ? `"vector ${vector < 0 ? 'resend' : `0x${vector.toString(16)}`}"`
          : (this.#irqJson[virq] ?? `"irq ${virq}"`);
    const hwirq = virq < 0 ? -1 : (this.#names.hwirq[virq] ?? -1);
    const args = `{"irq":${virq},"vector":${vec},"hwirq":${hwirq}${peer >= 0 ? `,"peer":${this.#peerJson[peer]}` : ''}}`;
    this.#slice(cpu, `${name},"cat":"hardirq"`, start, endNs, args);
  }

  #softBegin(cpu: number, atNs: number): void {
    this.#softBegun[cpu] = 1;
    this.#event(`{"name":"softirq TASKLET","cat":"softirq","ph":"B","pid":${HOST_PID},"tid":${cpu + 1},"ts":${usText(atNs)},"args":{"vec":6}}`);
  }

  #softirqEnd(cpu: number, atNs: number): void {
    if (Number.isNaN(this.#softStart[cpu])) return;
    this.#softStart[cpu] = NaN;
    // Begun before the window (left out, as a slice would be) or after it: no B was written.
    if (this.#softBegun[cpu] === 0) return;
    this.#softBegun[cpu] = 0;
    this.#event(`{"name":"softirq TASKLET","cat":"softirq","ph":"E","pid":${HOST_PID},"tid":${cpu + 1},"ts":${usText(Math.min(atNs, this.#to))}}`);
  }

  /** One more (+1) or one fewer (-1) open hard irq or softirq on `cpu` at `atNs`. */
  #busy(cpu: number, atNs: number, step: number): void {
    const before = this.#depth[cpu];
    this.#depth[cpu] = before + step;
    if (before === 0 && step > 0) {
      const idle = this.#idleAt[cpu];
      this.#idleAt[cpu] = NaN;
      // A hard irq that ends where softirq starts is one busy stretch, not a 0 and a 1 at the same ns.
      if (idle === atNs) return;
      if (!Number.isNaN(idle)) this.#busyCounter(cpu, idle, 0);
      this.#busyCounter(cpu, atNs, 1);
    } else if (before === 1 && step < 0) {
      this.#idleAt[cpu] = atNs;
    }
  }

  #busyCounter(cpu: number, atNs: number, busy: number): void {
    if (!this.#inside(atNs)) return;
    this.#event(`{"name":"busy CPU ${cpu}","ph":"C","pid":${HOST_PID},"ts":${usText(atNs)},"args":{"busy":${busy}}}`);
  }
}

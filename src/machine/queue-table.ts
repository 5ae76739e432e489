/**
 * The peers' queues, one row per queue pair, struct-of-arrays: how each queue signals the host
 * (MSI through the window, a doorbell bit, a message register), which irq its trigger is for,
 * its client, its link and the traffic source behind it. The machine fills the rows while it
 * builds; after that only lastLandNs and nextArrivalNs change.
 */
import type { Sampler } from '../engine/distributions.js';
import type { RandomStream } from '../engine/rng.js';
import type { ArrivalProcess } from '../traffic/arrival-process.js';

/** How a queue signals the host. */
export const MECH_MSI = 0;
export const MECH_DOORBELL = 1;
export const MECH_MESSAGE = 2;

export class QueueTable {
  readonly count: number;
  readonly peer: Int32Array;
  readonly mech: Uint8Array; //         MECH_*
  readonly client: Uint8Array; //       its client kind's index in NTB_CLIENTS (clients/index.ts)
  readonly virq: Int32Array; //         the irq a trigger is for (msi: its own; else the switchtec vector)
  readonly dbBit: Int32Array; //        doorbell bit (doorbell mechanism), -1 none
  readonly msgIndex: Int32Array; //     message register (message mechanism), -1 none
  readonly desc: Int32Array; //         msi_desc row (msi mechanism), -1 none
  readonly wireNs: Float64Array; //     link latency to the host (hops × per hop)
  readonly lastLandNs: Float64Array; // posted writes stay ordered: never land before the previous one
  readonly nextArrivalNs: Float64Array; // when the peer made the write now on its way
  readonly rxMaxEntry: Int32Array; //   most ring entries one tasklet run takes (ntb_transport: the ring's frame count)
  readonly handlerRet: Uint8Array; //   IRQ_HANDLED or IRQ_NONE from a raw client's handler
  readonly source: ArrivalProcess[] = [];
  readonly itemWork: Sampler[] = [];
  readonly rng: RandomStream[] = [];

  constructor(count: number) {
    this.count = count;
    this.peer = new Int32Array(count);
    this.mech = new Uint8Array(count);
    this.client = new Uint8Array(count);
    this.virq = new Int32Array(count).fill(-1);
    this.dbBit = new Int32Array(count).fill(-1);
    this.msgIndex = new Int32Array(count).fill(-1);
    this.desc = new Int32Array(count).fill(-1);
    this.wireNs = new Float64Array(count);
    this.lastLandNs = new Float64Array(count);
    this.nextArrivalNs = new Float64Array(count);
    this.rxMaxEntry = new Int32Array(count);
    this.handlerRet = new Uint8Array(count);
  }
}

/**
 * What each peer holds of its queues' MSI descriptors ({addr_offset, data}, read from the
 * scratchpads, ntb_msi_peer_trigger's input) against what the host last published. A move
 * without remapping rewrites the message; the host republishes (desc_changed) and bumps its
 * version, and until the peer has re-read the scratchpads its writes use the old copy. The
 * copy before the last refresh is kept for writes the peer issued before that refresh.
 */
export class PeerDescCopies {
  readonly offset: Float64Array;
  readonly data: Uint32Array;
  readonly version: Int32Array;
  readonly prevOffset: Float64Array;
  readonly prevData: Uint32Array;
  readonly prevVersion: Int32Array;
  /** When the peer last re-read its copy (ns), -1: never since the first publish. */
  readonly refreshNs: Float64Array;
  /** The host's current descriptor version per queue. */
  readonly hostVersion: Int32Array;
  /** When an affinity request started the republish now in flight (ns), -1: none. */
  readonly moveRequestNs: Float64Array;

  constructor(queues: number) {
    this.offset = new Float64Array(queues);
    this.data = new Uint32Array(queues);
    this.version = new Int32Array(queues);
    this.prevOffset = new Float64Array(queues);
    this.prevData = new Uint32Array(queues);
    this.prevVersion = new Int32Array(queues);
    this.refreshNs = new Float64Array(queues).fill(-1);
    this.hostVersion = new Int32Array(queues);
    this.moveRequestNs = new Float64Array(queues).fill(-1);
  }

  /** The first publish after link-up: host and peer agree on version 1. */
  publish(q: number, offset: number, data: number): void {
    this.hostVersion[q] = 1;
    this.offset[q] = this.prevOffset[q] = offset;
    this.data[q] = this.prevData[q] = data;
    this.version[q] = this.prevVersion[q] = 1;
  }

  /** True if a write the peer made at `triggerNs` used the copy from before the last refresh. */
  usedPrevious(q: number, triggerNs: number): boolean {
    return this.refreshNs[q] > triggerNs;
  }

  /** The peer has re-read the host's current descriptor at `nowNs`. */
  refresh(q: number, offset: number, data: number, nowNs: number): void {
    this.prevOffset[q] = this.offset[q];
    this.prevData[q] = this.data[q];
    this.prevVersion[q] = this.version[q];
    this.offset[q] = offset;
    this.data[q] = data;
    this.version[q] = this.hostVersion[q];
    this.refreshNs[q] = nowNs;
  }
}

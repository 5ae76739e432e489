/**
 * The yardstick the default storm's speed is measured against: a tight, hand-written
 * typed-array DES of the plain queue behind the storm, with no engine and no interrupt model.
 * Each source is Poisson and feeds one CPU's FIFO (source i → CPU i mod cpus); every item takes
 * three events (arrive, start, done) and a fixed service time; each item's latency (arrival to
 * done) is kept and the exact percentiles are taken by sorting at the end. It is as tight as
 * the reference (about 2,600 instructions an item): one heap of three typed arrays
 * (time; kind and argument packed in one int; the item's arrival time), a small PRNG V8
 * inlines (xoshiro128**, one 32-bit draw per gap), the FIFOs as arrival-time rings, nothing
 * allocated per item. `node scripts/instructions-per-irq.mjs --case bare-queue` counts its
 * instructions per item.
 */
import type { MachineConfig } from '../src/machine/config.js';

const EV_ARRIVE = 0;
const EV_START = 1;
const EV_DONE = 2;
const TWO_POW_32 = 2 ** 32;

export interface BareStormQueue {
  readonly sources: number;
  readonly cpus: number;
  readonly rateHzPerSource: number;
  readonly serviceNs: number;
  readonly durationNs: number;
}

/** What one run did: the items done by the end and their latency percentiles (exact, nearest rank). */
export interface BareQueueResult {
  readonly items: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly maxNs: number;
}

/** The plain queue behind a workload whose peers all arrive as Poisson at one rate. */
export function bareQueueOf(cfg: MachineConfig): BareStormQueue {
  let sources = 0;
  let rate = -1;
  for (const p of cfg.peers) {
    if (p.arrival.type !== 'poisson' || (rate >= 0 && p.arrival.rate !== rate)) {
      throw new Error(`the bare queue needs every peer Poisson at one rate; peer ${p.name} is ${JSON.stringify(p.arrival)}`);
    }
    rate = p.arrival.rate;
    sources += p.queues;
  }
  const work = cfg.peers[0].itemWork;
  if (work.type !== 'deterministic') throw new Error(`the bare queue needs a fixed itemWork, got ${JSON.stringify(work)}`);
  return { sources, cpus: cfg.cpus, rateHzPerSource: rate, serviceNs: work.value, durationNs: cfg.durationNs };
}

/**
 * Source `s`'s xoshiro128** state (four 32-bit words at 4s) for `seed`, by splitmix32: distinct,
 * never all zero.
 */
export function seedBareStreams(seed: number, sources: number): Uint32Array {
  const state = new Uint32Array(4 * sources);
  let x = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < state.length; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
  return state;
}

/** The next 32-bit output of the xoshiro128** stream at words o..o+3 of `s` (Blackman and Vigna, 2018). */
export function xoshiro128ss(s: Uint32Array, o: number): number {
  const s1 = s[o + 1];
  const r = Math.imul(s1, 5);
  const out = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
  const t = s1 << 9;
  s[o + 2] ^= s[o];
  s[o + 3] ^= s1;
  s[o + 1] = s1 ^ s[o + 2];
  s[o] ^= s[o + 3];
  s[o + 2] ^= t;
  const s3 = s[o + 3];
  s[o + 3] = (s3 << 11) | (s3 >>> 21);
  return out;
}

/** The gap before a source's next arrival: Exp(mean) from one 32-bit draw, u in (0, 1). */
export function exponentialGapNs(meanNs: number, draw: number): number {
  return -meanNs * Math.log((draw + 0.5) / TWO_POW_32);
}

/** Runs the queue once over its duration. Deterministic for (queue, seed). */
export function runBareStormQueue(q: BareStormQueue, seed = 1): BareQueueResult {
  const { sources, cpus, serviceNs, durationNs } = q;
  const meanGapNs = 1e9 / q.rateHzPerSource;
  // The heap: pending events are one arrival per source and at most one start or done per CPU.
  const cap = sources + cpus + 1;
  const hTime = new Float64Array(cap);
  const hTag = new Int32Array(cap); // kind | arg << 2
  const hBorn = new Float64Array(cap); // the item's arrival time (start, done)
  let size = 0;
  // PERF: push and pop spelled out inline (one loop each), no calls on the per-item path.
  const rng = seedBareStreams(seed, sources);
  const arrivalNs = new Float64Array(sources);
  // Per CPU: busy, and its FIFO of waiting items' arrival times as a ring (grown when full).
  const busy = new Uint8Array(cpus);
  let ringCap = 64;
  let ring = new Float64Array(cpus * ringCap);
  const head = new Int32Array(cpus);
  const count = new Int32Array(cpus);
  // Latencies of done items, grown by doubling from the expected count.
  let lat = new Float64Array(Math.max(1024, Math.ceil((sources * q.rateHzPerSource * durationNs) / 1e9 * 1.1)));
  let items = 0;

  // The first arrival of every source, in time order: a sorted array is already a heap.
  const first: number[] = [];
  for (let s = 0; s < sources; s++) {
    arrivalNs[s] = exponentialGapNs(meanGapNs, xoshiro128ss(rng, 4 * s));
    first.push(s);
  }
  first.sort((x, y) => Math.round(arrivalNs[x]) - Math.round(arrivalNs[y]) || x - y);
  for (const s of first) {
    hTime[size] = Math.round(arrivalNs[s]);
    hTag[size] = EV_ARRIVE | (s << 2);
    hBorn[size] = hTime[size];
    size++;
  }

  while (size > 0) {
    const now = hTime[0];
    if (now > durationNs) break;
    const tag = hTag[0];
    const born = hBorn[0];
    const kind = tag & 3;
    const a = tag >> 2;
    // The follow-up event replaces the root (one sift-down); without one, the last slot does.
    let nt: number;
    let ntag: number;
    let nborn: number;
    let cpuToStart = -1;
    if (kind === EV_ARRIVE) {
      arrivalNs[a] += exponentialGapNs(meanGapNs, xoshiro128ss(rng, 4 * a));
      nt = Math.round(arrivalNs[a]);
      ntag = EV_ARRIVE | (a << 2);
      nborn = nt;
      const cpu = a % cpus;
      if (busy[cpu] === 0) {
        busy[cpu] = 1;
        cpuToStart = cpu;
      } else {
        if (count[cpu] === ringCap) {
          // Grow every CPU's ring twofold, unrolling each from its head.
          const bigger = new Float64Array(cpus * ringCap * 2);
          for (let c = 0; c < cpus; c++) {
            for (let k = 0; k < count[c]; k++) bigger[c * ringCap * 2 + k] = ring[c * ringCap + ((head[c] + k) & (ringCap - 1))];
            head[c] = 0;
          }
          ring = bigger;
          ringCap *= 2;
        }
        ring[cpu * ringCap + ((head[cpu] + count[cpu]) & (ringCap - 1))] = now;
        count[cpu]++;
      }
    } else if (kind === EV_START) {
      nt = now + serviceNs;
      ntag = EV_DONE | (a << 2);
      nborn = born;
    } else {
      if (items === lat.length) {
        const bigger = new Float64Array(lat.length * 2);
        bigger.set(lat);
        lat = bigger;
      }
      lat[items++] = now - born;
      if (count[a] > 0) {
        nt = now;
        ntag = EV_START | (a << 2);
        nborn = ring[a * ringCap + head[a]];
        head[a] = (head[a] + 1) & (ringCap - 1);
        count[a]--;
      } else {
        busy[a] = 0;
        size--;
        nt = hTime[size];
        ntag = hTag[size];
        nborn = hBorn[size];
      }
    }
    // Sift (nt, ntag, nborn) down from the root.
    {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && hTime[c + 1] < hTime[c]) c++;
        if (nt <= hTime[c]) break;
        hTime[i] = hTime[c];
        hTag[i] = hTag[c];
        hBorn[i] = hBorn[c];
        i = c;
      }
      hTime[i] = nt;
      hTag[i] = ntag;
      hBorn[i] = nborn;
    }
    if (cpuToStart >= 0) {
      // push (START, cpu) now, born now
      let i = size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (hTime[p] <= now) break;
        hTime[i] = hTime[p];
        hTag[i] = hTag[p];
        hBorn[i] = hBorn[p];
        i = p;
      }
      hTime[i] = now;
      hTag[i] = EV_START | (cpuToStart << 2);
      hBorn[i] = now;
    }
  }
  const done = lat.subarray(0, items).sort();
  const rank = (p: number): number => (items === 0 ? 0 : done[Math.max(0, Math.ceil(p * items) - 1)]);
  return { items, p50Ns: rank(0.5), p99Ns: rank(0.99), maxNs: rank(1) };
}

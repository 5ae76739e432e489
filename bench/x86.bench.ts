/**
 * x86 hot paths: IRTE remap check (verify + read vector/dest), IEC probe, vector-matrix
 * alloc+free, MSI message compose/decode in both formats, and one local-APIC interrupt
 * (IRR set, accept, EOI). Each call runs OPS operations on tables built in setup.
 */
import { RandomStream } from '../src/engine/rng.js';
import { CpuMask } from '../src/irq/cpumask.js';
import { InterruptEntryCache } from '../src/x86/iec.js';
import { IRTE_OK, IrteTable, SQ_ALL_16, SVT_VERIFY_BUS } from '../src/x86/irte-table.js';
import { LocalApic } from '../src/x86/local-apic.js';
import { DecodedMsi, MsiMsg, composeCompatMsg, composeRemappableMsg, decodeMsiMsg } from '../src/x86/msi-msg.js';
import { MatrixScratch, VectorMatrix } from '../src/x86/vector-matrix.js';
import type { BenchSuite } from './suite.js';

const OPS = 4096;
const IRTES = 1024;
const CPUS = 16;
/** Index streams are precomputed rings of this length (a power of two). */
const RING = 4096;

let irte = new IrteTable();
let irteIndex = new Int32Array(RING);
let iecIndex = new Int32Array(RING);
let iec = new InterruptEntryCache();
let matrix = new VectorMatrix(CPUS);
const matrixMask = new CpuMask(CPUS).fillFirst(CPUS);
const matrixScratch = new MatrixScratch();
const msg = new MsiMsg();
const decoded = new DecodedMsi();
let apic = new LocalApic(CPUS);
// Results fold into a sink so the work cannot be optimised away.
let sink = 0;

function setupIrte(): void {
  irte = new IrteTable();
  for (let i = 0; i < IRTES; i++) {
    const idx = irte.alloc(1);
    // Bus-range verification, as set_msi_sid picks for NTB proxy requester IDs.
    irte.setSource(idx, SVT_VERIFY_BUS, SQ_ALL_16, (3 << 8) | 3);
    irte.program(idx, 0x20 + (i % 200), i % CPUS);
  }
  const rng = new RandomStream(1, 'bench-irte');
  irteIndex = new Int32Array(RING);
  for (let i = 0; i < RING; i++) irteIndex[i] = rng.nextInt(IRTES);
}

function irteLookup(): void {
  const t = irte;
  const idx = irteIndex;
  let acc = 0;
  for (let i = 0; i < OPS; i++) {
    const index = idx[i & (RING - 1)];
    if (t.lookup(index, 0x0310 + (i & 7)) === IRTE_OK) acc += t.vector[index] + t.destId[index];
  }
  sink ^= acc;
}

function setupIec(): void {
  iec = new InterruptEntryCache();
  // 512 live IRTEs over a 256-line cache: a skewed stream (half the probes on 32 hot entries).
  const rng = new RandomStream(2, 'bench-iec');
  iecIndex = new Int32Array(RING);
  for (let i = 0; i < RING; i++) iecIndex[i] = rng.nextFloat() < 0.5 ? rng.nextInt(32) : rng.nextInt(512);
}

function iecLookup(): void {
  const c = iec;
  const idx = iecIndex;
  let acc = 0;
  for (let i = 0; i < OPS; i++) if (c.lookup(idx[i & (RING - 1)])) acc++;
  sink ^= acc;
}

function setupMatrix(): void {
  matrix = new VectorMatrix(CPUS);
  // Half-full CPUs (100 vectors each), so the free-bit search walks a few words.
  const one = new CpuMask(CPUS);
  for (let cpu = 0; cpu < CPUS; cpu++) {
    one.clearAll().set(cpu);
    for (let k = 0; k < 100; k++) matrix.alloc(one, false, matrixScratch);
  }
}

function matrixAllocFree(): void {
  const m = matrix;
  const s = matrixScratch;
  const mask = matrixMask;
  let acc = 0;
  for (let i = 0; i < OPS; i++) {
    const v = m.alloc(mask, false, s);
    acc += v + s.cpu;
    m.free(s.cpu, v, false);
  }
  sink ^= acc;
}

function composeDecodeCompat(): void {
  const m = msg;
  const d = decoded;
  let acc = 0;
  for (let i = 0; i < OPS; i++) {
    composeCompatMsg(m, i & 0xff, 0x20 + (i & 0x7f), false);
    decodeMsiMsg(m.addressLo, m.addressHi, m.data, d);
    acc += d.destApicId + d.vector;
  }
  sink ^= acc;
}

function composeRemappable(): void {
  const m = msg;
  let acc = 0;
  for (let i = 0; i < OPS; i++) {
    composeRemappableMsg(m, i & 0xffff, 0);
    acc ^= m.addressLo;
  }
  sink ^= acc;
}

function setupApic(): void {
  apic = new LocalApic(CPUS);
}

function apicRound(): void {
  const a = apic;
  let acc = 0;
  for (let i = 0; i < OPS; i++) {
    const cpu = i & (CPUS - 1);
    const vector = 0x20 + (i % 200);
    acc += a.setIrr(cpu, vector);
    a.accept(cpu, vector);
    acc += a.eoi(cpu);
  }
  sink ^= acc;
}

export const suite: BenchSuite = {
  name: 'x86',
  tasks: [
    { name: 'IRTE lookup', opsPerCall: OPS, setup: setupIrte, fn: irteLookup },
    { name: 'IEC lookup', opsPerCall: OPS, setup: setupIec, fn: iecLookup },
    { name: 'matrix alloc+free', opsPerCall: OPS, setup: setupMatrix, fn: matrixAllocFree },
    { name: 'compose+decode compat msg', opsPerCall: OPS, fn: composeDecodeCompat },
    { name: 'compose remappable msg', opsPerCall: OPS, fn: composeRemappable },
    { name: 'APIC setIrr+accept+eoi', opsPerCall: OPS, setup: setupApic, fn: apicRound },
  ],
};

/** Read by nothing; exported so bundlers keep the sink. */
export function benchSink(): number {
  return sink;
}

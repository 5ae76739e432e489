import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CpuMask, cpumaskFromList } from '../irq/cpumask.js';
import { MatrixScratch, VectorMatrix } from './vector-matrix.js';
import { EINVAL, ENOSPC } from '../irq/errno.js';

describe('VectorMatrix: sizing', () => {
  it('202 allocatable vectors per CPU without posted MSI, 201 with', () => {
    // Alloc range [0x20, 0xec) = 236 - 32 = 204 vectors. System vectors inside it:
    // 0x32 (PIC cascade) and 0x80 (int80) → 204 - 2 = 202 (the 2024 debugfs dump's "act 202").
    const m = new VectorMatrix(4);
    expect(m.systembitsInalloc).toBe(2);
    expect(m.allocatablePerCpu).toBe(202);
    expect(m.availableOn(3)).toBe(202);
    expect(m.globalAvailable).toBe(4 * 202);
    expect(m.onlineMaps).toBe(4);
    // Posted MSI: [0x20, 0xeb) = 203 - 2 = 201.
    expect(new VectorMatrix(1, true).allocatablePerCpu).toBe(201);
  });

  it('system map: exceptions, cascade, int80 and everything from FIRST_SYSTEM_VECTOR', () => {
    // 32 exceptions + 0x32 + 0x80 + (256 - 236 = 20) = 54
    expect(new VectorMatrix(1).debugShowSystem()).toBe('System: 54: 0-31,50,128,236-255');
  });

  it('rejects a CPU count outside [1, 1024]', () => {
    expect(() => new VectorMatrix(0)).toThrow(/\[1, 1024\], got 0/);
    expect(() => new VectorMatrix(1025)).toThrow(/got 1025/);
  });
});

describe('VectorMatrix: irq_matrix_alloc', () => {
  it('first allocation takes 0x20 on the first CPU, then spreads by most-available', () => {
    // The search starts at alloc_start = FIRST_EXTERNAL_VECTOR = 0x20. Since bdc1dad299bb
    // (2023) 0x20 is no longer IRQ_MOVE_CLEANUP_VECTOR, so it is not a system vector and the
    // first device vector is 0x20 itself (older descriptions that start at 0x21 predate that).
    // All four CPUs start at 202: a candidate must be strictly better, so CPU 0 wins the tie.
    const m = new VectorMatrix(4);
    const s = new MatrixScratch();
    const all = new CpuMask(4).fillFirst(4);
    expect(m.alloc(all, false, s)).toBe(0x20);
    expect(s.cpu).toBe(0);
    // CPU 0 now has 201; CPUs 1-3 have 202 → CPU 1, its lowest free vector 0x20.
    expect(m.alloc(all, false, s)).toBe(0x20);
    expect(s.cpu).toBe(1);
    expect(m.alloc(all, false, s)).toBe(0x20);
    expect(s.cpu).toBe(2);
    expect(m.alloc(all, false, s)).toBe(0x20);
    expect(s.cpu).toBe(3);
    // All at 201 again → CPU 0, next vector 0x21.
    expect(m.alloc(all, false, s)).toBe(0x21);
    expect(s.cpu).toBe(0);
    expect(m.totalAllocated).toBe(5);
    expect(m.globalAvailable).toBe(4 * 202 - 5);
  });

  it('skips the cascade and int80 and is exhausted at exactly 202 → -ENOSPC', () => {
    const m = new VectorMatrix(2);
    const s = new MatrixScratch();
    const cpu0 = cpumaskFromList(2, [0]);
    const got: number[] = [];
    for (let i = 0; i < 202; i++) got.push(m.alloc(cpu0, false, s));
    expect(got[17]).toBe(49); // 0x20 + 17
    expect(got[18]).toBe(51); // 50 = 0x32 skipped
    expect(got[94]).toBe(127); // 18 + 77 vectors 51..127 → index 94 is 127
    expect(got[95]).toBe(129); // 128 = 0x80 skipped
    expect(got[201]).toBe(235); // 0xeb, the last below 0xec
    expect(m.alloc(cpu0, false, s)).toBe(-ENOSPC);
    expect(s.cpu).toBe(-1);
    // The same line as the 2024 dump of an exhausted CPU.
    expect(m.debugShow(0)).toBe('avl 0, man 0, mac 0, act 202, vectors 32-49,51-127,129-235');
    // CPU 1 is untouched.
    expect(m.availableOn(1)).toBe(202);
  });

  it('an empty mask is -EINVAL; a mask of offline CPUs is -ENOSPC', () => {
    const m = new VectorMatrix(2);
    const s = new MatrixScratch();
    expect(m.alloc(new CpuMask(2), false, s)).toBe(-EINVAL);
    expect(m.offlineCpu(1)).toBe(0);
    expect(m.alloc(cpumaskFromList(2, [1]), false, s)).toBe(-ENOSPC);
    expect(m.offlineCpu(1)).toBe(-EINVAL);
  });

  it('offline CPUs are skipped and leave globalAvailable', () => {
    const m = new VectorMatrix(3);
    const s = new MatrixScratch();
    m.offlineCpu(0);
    expect(m.globalAvailable).toBe(2 * 202);
    expect(m.alloc(new CpuMask(3).fillFirst(3), false, s)).toBe(0x20);
    expect(s.cpu).toBe(1);
    m.onlineCpu(0);
    expect(m.globalAvailable).toBe(3 * 202 - 1);
  });

  it('free returns the bit and the count; a double free is -EINVAL', () => {
    const m = new VectorMatrix(1);
    const s = new MatrixScratch();
    const mask = cpumaskFromList(1, [0]);
    expect(m.alloc(mask, false, s)).toBe(0x20);
    expect(m.alloc(mask, false, s)).toBe(0x21);
    expect(m.free(0, 0x20, false)).toBe(0);
    expect(m.availableOn(0)).toBe(201);
    expect(m.isAllocated(0, 0x20)).toBe(false);
    // Lowest free again.
    expect(m.alloc(mask, false, s)).toBe(0x20);
    expect(m.free(0, 0x22, false)).toBe(-EINVAL);
    expect(m.free(0, 0x10, false)).toBe(-EINVAL);
    expect(m.totalAllocated).toBe(2);
  });

  it('reservation mode: reserve, then alloc(reserved) consumes it; removeReserved undoes one', () => {
    const m = new VectorMatrix(1);
    const s = new MatrixScratch();
    m.reserve();
    m.reserve();
    expect(m.globalReserved).toBe(2);
    m.alloc(cpumaskFromList(1, [0]), true, s);
    expect(m.globalReserved).toBe(1);
    m.removeReserved();
    expect(m.globalReserved).toBe(0);
    expect(m.reserveOvercommitWarnings).toBe(0);
  });

  it('reserve warns once reservations reach global availability', () => {
    const m = new VectorMatrix(1);
    for (let i = 0; i < 202; i++) m.reserve();
    expect(m.reserveOvercommitWarnings).toBe(0);
    m.reserve(); // reserved (202) == available (202) at entry
    expect(m.reserveOvercommitWarnings).toBe(1);
  });
});

describe('VectorMatrix: managed irqs', () => {
  it('reserveManaged takes one bit and one available on every CPU of the mask', () => {
    const m = new VectorMatrix(3);
    const s = new MatrixScratch();
    expect(m.reserveManaged(cpumaskFromList(3, [0, 1]))).toBe(0);
    expect(m.availableOn(0)).toBe(201);
    expect(m.availableOn(1)).toBe(201);
    expect(m.availableOn(2)).toBe(202);
    expect(m.globalAvailable).toBe(3 * 202 - 2);
    expect(m.isManagedReserved(0, 0x20)).toBe(true);
    // A regular allocation on CPU 0 must step over the managed bit.
    expect(m.alloc(cpumaskFromList(3, [0]), false, s)).toBe(0x21);
    expect(m.debugShow(0)).toBe('avl 200, man 1, mac 0, act 1, vectors 33');
  });

  it('allocManaged picks fewest managed_allocated, ties to the LAST CPU, and costs no available', () => {
    const m = new VectorMatrix(2);
    const s = new MatrixScratch();
    const both = cpumaskFromList(2, [0, 1]);
    m.reserveManaged(both);
    m.reserveManaged(both);
    // Both CPUs have managed_allocated 0: the kernel skips only strictly greater counts, so
    // each later CPU replaces the earlier one → CPU 1.
    expect(m.allocManaged(both, s)).toBe(0x20);
    expect(s.cpu).toBe(1);
    expect(m.availableOn(1)).toBe(200); // 202 - 2 reservations; activation does not change it
    // CPU 1 now has 1, CPU 0 has 0 → CPU 0.
    expect(m.allocManaged(both, s)).toBe(0x20);
    expect(s.cpu).toBe(0);
    expect(m.managedAllocated[0]).toBe(1);
    expect(m.totalAllocated).toBe(2);
  });

  it('freeing a managed vector keeps it reserved and does not raise available', () => {
    const m = new VectorMatrix(1);
    const s = new MatrixScratch();
    const mask = cpumaskFromList(1, [0]);
    m.reserveManaged(mask);
    expect(m.allocManaged(mask, s)).toBe(0x20);
    expect(m.free(0, 0x20, true)).toBe(0);
    expect(m.availableOn(0)).toBe(201);
    expect(m.isManagedReserved(0, 0x20)).toBe(true);
    expect(m.managedAllocated[0]).toBe(0);
    // Activating again reuses the reservation.
    expect(m.allocManaged(mask, s)).toBe(0x20);
    // No reserved bit left unallocated → -ENOSPC.
    expect(m.allocManaged(mask, s)).toBe(-ENOSPC);
    expect(m.allocManaged(new CpuMask(1), s)).toBe(-EINVAL);
  });

  it('removeManaged drops an unallocated reservation and returns available', () => {
    const m = new VectorMatrix(2);
    const both = cpumaskFromList(2, [0, 1]);
    m.reserveManaged(both);
    expect(m.removeManaged(both)).toBe(0);
    expect(m.availableOn(0)).toBe(202);
    expect(m.managed[1]).toBe(0);
    expect(m.globalAvailable).toBe(2 * 202);
    // Nothing left to remove: both CPUs skipped (the kernel WARNs).
    expect(m.removeManaged(both)).toBe(2);
  });

  it('reserveManaged rolls back the CPUs already done when one is full', () => {
    const m = new VectorMatrix(2);
    const s = new MatrixScratch();
    const cpu1 = cpumaskFromList(2, [1]);
    for (let i = 0; i < 202; i++) m.alloc(cpu1, false, s);
    expect(m.reserveManaged(cpumaskFromList(2, [0, 1]))).toBe(-ENOSPC);
    expect(m.managed[0]).toBe(0);
    expect(m.availableOn(0)).toBe(202);
  });

  it('assign marks a preallocated vector; out of range or taken is -EINVAL', () => {
    const m = new VectorMatrix(1);
    expect(m.assign(0, 0x31)).toBe(0);
    expect(m.assign(0, 0x31)).toBe(-EINVAL);
    expect(m.assign(0, 0xec)).toBe(-EINVAL);
    expect(m.availableOn(0)).toBe(201);
  });
});

describe('VectorMatrix: invariants under random alloc/free', () => {
  it('property: per-CPU accounting and bitmaps stay consistent', () => {
    const N = 3;
    const op = fc.record({ kind: fc.constantFrom('alloc', 'free'), mask: fc.integer({ min: 1, max: 7 }), pick: fc.nat() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const m = new VectorMatrix(N);
        const s = new MatrixScratch();
        const held: number[] = []; // cpu * 256 + vector
        const mask = new CpuMask(N);
        for (const o of ops) {
          if (o.kind === 'alloc') {
            mask.clearAll();
            for (let c = 0; c < N; c++) if (o.mask & (1 << c)) mask.set(c);
            const v = m.alloc(mask, false, s);
            if (v >= 0) {
              expect(m.isSystem(v)).toBe(false);
              expect(held.includes(s.cpu * 256 + v)).toBe(false);
              held.push(s.cpu * 256 + v);
            } else {
              expect(v).toBe(-ENOSPC);
            }
          } else if (held.length > 0) {
            const [k] = held.splice(o.pick % held.length, 1);
            expect(m.free(k >>> 8, k & 255, false)).toBe(0);
          }
        }
        let sumAvl = 0;
        for (let c = 0; c < N; c++) {
          const mine = held.filter((k) => k >>> 8 === c).length;
          expect(m.allocatedOn(c)).toBe(mine);
          expect(m.availableOn(c) + mine).toBe(202);
          sumAvl += m.availableOn(c);
        }
        expect(m.globalAvailable).toBe(sumAvl);
        expect(m.totalAllocated).toBe(held.length);
      }),
      { numRuns: 100 },
    );
  });
});

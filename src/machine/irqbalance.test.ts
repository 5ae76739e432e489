import { describe, expect, it } from 'vitest';
import type { CpuMask } from '../irq/cpumask.js';
import { IrqDescTable } from '../irq/desc-table.js';
import { Irqbalance } from './irqbalance.js';

function table(kstat: number[], cpu: number[]): IrqDescTable {
  const desc = new IrqDescTable(8);
  desc.count = kstat.length;
  kstat.forEach((k, virq) => (desc.kstatCpu[virq] = k));
  cpu.forEach((c, virq) => (desc.effectiveCpu[virq] = c));
  return desc;
}

describe('Irqbalance', () => {
  it('places the heaviest irq first on the least-loaded CPU, by interrupts since the last pass', () => {
    // virqs 1..4 all on CPU 0, with 100, 400, 300, 200 interrupts: greedy over 2 CPUs puts
    // 400 → cpu0, 300 → cpu1, 200 → cpu1 (300 < 400), 100 → cpu0 (400 < 500).
    const desc = table([0, 100, 400, 300, 200], [0, 0, 0, 0, 0]);
    const balance = new Irqbalance(desc, [1, 2, 3, 4], 2);
    const moves: [number, number[]][] = [];
    const move = (virq: number, mask: CpuMask): void => {
      moves.push([virq, mask.toList()]);
      desc.effectiveCpu[virq] = mask.first();
    };
    balance.rebalance(move);
    expect(moves).toEqual([
      [3, [1]],
      [4, [1]],
    ]);
    expect(balance.moves).toBe(2);
    // Next pass: only virq 1 took interrupts since (50), so it takes CPU 0 (where it is); the
    // idle ones follow in virq order, each to CPU 1 (load 0 < 50): only virq 2 has to move.
    desc.kstatCpu[1] += 50;
    moves.length = 0;
    balance.rebalance(move);
    expect(moves).toEqual([[2, [1]]]);
  });
});

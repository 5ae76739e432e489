/**
 * irqbalance: every interval, spread the NTB irqs over the CPUs by the interrupts each took in
 * the last interval. // MODEL: the daemon's real policy (cache domains, power, banned CPUs) is
 * reduced to greedy least-loaded placement, heaviest irq first; what matters here is that it
 * rewrites smp_affinity while the storm runs.
 */
import { CpuMask } from '../irq/cpumask.js';
import type { IrqDescTable } from '../irq/desc-table.js';

export class Irqbalance {
  /** Affinity requests made so far. */
  moves = 0;
  readonly #desc: IrqDescTable;
  readonly #virqs: readonly number[];
  readonly #cpus: number;
  /** kstat of each balanced irq at the last pass. */
  readonly #kstat: Float64Array;
  readonly #mask: CpuMask;

  /** Balances `virqs` (in virq order) over `cpus` CPUs. */
  constructor(desc: IrqDescTable, virqs: readonly number[], cpus: number) {
    this.#desc = desc;
    this.#virqs = virqs;
    this.#cpus = cpus;
    this.#kstat = new Float64Array(virqs.length);
    this.#mask = new CpuMask(cpus);
  }

  /** One pass: each irq not on its chosen CPU is moved there through `move` (smp_affinity). */
  rebalance(move: (virq: number, mask: CpuMask) => void): void {
    const desc = this.#desc;
    const virqs = this.#virqs;
    const load = new Float64Array(this.#cpus);
    const delta = virqs.map((virq, i) => desc.kstatIrqs(virq) - this.#kstat[i]);
    const byLoad = virqs.map((_, i) => i).sort((a, b) => delta[b] - delta[a] || virqs[a] - virqs[b]);
    for (const i of byLoad) {
      const virq = virqs[i];
      let best = 0;
      for (let cpu = 1; cpu < this.#cpus; cpu++) if (load[cpu] < load[best]) best = cpu;
      load[best] += delta[i];
      this.#kstat[i] = desc.kstatIrqs(virq);
      if (desc.effectiveCpu[virq] === best) continue;
      this.#mask.clearAll().set(best);
      this.moves++;
      move(virq, this.#mask);
    }
  }
}

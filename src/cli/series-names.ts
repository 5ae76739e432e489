/**
 * `--series NAME…` and `--series-top N`: which irqs and peers the run counts per interval. Names
 * are resolved against the built machine, before the run; `--series-top` tracks every requested
 * irq and peer (the report keeps the N busiest); neither: none (the plain, faster Metrics).
 */
import type { Machine, MachineOptions } from '../machine/machine.js';
import { CliError } from './exit-codes.js';

export function seriesFocus(machine: Machine, names: readonly string[], top: number): MachineOptions['seriesFocus'] {
  if (names.length === 0) return top > 0 ? 'all' : undefined;
  const irqs: number[] = [];
  const peers: number[] = [];
  for (const name of new Set(names)) {
    const peer = machine.peerNames.indexOf(name);
    const virq = machine.irqNames.indexOf(name);
    if (peer >= 0) peers.push(peer);
    else if (virq >= 0) irqs.push(virq);
    else {
      throw new CliError(
        `--series: no irq or peer named ${JSON.stringify(name)}; irqs are ${machine.irqNames.join(', ')}; peers are ${machine.peerNames.join(', ')}`,
      );
    }
  }
  return { irqs, peers };
}

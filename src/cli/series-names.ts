/** `--series NAME…`: irq and peer names resolved against the built machine, before the run. */
import type { Machine } from '../machine/machine.js';
import { CliError } from './exit-codes.js';

/** The virqs and peer rows named, or undefined when none are (every row is tracked then). */
export function resolveSeriesNames(machine: Machine, names: readonly string[]): { irqs: number[]; peers: number[] } | undefined {
  if (names.length === 0) return undefined;
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

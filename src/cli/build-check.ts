/**
 * The machine build as a check before anything runs (`run`, `validate`, the fuzzer): every
 * build-time error (vector space, window coverage, device limits) becomes a CliError naming the
 * file and the field to change. The machine's own messages name a field when one is theirs
 * (`peers[2].queues: …`); the two that name the kernel call instead get the field in front.
 */
import type { MachineConfig } from '../machine/config.js';
import { Machine } from '../machine/machine.js';
import { CliError } from './exit-codes.js';

/** Builds `config` once and throws it away; throws a CliError naming `source` and a field. */
export function checkMachineBuilds(config: MachineConfig, source: string): void {
  try {
    new Machine(config);
  } catch (err) {
    const message = (err as Error).message;
    if (message.startsWith('request_irq(')) {
      throw new CliError(`${source}: peers: ${message}; request fewer irqs (peers' queues or count) or give machine.cpus more CPUs`);
    }
    if (message.startsWith('affinity ')) throw new CliError(`${source}: affinity: ${message}`);
    throw new CliError(`${source}: ${message}`);
  }
}

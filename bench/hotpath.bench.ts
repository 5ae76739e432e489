/**
 * The interrupt hot path in isolation, on a real built machine: the ack chain through 2 levels
 * (NTB-MSI → VECTOR) and 3 levels (NTB-MSI → INTEL-IR → VECTOR), compose + write_msi_msg of a
 * real MSI-X entry, an IRTE remap of a peer write, and event dispatch in the default storm.
 */
import { readFileSync } from 'node:fs';
import type { MachineConfig } from '../src/machine/config.js';
import { COST_NAMES } from '../src/machine/costs.js';
import { Machine } from '../src/machine/machine.js';
import { MsiMsg } from '../src/irq/msi-msg.js';
import { loadWorkload } from '../src/workload/load.js';
import { toMachineConfig } from '../src/workload/to-machine-config.js';
import type { IntelRemappingDomain } from '../src/x86/intel-remapping-domain.js';
import { RemapResult } from '../src/x86/interrupt-remapper.js';
import type { BenchSuite, BenchTask } from './suite.js';

const OPS = 4096;

function stormConfig(remapping: 'off' | 'remapped', sets: string[] = []): MachineConfig {
  const path = 'workloads/default-storm.yaml';
  const w = loadWorkload(readFileSync(path, 'utf8'), path, [`machine.remapping=${remapping}`, ...sets], { costNames: COST_NAMES });
  return toMachineConfig(w);
}

function ackTask(name: string, remapping: 'off' | 'remapped'): BenchTask {
  let machine: Machine | null = null;
  let d = -1;
  return {
    name,
    opsPerCall: OPS,
    setup: () => {
      machine = new Machine(stormConfig(remapping));
      const virq = machine.irqBySelector('peer0/q0');
      d = machine.desc.topData[virq];
      machine.core.thisCpu = machine.desc.effectiveCpu[virq];
    },
    fn: () => {
      const m = machine as Machine;
      const chip = m.core.chips.chipOf(d);
      for (let i = 0; i < OPS; i++) chip.irqAck(d);
      m.core.meter.take();
    },
  };
}

function writeMsgTask(): BenchTask {
  let machine: Machine | null = null;
  let d = -1;
  const msg = new MsiMsg();
  return {
    name: 'compose + write_msi_msg (real MSI-X entry)',
    opsPerCall: OPS,
    setup: () => {
      machine = new Machine(stormConfig('off'));
      d = machine.desc.topData[machine.irqBySelector('switchtec/doorbell')];
    },
    fn: () => {
      const m = machine as Machine;
      const chip = m.core.chips.chipOf(d);
      for (let i = 0; i < OPS; i++) {
        chip.irqComposeMsiMsg(d, msg);
        chip.irqWriteMsiMsg(d, msg);
      }
      m.core.meter.take();
    },
  };
}

function remapTask(): BenchTask {
  let machine: Machine | null = null;
  let index = 0;
  const out = new RemapResult();
  return {
    name: 'IRTE remap of a peer write (IEC + SID check)',
    opsPerCall: OPS,
    setup: () => {
      machine = new Machine(stormConfig('remapped'));
      const virq = machine.irqBySelector('peer0/q0');
      const intel = machine.remapper as IntelRemappingDomain;
      index = intel.irteIndex[machine.data.findAtDomain(machine.desc.topData[virq], intel.id)];
    },
    fn: () => {
      const remap = (machine as Machine).remapper as IntelRemappingDomain;
      for (let i = 0; i < OPS; i++) remap.remap(index, 0x0380, out);
    },
  };
}

function dispatchTask(): BenchTask {
  const EVENTS = 20_000;
  let machine: Machine | null = null;
  return {
    name: 'event dispatch, default storm (per event)',
    opsPerCall: EVENTS,
    setup: () => {
      machine = new Machine(stormConfig('remapped', ['duration=1000s', 'warmup=0']));
      machine.sim.run({ maxEvents: EVENTS * 10 });
    },
    fn: () => {
      (machine as Machine).sim.run({ maxEvents: EVENTS });
    },
  };
}

export const suite: BenchSuite = {
  name: 'hotpath',
  tasks: [
    ackTask('ack chain, 2 levels (NTB-MSI → VECTOR)', 'off'),
    ackTask('ack chain, 3 levels (NTB-MSI → INTEL-IR → VECTOR)', 'remapped'),
    writeMsgTask(),
    remapTask(),
    dispatchTask(),
  ],
};

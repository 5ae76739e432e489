/**
 * Test doubles for the generic irq core, after the kernel's irq KUnit test (kernel/irq/irq_test.c,
 * fake_irq_chip): a chip and a domain whose ops only append "<name>:<op>" to a shared log and
 * return what the test set, so a test can assert the exact op sequence a flow handler or a
 * hierarchy walk produced. createFakeCore() builds a small IrqCore around them. Cold: tests and
 * benchmarks only, never the simulator.
 */
import { IrqChipRegistry, type IrqChipOps } from '../chip.js';
import { CostMeter } from '../cost-meter.js';
import { CpuMask } from '../cpumask.js';
import { IrqDataTable } from '../data-table.js';
import { IrqDescTable } from '../desc-table.js';
import { IrqDomainRegistry } from '../domain.js';
import { IrqCore, type IrqClock, type IrqCoreHooks } from '../irq-core.js';
import { IRQ_SET_MASK_OK } from '../irq-flags.js';
import type { MsiMsg } from '../msi-msg.js';

/** The chip ops a FakeChip can implement (the others are left to IrqChipRegistry's defaults). */
export type FakeChipOp = 'ack' | 'mask' | 'unmask' | 'setAffinity' | 'compose' | 'write' | 'retrigger';

/** A settable clock: `nowNs` is whatever the test says. */
export class FakeClock implements IrqClock {
  nowNs = 0;
}

/** Records what the core asked of the machine: software resends and log lines. */
export class FakeHooks implements IrqCoreHooks {
  readonly resends: number[] = [];
  /** [kind, virq] per log line. */
  readonly logs: Array<[number, number]> = [];

  softwareResend(virq: number): void {
    this.resends.push(virq);
  }

  log(kind: number, virq: number): void {
    this.logs.push([kind, virq]);
  }
}

export interface FakeChipOptions {
  /** Chip flags (IRQCHIP_*). @defaultValue 0 */
  flags?: number;
  /** Ops this chip implements itself; every one records "<name>:<op>". */
  ops: readonly FakeChipOp[];
  /**
   * Ops that, after recording, also call the same op one level up, as a chip whose ack does
   * its own work and then irq_chip_ack_parent() would. Must be a subset of `ops`.
   */
  forward?: readonly FakeChipOp[];
}

/** A chip that records each op it implements into `log`. */
export class FakeChip {
  readonly id: number;
  /** What irqSetAffinity returns (IRQ_SET_MASK_OK* or -errno). */
  setAffinityRet = IRQ_SET_MASK_OK;
  /** What irqRetrigger returns (1 resent, 0 cannot). */
  retriggerRet = 1;
  /** What irqComposeMsiMsg writes: address_lo = composeAddressLo, data = composeData. */
  composeAddressLo = 0xfee00000;
  composeData = 0;
  /** The masks irqSetAffinity was called with, as CPU lists. */
  readonly affinityCalls: number[][] = [];
  /** The messages irqWriteMsiMsg was given, as [address_lo, address_hi, data]. */
  readonly writes: Array<[number, number, number]> = [];

  constructor(
    readonly chips: IrqChipRegistry,
    readonly data: IrqDataTable,
    readonly log: string[],
    readonly name: string,
    options: FakeChipOptions,
  ) {
    const has = (op: FakeChipOp): boolean => options.ops.includes(op);
    const fwd = (op: FakeChipOp): boolean => (options.forward ?? []).includes(op);
    const up = (d: number): number => data.parent[d];
    const ops: IrqChipOps = {};
    if (has('ack')) {
      ops.irqAck = (d) => {
        log.push(`${name}:ack`);
        if (fwd('ack') && up(d) >= 0) chips.chipOf(up(d)).irqAck(up(d));
      };
    }
    if (has('mask')) {
      ops.irqMask = (d) => {
        log.push(`${name}:mask`);
        if (fwd('mask') && up(d) >= 0) chips.chipOf(up(d)).irqMask(up(d));
      };
    }
    if (has('unmask')) {
      ops.irqUnmask = (d) => {
        log.push(`${name}:unmask`);
        if (fwd('unmask') && up(d) >= 0) chips.chipOf(up(d)).irqUnmask(up(d));
      };
    }
    if (has('setAffinity')) {
      ops.irqSetAffinity = (d, mask, force) => {
        log.push(`${name}:setAffinity`);
        this.affinityCalls.push(mask.toList());
        if (fwd('setAffinity') && up(d) >= 0) {
          const ret = chips.chipOf(up(d)).irqSetAffinity(up(d), mask, force);
          if (ret < 0) return ret;
        }
        return this.setAffinityRet;
      };
    }
    if (has('compose')) {
      ops.irqComposeMsiMsg = (_d, out: MsiMsg) => {
        log.push(`${name}:compose`);
        out.addressLo = this.composeAddressLo;
        out.addressHi = 0;
        out.data = this.composeData;
      };
    }
    if (has('write')) {
      ops.irqWriteMsiMsg = (_d, msg: MsiMsg) => {
        log.push(`${name}:write`);
        this.writes.push([msg.addressLo, msg.addressHi, msg.data]);
      };
    }
    if (has('retrigger')) {
      ops.irqRetrigger = () => {
        log.push(`${name}:retrigger`);
        return this.retriggerRet;
      };
    }
    this.id = chips.register(name, options.flags ?? 0, ops);
  }
}

/**
 * A domain whose ops record "<name>:alloc", ":free", ":activate", ":deactivate" and return the
 * configured errno; a successful alloc puts `chip` (if set) on the row and hwirq = the row.
 */
export class FakeDomain {
  readonly id: number;
  /** What alloc returns (0 or -errno). */
  allocRet = 0;
  /** What activate returns (0 or -errno). */
  activateRet = 0;
  /** Chip id alloc puts on the row (-1: leave it). */
  chip = -1;
  /** The `reserve` argument of each activate call. */
  readonly activateReserve: boolean[] = [];

  constructor(
    readonly core: IrqCore,
    readonly log: string[],
    readonly name: string,
    parent: number,
  ) {
    const domain = core.domains.create(name, parent, {
      alloc: (d) => {
        log.push(`${name}:alloc`);
        if (this.allocRet < 0) return this.allocRet;
        if (this.chip >= 0) core.data.chip[d] = this.chip;
        core.data.hwirq[d] = d;
        return 0;
      },
      free: () => {
        log.push(`${name}:free`);
      },
      activate: (_d, reserve) => {
        log.push(`${name}:activate`);
        this.activateReserve.push(reserve);
        return this.activateRet;
      },
      deactivate: () => {
        log.push(`${name}:deactivate`);
      },
    });
    this.id = domain.id;
  }
}

export interface FakeCoreOptions {
  /** irq_desc rows. @defaultValue 8 */
  irqs?: number;
  /** irq_data rows. @defaultValue 4 × irqs */
  dataRows?: number;
  /** CPUs (size of the affinity masks). @defaultValue 4 */
  cpus?: number;
  /** Jiffy length in ns. @defaultValue 4 ms (HZ = 250) */
  jiffyNs?: number;
  noIrqDebug?: boolean;
  /** The clock the core reads (a Simulator works). @defaultValue a new FakeClock */
  clock?: IrqClock;
}

/** Everything a test needs around one IrqCore. */
export interface FakeCore {
  readonly core: IrqCore;
  readonly desc: IrqDescTable;
  readonly data: IrqDataTable;
  readonly chips: IrqChipRegistry;
  readonly domains: IrqDomainRegistry;
  readonly meter: CostMeter;
  readonly clock: IrqClock;
  readonly hooks: FakeHooks;
  /** The shared op log every FakeChip/FakeDomain built on this core writes to. */
  readonly log: string[];
  readonly cpus: number;
}

/** An IrqCore with empty registries; every irq's affinity starts as all CPUs, pending empty. */
export function createFakeCore(options: FakeCoreOptions = {}): FakeCore {
  const irqs = options.irqs ?? 8;
  const cpus = options.cpus ?? 4;
  const desc = new IrqDescTable(irqs, cpus);
  const data = new IrqDataTable(options.dataRows ?? irqs * 4);
  const chips = new IrqChipRegistry(data);
  const domains = new IrqDomainRegistry(desc, data);
  const meter = new CostMeter();
  const clock = options.clock ?? new FakeClock();
  const hooks = new FakeHooks();
  const affinity: CpuMask[] = [];
  const pending: CpuMask[] = [];
  for (let i = 0; i < irqs; i++) {
    affinity.push(new CpuMask(cpus).fillFirst(cpus));
    pending.push(new CpuMask(cpus));
  }
  const core = new IrqCore({
    desc,
    data,
    chips,
    domains,
    meter,
    clock,
    jiffyNs: options.jiffyNs ?? 4_000_000,
    affinity,
    pendingMask: pending,
    hooks,
    noIrqDebug: options.noIrqDebug ?? false,
  });
  return { core, desc, data, chips, domains, meter, clock, hooks, log: [], cpus };
}

/** A two-level fake hierarchy (see createFakeHierarchy). */
export interface FakeHierarchy {
  readonly fc: FakeCore;
  readonly root: FakeDomain;
  readonly top: FakeDomain;
  readonly rootChip: FakeChip;
  readonly topChip: FakeChip;
}

/**
 * The usual two-level fake: a root domain "root" with chip "root" (ack, retrigger, compose,
 * setAffinity) under a top domain "top" with chip "top" (mask, unmask, write; ack, compose,
 * setAffinity and retrigger left to the registry's forward-to-parent defaults).
 */
export function createFakeHierarchy(fc: FakeCore, topFlags = 0): FakeHierarchy {
  const rootChip = new FakeChip(fc.chips, fc.data, fc.log, 'root', { ops: ['ack', 'retrigger', 'compose', 'setAffinity'] });
  const topChip = new FakeChip(fc.chips, fc.data, fc.log, 'top', { flags: topFlags, ops: ['mask', 'unmask', 'write'] });
  const root = new FakeDomain(fc.core, fc.log, 'root', -1);
  root.chip = rootChip.id;
  const top = new FakeDomain(fc.core, fc.log, 'top', root.id);
  top.chip = topChip.id;
  return { fc, root, top, rootChip, topChip };
}

/**
 * A parent domain for an MSI domain under test: chip "parent" (ack, compose, setAffinity) that
 * composes address_lo 0xfee01000, data 0x41.
 */
export function createFakeMsiParent(fc: FakeCore): { parent: FakeDomain; parentChip: FakeChip } {
  const parentChip = new FakeChip(fc.chips, fc.data, fc.log, 'parent', { ops: ['ack', 'compose', 'setAffinity'] });
  parentChip.composeAddressLo = 0xfee01000;
  parentChip.composeData = 0x41;
  const parent = new FakeDomain(fc.core, fc.log, 'parent', -1);
  parent.chip = parentChip.id;
  return { parent, parentChip };
}

/** request_irq() on a fake hierarchy: alloc, install action 0, activate, depth 0. Clears the log. */
export function requestFakeIrq(h: FakeHierarchy, name = 'irq'): number {
  const virq = h.fc.domains.allocIrq(h.top.id, name);
  h.fc.desc.action[virq] = 0;
  const ret = h.fc.domains.activateIrq(virq, false);
  if (ret < 0) throw new Error(`activation of ${name} failed: ${ret}`);
  h.fc.desc.depth[virq] = 0;
  h.fc.log.length = 0;
  return virq;
}

/**
 * The workload schema (draft format, workloads/*.json|yaml): field shapes, defaults and
 * cross-field checks, from the raw file object to a WorkloadConfig. Kernel knobs mirror their
 * kernel meaning (config.ts); the peer limits mirror the NTB hardware (Switchtec is a 2-partition
 * device with one peer, IDT up to 8, "storm" a hypothetical 4096).
 */
import { z } from 'zod';
import { NS_PER_US, formatDurationNs } from '../engine/time.js';
import { clientKind } from '../machine/clients/index.js';
import { DEVICE_MAX_PEERS, NTB_WINDOW_ALIGN, queuesPerPeerLimit, sharesProblem } from '../machine/peer-rules.js';
import { arrivalSchema } from './arrival-schema.js';
import {
  HANDLER_RETURNS,
  HZ_VALUES,
  KERNEL_VECTOR_LAYOUTS,
  MESSAGE_OVERFLOW_POLICIES,
  NTB_DESIGNS,
  NTB_DEVICES,
  PEER_CLIENTS,
  PEER_MECHANISMS,
  REMAPPING_MODES,
  SOURCE_ID_CHECKS,
  WINDOW_TYPES,
  type AffinityConfig,
  type PeerConfig,
  type WorkloadConfig,
} from './config.js';
import { MAX_COST_NS, costSchema } from './distribution-schema.js';
import { didYouMean } from './did-you-mean.js';
import { durationSchema } from './duration.js';
import { formatPath } from './errors.js';
import { int, nonEmptyString, report, show, strictObject } from './fields.js';
import { resolveIrqSelectors, targetName, type SelectablePeer } from './irq-selector.js';
import { sizeSchema } from './size.js';

/** The most peers any device supports; also bounds `count` so expansion stays small. */
const MAX_PEERS = Math.max(...Object.values(DEVICE_MAX_PEERS));

const PEER_NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const machineSchema = strictObject({
  cpus: int().min(1).max(1024).default(4),
  remapping: z.enum(REMAPPING_MODES).default('remapped'),
  sourceIdCheck: z.enum(SOURCE_ID_CHECKS).default('bus'),
  dmaAliasQuirk: z.boolean().default(true),
  reservationMode: z.boolean().default(true),
  edgeMigrationFix: z.boolean().default(true),
  hz: z.literal(HZ_VALUES).default(1000),
  noirqdebug: z.boolean().default(false),
  iecEntries: int()
    .min(4)
    .max(65536)
    .refine((n) => (n & (n - 1)) === 0, { message: 'a power of two (the IEC is modelled 4-way set-associative: entries / 4 sets)' })
    .default(256),
  kernel: z.enum(KERNEL_VECTOR_LAYOUTS).optional(),
}).superRefine((m, ctx) => {
  if (m.remapping === 'posted' && m.kernel === '6.9') {
    report(ctx, ['kernel'], 'posted MSI (remapping: posted) exists from 6.10 on; give kernel 6.10 or leave it out', m.kernel);
  }
});

const windowSchema = strictObject({
  type: z.enum(WINDOW_TYPES).default('lut'),
  size: sizeSchema().prefault('64KiB'),
}).superRefine((w, ctx) => {
  const align = NTB_WINDOW_ALIGN[w.type];
  if (Number.isInteger(w.size) && w.size % align !== 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['size'],
      message: `a ${w.type} window must be a multiple of ${align / 1024}KiB, got ${w.size} bytes`,
      input: w.size,
    });
  }
});

const ntbSchema = strictObject({
  device: z.enum(NTB_DEVICES).default('switchtec'),
  design: z.enum(NTB_DESIGNS).default('virtual-msix'),
  nirqs: int().min(4).max(2048).default(32),
  msixTableSize: int().min(4).max(2048).default(4),
  window: windowSchema.prefault({}),
  messageOverflow: z.enum(MESSAGE_OVERFLOW_POLICIES).default('overwrite'),
});

/** Time-series intervals a run may have: src/metrics/series.ts's limit (test/limits.test.ts keeps them equal). */
export const MAX_SERIES_INTERVALS = 1_000_000;

/** A per-hop or per-ping delay: a duration of at most MAX_COST_NS, so event times stay on the clock. */
function boundedDelaySchema() {
  return durationSchema().refine((ns) => !(ns > MAX_COST_NS), {
    error: `a delay may be at most ${MAX_COST_NS} ns (1000 s)`,
  });
}

const peerSchema = strictObject({
  name: z.string().superRefine((name, ctx) => {
    if (!PEER_NAME_RE.test(name)) {
      const expected = "a name of letters, digits, '_', '.' or '-' that starts with a letter or '_'";
      report(ctx, [], `expected ${expected}, got ${show(name)}`, name);
    } else if (name === 'switchtec') {
      report(ctx, [], '"switchtec" is reserved for the local function\'s vectors (switchtec/doorbell, …)', name);
    } else if (name === 'all') {
      report(ctx, [], '"all" is reserved for the all-peers scope of latency.csv and percentiles.csv', name);
    }
  }),
  count: int().min(1).max(MAX_PEERS).default(1),
  mechanism: z.enum(PEER_MECHANISMS).default('msi'),
  client: z.enum(PEER_CLIENTS).default('raw'),
  queues: int().min(1).max(1024).default(1),
  arrival: arrivalSchema().optional(),
  itemWork: costSchema().prefault('200ns'),
  handlerReturns: z.enum(HANDLER_RETURNS).default('handled'),
  linkLatency: boundedDelaySchema().prefault('150ns'),
  hops: int().min(1).max(16).default(2),
  shares: z.string().optional(),
  pingDelay: boundedDelaySchema().prefault('0'),
  ringSize: int().min(1).max(65536).default(256),
}).superRefine((p, ctx) => {
  // A queue is a doorbell bit or a message register of its own; the Switchtec has only so many.
  const limit = queuesPerPeerLimit(p.mechanism);
  if (p.queues > limit) {
    const what = p.mechanism === 'doorbell' ? `${limit} usable doorbell bits` : `${limit} message registers`;
    report(ctx, ['queues'], `the ${p.mechanism} mechanism has ${what} per peer, one per queue; got ${p.queues} queues`, p.queues);
  }
});

const cpuListSchema = z.array(int().min(0)).min(1);
const irqSelectorSchema = z.string().meta({
  description: 'irq selector: <peer>/q<N> or switchtec/<vector>; all, * within a name, {a,b} and {0..7} name many',
});
const affinitySchema = strictObject({ irq: irqSelectorSchema, cpus: cpuListSchema });
const affinityChangeSchema = strictObject({ at: durationSchema(), irq: irqSelectorSchema, cpus: cpuListSchema });
const irqbalanceSchema = strictObject({ interval: durationSchema(1).prefault('10s') });

const topSchema = strictObject({
  $schema: z.string().optional().meta({ description: 'JSON Schema reference for editors; ignored' }),
  description: nonEmptyString().meta({ description: 'What question this scenario answers' }),
  seed: int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
  duration: durationSchema(NS_PER_US).meta({ description: 'Simulated run length, at least 1us' }),
  warmup: durationSchema().prefault(0).meta({ description: 'Excluded from statistics; less than duration' }),
  statsInterval: durationSchema(NS_PER_US).optional().meta({ description: 'Time-series bucket; default duration/100' }),
  machine: machineSchema.prefault({}),
  ntb: ntbSchema.prefault({}),
  peers: z.array(peerSchema).min(1).max(MAX_PEERS),
  affinity: z.array(affinitySchema).prefault([]),
  affinityChanges: z.array(affinityChangeSchema).prefault([]),
  irqbalance: irqbalanceSchema.nullable().optional(),
  costs: z.record(z.string(), costSchema()).prefault({}),
  trace: z.boolean().default(false),
});

/** The parsed (not yet cross-checked) top level; on failure any field may hold junk. */
type Parsed = z.output<typeof topSchema>;
type Ctx = z.core.$RefinementCtx<Parsed>;

function isNs(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x);
}

/** The names a peer entry expands into: itself for count 1, name0…nameN-1 otherwise. */
export function expandedNames(name: string, count: number): string[] {
  if (count === 1) return [name];
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = `${name}${i}`;
  return out;
}

/**
 * Expands the peer entries into selectable peers, reporting duplicate names and the device
 * limit. Returns null when any entry is invalid (selectors are then not resolved, to avoid
 * reporting a peer as missing when its own entry is what is wrong).
 */
function checkPeers(v: Parsed, ctx: Ctx): SelectablePeer[] | null {
  const entries: unknown = v.peers;
  if (!Array.isArray(entries)) return null;
  const peers = entries as Parsed['peers'];
  let total = 0;
  let complete = true;
  for (const p of peers) {
    if (isInt(p?.count) && p.count >= 1) total += p.count;
    else complete = false;
  }
  const device = v.ntb?.device;
  const limit = typeof device === 'string' ? DEVICE_MAX_PEERS[device] : undefined;
  if (limit !== undefined && total > limit) {
    const fits = NTB_DEVICES.find((d) => DEVICE_MAX_PEERS[d] >= total);
    const advice =
      fits === undefined
        ? `no device supports more than ${MAX_PEERS}`
        : `use ntb.device ${fits} (up to ${DEVICE_MAX_PEERS[fits]})`;
    const found = `${total} peer${total === 1 ? '' : 's'} after count expansion`;
    report(ctx, ['peers'], `${found}, but ntb.device ${device} supports at most ${limit}; ${advice}`, peers);
  }
  // Past MAX_PEERS the expansion itself would be large; the limit above already failed.
  if (total > MAX_PEERS) return null;
  const out: SelectablePeer[] = [];
  const firstEntry = new Map<string, number>();
  for (let i = 0; i < peers.length; i++) {
    const p = peers[i];
    if (typeof p?.name !== 'string' || !PEER_NAME_RE.test(p.name) || !isInt(p.count) || p.count < 1) {
      complete = false;
      continue;
    }
    const names = expandedNames(p.name, p.count);
    for (const name of names) {
      const prior = firstEntry.get(name);
      if (prior !== undefined) {
        const q = peers[prior];
        const last = `${q.name}${q.count - 1}`;
        const from = q.count > 1 ? ` (name ${show(q.name)} with count ${q.count} expands to ${q.name}0…${last})` : '';
        const message = `peer name ${show(name)} is already used by peers[${prior}]${from}; peer names must be unique`;
        report(ctx, ['peers', i, 'name'], message, p.name);
        complete = false;
        break;
      }
      firstEntry.set(name, i);
    }
    if (typeof p.mechanism !== 'string' || !isInt(p.queues) || p.queues < 1) {
      complete = false;
      continue;
    }
    const shares = typeof p.shares === 'string' ? p.shares : undefined;
    for (const name of names) out.push({ name, mechanism: p.mechanism, queues: p.queues, shares });
  }
  if (complete) checkShares(peers, out, ctx);
  checkClients(peers, ctx);
  return complete ? out : null;
}

/**
 * Each peer's client kind (machine/clients/) decides what the peer may be: the mechanisms it
 * plays over, and whether it takes an arrival (a client that makes its own traffic does not).
 * IRQ_NONE needs an msi queue.
 */
function checkClients(peers: Parsed['peers'], ctx: Ctx): void {
  for (let i = 0; i < peers.length; i++) {
    const p = peers[i];
    if (typeof p !== 'object' || p === null) continue;
    const kind = typeof p.client === 'string' ? clientKind(p.client) : undefined;
    if (kind !== undefined && p.mechanism !== undefined && !kind.mechanisms.includes(p.mechanism)) {
      const rule = kind.mechanismRule ?? `plays over ${kind.mechanisms.join(' or ')}`;
      report(ctx, ['peers', i, 'mechanism'], `client ${kind.name} ${rule}: expected ${kind.mechanisms.join(' or ')}, got ${show(p.mechanism)}`, p.mechanism);
    }
    if (kind?.ownTraffic !== undefined) {
      if (p.arrival !== undefined) report(ctx, ['peers', i, 'arrival'], kind.ownTraffic.why, p.arrival);
    } else if (p.arrival === undefined) {
      report(ctx, ['peers', i, 'arrival'], 'missing required field (expected an arrival process, e.g. { type: poisson, rate: 100000 })', undefined);
    }
    if (p.handlerReturns === 'none' && p.mechanism !== undefined && p.mechanism !== 'msi') {
      report(
        ctx,
        ['peers', i, 'handlerReturns'],
        `only an msi queue's own handler can return IRQ_NONE; the Switchtec ${p.mechanism} ISR always returns IRQ_HANDLED`,
        p.handlerReturns,
      );
    }
  }
}

/** `shares: <peer>`: the rule is the machine's (peer-rules.ts); here it is reported at its field, with a guess for a misspelt name. */
function checkShares(peers: Parsed['peers'], expanded: SelectablePeer[], ctx: Ctx): void {
  for (let i = 0; i < peers.length; i++) {
    const p = peers[i];
    if (typeof p.shares !== 'string') continue;
    const target = expanded.find((e) => e.name === p.shares);
    if (target === undefined && p.mechanism === 'msi' && p.client === 'raw') {
      const hint = didYouMean(p.shares, expanded.map((e) => e.name));
      report(ctx, ['peers', i, 'shares'], `no peer named ${show(p.shares)}${hint === undefined ? '' : `; did you mean ${show(hint)}?`}`, p.shares);
      continue;
    }
    // An unknown name only matters once the sharer itself may share.
    const problem = sharesProblem(p, target ?? { name: p.shares, mechanism: 'msi', queues: Infinity });
    if (problem !== null) report(ctx, ['peers', i, problem.field], problem.message, problem.field === 'shares' ? p.shares : p.queues);
  }
}

/** Checks the selector and CPU list of one affinity entry (at `base`). */
function checkAffinityEntry(
  entry: { irq?: unknown; cpus?: unknown },
  base: (string | number)[],
  peers: SelectablePeer[] | null,
  byName: Map<string, number>,
  cpus: unknown,
  seen: Map<string, string>,
  ctx: Ctx,
): void {
  const irq = entry.irq;
  if (typeof irq === 'string') {
    // Without a valid peer list only the Switchtec vectors and the syntax can be judged.
    const judged = peers !== null || irq.startsWith('switchtec/');
    const targets = judged ? resolveIrqSelectors(irq, peers ?? [], byName) : null;
    if (typeof targets === 'string') report(ctx, [...base, 'irq'], targets, irq);
    // One initial affinity per irq, however the selectors name it: `seen` maps each irq named so
    // far to where ("affinity[0]", or "affinity[0] (from "all")" for a pattern).
    const from = (name: string): string => (name === irq ? '' : ` (from ${show(irq)})`);
    for (const name of Array.isArray(targets) ? targets.map((t) => targetName(t, peers ?? [])) : [irq]) {
      const where = seen.get(name);
      if (where !== undefined) {
        report(ctx, [...base, 'irq'], `${name}${from(name)} already has an initial affinity at ${where}`, irq);
        break;
      }
      seen.set(name, `${formatPath(base)}${from(name)}`);
    }
  }
  const list = entry.cpus;
  if (!Array.isArray(list)) return;
  const listed = new Set<number>();
  for (let j = 0; j < list.length; j++) {
    const cpu: unknown = list[j];
    if (!isInt(cpu) || cpu < 0) continue;
    if (isInt(cpus) && cpu >= cpus) {
      ctx.addIssue({
        code: 'custom',
        path: [...base, 'cpus', j],
        message: `CPU ${cpu} does not exist: machine.cpus is ${cpus} (CPUs 0…${cpus - 1})`,
        input: cpu,
      });
    }
    if (listed.has(cpu)) {
      ctx.addIssue({ code: 'custom', path: [...base, 'cpus', j], message: `CPU ${cpu} is listed twice`, input: cpu });
    }
    listed.add(cpu);
  }
}

/** Checks that span fields: run length vs warmup, stats and change times; peers; selectors. */
function crossCheck(v: Parsed, ctx: Ctx): void {
  const d = v.duration;
  if (isNs(d)) {
    if (isNs(v.warmup) && v.warmup >= d) {
      ctx.addIssue({
        code: 'custom',
        path: ['warmup'],
        message: `must be less than duration (${formatDurationNs(d)}), got ${formatDurationNs(v.warmup)}`,
        input: v.warmup,
      });
    }
    if (isNs(v.statsInterval) && v.statsInterval > d) {
      ctx.addIssue({
        code: 'custom',
        path: ['statsInterval'],
        message: `must not exceed duration (${formatDurationNs(d)}), got ${formatDurationNs(v.statsInterval)}`,
        input: v.statsInterval,
      });
    } else if (isNs(v.statsInterval) && Math.ceil(d / v.statsInterval) > MAX_SERIES_INTERVALS) {
      const least = Math.ceil(d / MAX_SERIES_INTERVALS);
      ctx.addIssue({
        code: 'custom',
        path: ['statsInterval'],
        message:
          `gives ${Math.ceil(d / v.statsInterval)} intervals over duration ${formatDurationNs(d)}; at most ` +
          `${MAX_SERIES_INTERVALS.toLocaleString('en-US')} are allowed, so at least ${formatDurationNs(least)}, got ${formatDurationNs(v.statsInterval)}`,
        input: v.statsInterval,
      });
    }
  }
  const ntb = v.ntb as { nirqs?: unknown; msixTableSize?: unknown } | undefined;
  if (ntb && typeof ntb.nirqs === 'number' && ntb.nirqs >= 4 && typeof ntb.msixTableSize === 'number' && ntb.msixTableSize > ntb.nirqs) {
    ctx.addIssue({
      code: 'custom',
      path: ['ntb', 'msixTableSize'],
      message: `must not exceed ntb.nirqs (${ntb.nirqs}), got ${ntb.msixTableSize}`,
      input: ntb.msixTableSize,
    });
  }
  const peers = checkPeers(v, ctx);
  const byName = new Map<string, number>();
  if (peers !== null) for (let i = 0; i < peers.length; i++) byName.set(peers[i].name, i);
  const cpus = v.machine?.cpus;
  const seen = new Map<string, string>();
  const initial: unknown = v.affinity;
  if (Array.isArray(initial)) {
    for (let i = 0; i < initial.length; i++) {
      const e = initial[i] as { irq?: unknown; cpus?: unknown } | undefined;
      if (typeof e !== 'object' || e === null) continue;
      checkAffinityEntry(e, ['affinity', i], peers, byName, cpus, seen, ctx);
    }
  }
  const changes: unknown = v.affinityChanges;
  if (Array.isArray(changes)) {
    for (let i = 0; i < changes.length; i++) {
      const e = changes[i] as { irq?: unknown; cpus?: unknown; at?: unknown } | undefined;
      if (typeof e !== 'object' || e === null) continue;
      checkAffinityEntry(e, ['affinityChanges', i], peers, byName, cpus, new Map(), ctx);
      if (isNs(d) && isNs(e.at) && e.at >= d) {
        ctx.addIssue({
          code: 'custom',
          path: ['affinityChanges', i, 'at'],
          message: `must be before the end of the run (duration ${formatDurationNs(d)}), got ${formatDurationNs(e.at)}`,
          input: e.at,
        });
      }
    }
  }
}

function buildPeers(v: Parsed): PeerConfig[] {
  const out: PeerConfig[] = [];
  for (const p of v.peers) {
    for (const name of expandedNames(p.name, p.count)) {
      out.push({
        name,
        group: p.name,
        mechanism: p.mechanism,
        client: p.client,
        queues: p.queues,
        // null for a ping-pong peer: it pings once at time 0, then answers the host's pongs.
        arrival: p.arrival ?? null,
        itemWorkNs: p.itemWork,
        handlerReturns: p.handlerReturns,
        linkLatencyNs: p.linkLatency,
        hops: p.hops,
        ringSize: p.ringSize,
        shares: p.shares ?? null,
        pingDelayNs: p.pingDelay,
      });
    }
  }
  return out;
}

/** One entry per irq the selector names (a pattern names many), in the order it names them. */
function resolved(
  irq: string,
  peers: PeerConfig[],
  byName: Map<string, number>,
  cpus: readonly number[],
): AffinityConfig[] {
  const targets = resolveIrqSelectors(irq, peers, byName);
  // crossCheck has already rejected every selector that does not resolve.
  if (typeof targets === 'string') throw new Error(`internal: unchecked irq selector ${irq}: ${targets}`);
  const sorted = [...cpus].sort((a, b) => a - b);
  return targets.map((target) => ({ irq: targetName(target, peers), target, cpus: sorted }));
}

function build(v: Parsed): WorkloadConfig {
  const peers = buildPeers(v);
  const byName = new Map<string, number>();
  for (let i = 0; i < peers.length; i++) byName.set(peers[i].name, i);
  return {
    description: v.description,
    seed: v.seed,
    durationNs: v.duration,
    warmupNs: v.warmup,
    statsIntervalNs: v.statsInterval ?? Math.max(NS_PER_US, Math.floor(v.duration / 100)),
    machine: v.machine,
    ntb: {
      device: v.ntb.device,
      design: v.ntb.design,
      nirqs: v.ntb.nirqs,
      msixTableSize: v.ntb.msixTableSize,
      window: { type: v.ntb.window.type, sizeBytes: v.ntb.window.size },
      messageOverflow: v.ntb.messageOverflow,
    },
    peers,
    affinity: v.affinity.flatMap((a) => resolved(a.irq, peers, byName, a.cpus)),
    affinityChanges: v.affinityChanges.flatMap((c) => resolved(c.irq, peers, byName, c.cpus).map((r) => ({ atNs: c.at, ...r }))),
    irqbalance: v.irqbalance == null ? null : { intervalNs: v.irqbalance.interval },
    costs: v.costs,
    trace: v.trace,
  };
}

/**
 * The workload schema: raw file object in (WorkloadInput), WorkloadConfig out. Cross-field
 * checks run even when fields have failed, so one parse reports every issue it can.
 */
export const workloadSchema = topSchema
  // Run the cross checks even when fields failed (each check skips what it cannot judge), so one
  // parse reports every issue; only a top level that is not an object has nothing to check.
  .superRefine(crossCheck, { when: (payload) => typeof payload.value === 'object' && payload.value !== null })
  .transform(build);

/** A workload as written in a file (durations as strings or ns, optional fields absent). */
export type WorkloadInput = z.input<typeof workloadSchema>;

/** The top-level keys a workload file may have, in schema order. */
export const WORKLOAD_KEYS: readonly string[] = Object.keys(topSchema.shape);

/** The top-level object schema alone (input side for JSON Schema; no cross checks). */
export const workloadObjectSchema = topSchema;

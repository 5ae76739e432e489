/**
 * src/workload/: the workload file format (no kernel counterpart; its knobs keep their kernel
 * meaning): parsing, the schema, overrides, errors.
 *
 * Loading a workload: text → parse (parse.ts) → `--set` overrides (overrides.ts) → schema
 * (schema.ts) → a frozen WorkloadConfig, or a WorkloadError with every issue found. Also the
 * one-line summary and the JSON Schema for editors. No kernel counterpart.
 */
import { z } from 'zod';
import { EXCERPT_CHARS, cutMessage } from '../engine/excerpt.js';
import { formatDurationNs } from '../engine/time.js';
import type { WorkloadConfig } from './config.js';
import { didYouMean } from './did-you-mean.js';
import { WorkloadError, formatPath, type WorkloadIssue } from './errors.js';
import { applyOverrides, parseOverride } from './overrides.js';
import { parseWorkloadText, type ParseOptions } from './parse.js';
import { DEVICE_MAX_PEERS } from '../machine/peer-rules.js';
import { workloadSchema } from './schema.js';
import { toWorkloadIssues, workloadErrorMap } from './zod-issues.js';

export type { WorkloadConfig } from './config.js';
export type { WorkloadInput } from './schema.js';

export interface LoadOptions extends ParseOptions {
  /**
   * Names of the cost-model entries `costs` may override. Absent: names are not checked here
   * (machine/ owns the cost model; the lead passes its names).
   */
  readonly costNames?: readonly string[];
}

/** Freezes `value` and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function costNameIssues(input: unknown, file: string, costNames: readonly string[] | undefined): WorkloadIssue[] {
  if (costNames === undefined || typeof input !== 'object' || input === null) return [];
  const costs = (input as Record<string, unknown>).costs;
  if (typeof costs !== 'object' || costs === null || Array.isArray(costs)) return [];
  const out: WorkloadIssue[] = [];
  for (const name of Object.keys(costs)) {
    if (costNames.includes(name)) continue;
    const guess = didYouMean(name, costNames);
    const message =
      guess === undefined
        ? `unknown cost-model entry; expected one of ${costNames.join(', ')}`
        : `unknown cost-model entry; did you mean ${JSON.stringify(guess)}?`;
    out.push({ file, path: formatPath(['costs', name]), message });
  }
  return out;
}

/**
 * Validates a raw workload object (already parsed and overridden) into a frozen WorkloadConfig.
 * Throws WorkloadError with every issue found, each naming `fileName`.
 */
export function validateWorkload(input: unknown, fileName: string, options: LoadOptions = {}): WorkloadConfig {
  if (input === null || input === undefined) {
    const message = 'the file is empty; expected an object with at least description, duration and peers';
    throw new WorkloadError([{ file: fileName, path: '', message }]);
  }
  const result = workloadSchema.safeParse(input, { error: workloadErrorMap });
  const issues = result.success ? [] : toWorkloadIssues(result.error.issues, fileName);
  issues.push(...costNameIssues(input, fileName, options.costNames));
  if (issues.length > 0 || !result.success) throw new WorkloadError(issues);
  return deepFreeze(result.data);
}

// An issue at or below an overridden path says where its value came from.
function blameOverrides(issues: readonly WorkloadIssue[], overrides: readonly string[]): WorkloadIssue[] {
  const sets = overrides.map((text) => ({ text, path: formatPath(parseOverride(text).path) }));
  return issues.map((issue) => {
    for (let i = sets.length - 1; i >= 0; i--) {
      const p = sets[i].path;
      if (issue.path === p || issue.path.startsWith(`${p}.`) || issue.path.startsWith(`${p}[`)) {
        return { ...issue, message: `${issue.message} (value from --set ${cutMessage(sets[i].text, EXCERPT_CHARS)})` };
      }
    }
    return issue;
  });
}

/**
 * Loads a workload from its text: `fileName` picks JSON or YAML and names the file in errors;
 * `overrides` are `--set` arguments ("peers[0].arrival.rate=5e5") applied before validation.
 * Returns a deeply frozen WorkloadConfig or throws WorkloadError listing all issues.
 */
export function loadWorkload(
  text: string,
  fileName: string,
  overrides: readonly string[] = [],
  options: LoadOptions = {},
): WorkloadConfig {
  const raw = applyOverrides(parseWorkloadText(text, fileName, options), overrides);
  try {
    return validateWorkload(raw, fileName, options);
  } catch (err) {
    if (!(err instanceof WorkloadError) || overrides.length === 0) throw err;
    throw new WorkloadError(blameOverrides(err.issues, overrides));
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * One line saying what a workload runs: description, peers by mechanism, queues, machine,
 * device, run length and seed. For logs and the CLI's "running …" line.
 */
export function describeWorkload(config: WorkloadConfig): string {
  const byMechanism = new Map<string, number>();
  let queues = 0;
  for (const p of config.peers) {
    byMechanism.set(p.mechanism, (byMechanism.get(p.mechanism) ?? 0) + 1);
    queues += p.queues;
  }
  const mechanisms = [...byMechanism].map(([m, n]) => `${n} ${m}`).join(' + ');
  const m = config.machine;
  const parts = [
    `${plural(config.peers.length, 'peer')} (${mechanisms}), ${plural(queues, 'queue')}`,
    `${config.ntb.device} ${config.ntb.design}`,
    `${plural(m.cpus, 'CPU')}, remapping ${m.remapping}`,
    formatDurationNs(config.durationNs) + (config.warmupNs > 0 ? ` (warmup ${formatDurationNs(config.warmupNs)})` : ''),
    `seed ${config.seed}`,
  ];
  if (config.affinityChanges.length > 0) parts.push(plural(config.affinityChanges.length, 'affinity change'));
  if (config.irqbalance !== null) parts.push(`irqbalance every ${formatDurationNs(config.irqbalance.intervalNs)}`);
  return parts.join(', ');
}

/**
 * What hardware and which kernel design a workload runs on, in plain words, so a result is never
 * mistaken for today's machines: the hypothetical `storm` device and tglx's proposed NTB MSI
 * domain are what-ifs; Switchtec and IDT with the virtual MSI-X entries are what ships.
 * Returns [label, text] rows: device, then design.
 */
export function describeHardware(config: WorkloadConfig): readonly (readonly [string, string])[] {
  const max = DEVICE_MAX_PEERS;
  const devices = {
    storm: `storm: hypothetical, up to ${max.storm.toLocaleString('en-US')} peers (today: Switchtec ${max.switchtec}, IDT ${max.idt})`,
    switchtec: `switchtec: today's hardware, ${max.switchtec} peer (the driver's limit)`,
    idt: `idt: today's hardware, up to ${max.idt} peers`,
  } as const;
  const designs = {
    'ntb-domain': "ntb-domain: tglx's NTB MSI irqdomain as the mail writes its chip (set_affinity → parent), proposed 2021, not in the kernel",
    'ntb-domain-ims': "ntb-domain-ims: tglx's NTB MSI irqdomain with msi_domain_set_affinity (rewrites the message on a move, as IMS does), not in the kernel",
    'virtual-msix': "virtual-msix: the Switchtec function's virtual MSI-X entries (today)",
  } as const;
  return [
    ['device', devices[config.ntb.device]],
    ['design', designs[config.ntb.design]],
  ];
}

/**
 * The one-line note for a design the kernel cannot build, or null: mainline x86 (6.2+) accepts
 * no device MSI domain directly on the vector domain other than PCI MSI/MSI-X
 * (x86_init_dev_msi_info(); IMS only under the interrupt-remapping parents), so an NTB MSI
 * domain with remapping off runs as a what-if.
 */
export function whatIfNote(config: WorkloadConfig): string | null {
  if (config.ntb.design === 'virtual-msix' || config.machine.remapping !== 'off') return null;
  return (
    `note: ${config.ntb.design} with remapping off is a what-if: x86 (6.2+) builds no device MSI domain on the vector domain ` +
    'but PCI MSI/MSI-X (x86_init_dev_msi_info; IMS only under interrupt remapping)'
  );
}

/**
 * The JSON Schema (draft 2020-12) of a workload file, from the input side of the zod schema:
 * for editors (`"$schema": "./schema.json"`) and workloads/schema.json. Cross-field rules and
 * duration syntax are not expressible there; the loader still checks them.
 */
export function workloadJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(workloadSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const description = 'A scenario for the irqstorm interrupt-storm simulator';
  return { ...schema, title: 'irqstorm workload', description };
}

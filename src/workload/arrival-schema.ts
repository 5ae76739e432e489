/**
 * The `arrival` field of a peer: when the peer's queues trigger interrupts. The schema mirrors
 * traffic/arrival-spec.ts (same types and field names, so a validated arrival goes straight to
 * createArrivalProcess), with durations turned into ns and costs into DistributionSpecs.
 * Remote-side workload; no kernel counterpart.
 */
import { z } from 'zod';
import { createSampler, type DistributionSpec } from '../engine/distributions.js';
import { ARRIVAL_TYPES, MAX_RATE_HZ } from '../traffic/arrival-spec.js';
import { costSchema } from './distribution-schema.js';
import { durationSchema } from './duration.js';
import { nonEmptyString, report, show, strictObject } from './fields.js';

/** Poisson arrivals at `rate` Hz. */
export interface PoissonArrivalConfig {
  readonly type: 'poisson';
  readonly rate: number;
}
/** One arrival per period; exactly one of `rate` (Hz) and `period` (ns) is present. */
export interface PeriodicArrivalConfig {
  readonly type: 'periodic';
  readonly rate?: number;
  readonly period?: number;
  /** Displacement of each arrival, ns. */
  readonly jitter?: Readonly<DistributionSpec>;
}
/** Bursts: on and off periods (ns), arrivals at `rate` Hz while on. */
export interface OnOffArrivalConfig {
  readonly type: 'onoff';
  readonly on: Readonly<DistributionSpec>;
  readonly off: Readonly<DistributionSpec>;
  readonly rate: number;
  readonly within: 'poisson' | 'periodic';
}
/** One MMPP state: `rate` Hz, mean sojourn `meanSojourn` ns. */
export interface MmppStateConfig {
  readonly rate: number;
  readonly meanSojourn: number;
}
/** Markov-modulated Poisson process; `transitions` absent means state i → (i + 1) mod n. */
export interface MmppArrivalConfig {
  readonly type: 'mmpp';
  readonly states: readonly MmppStateConfig[];
  readonly transitions?: readonly (readonly number[])[];
}
/** Rate moving linearly from `from` to `to` Hz over `over` ns, then holding or stopping. */
export interface RampArrivalConfig {
  readonly type: 'ramp';
  readonly from: number;
  readonly to: number;
  readonly over: number;
  readonly then: 'hold' | 'stop';
}
/**
 * Replay of a timestamps CSV. The loader reads `file` (workload/trace-file.ts) into the
 * `timestamps` that traffic's TraceArrivalSpec needs; the config holds only the name.
 */
export interface TraceArrivalConfig {
  readonly type: 'trace';
  readonly file: string;
  readonly loop: boolean;
}

/** A validated arrival, discriminated on `type`. */
export type ArrivalConfig =
  | PoissonArrivalConfig
  | PeriodicArrivalConfig
  | OnOffArrivalConfig
  | MmppArrivalConfig
  | RampArrivalConfig
  | TraceArrivalConfig;

/** A rate in Hz: (0, MAX_RATE_HZ], or [0, MAX_RATE_HZ] with `allowZero`. */
function rateHz(allowZero = false) {
  const base = z.number();
  return (allowZero ? base.min(0) : base.gt(0)).max(MAX_RATE_HZ, {
    error: (iss) =>
      `must be at most ${MAX_RATE_HZ} Hz (one arrival per ns, the clock's resolution), got ${show(iss.input)}`,
  });
}

// NaN for a spec that failed its own checks (already reported there).
function meanOf(spec: DistributionSpec): number {
  try {
    return createSampler(spec, 'cost').mean;
  } catch {
    return NaN;
  }
}

const poisson = strictObject({ type: z.literal('poisson'), rate: rateHz() });

const periodic = strictObject({
  type: z.literal('periodic'),
  rate: rateHz().optional(),
  period: durationSchema(1).optional(),
  jitter: costSchema().optional(),
}).superRefine((v, ctx) => {
  if ((v.rate === undefined) === (v.period === undefined)) {
    const message =
      v.rate === undefined
        ? 'needs a rate (Hz) or a period (a duration such as "10us")'
        : 'give either rate (Hz) or period, not both';
    report(ctx, [], message, v);
  }
});

const onoff = strictObject({
  type: z.literal('onoff'),
  on: costSchema(),
  off: costSchema(),
  rate: rateHz(),
  within: z.enum(['poisson', 'periodic']).default('poisson'),
}).superRefine((v, ctx) => {
  // The process spends its time in these periods: a zero-length on period never fires.
  const onMean = meanOf(v.on);
  if (onMean <= 0 || onMean === Infinity) {
    report(ctx, ['on'], `mean on-period must be finite and greater than 0 ns, got ${onMean}`, v.on);
  }
  const offMean = meanOf(v.off);
  if (offMean < 0 || offMean === Infinity) {
    report(ctx, ['off'], `mean off-period must be finite and at least 0 ns, got ${offMean}`, v.off);
  }
});

const mmppState = strictObject({ rate: rateHz(true), meanSojourn: durationSchema(1) });

const mmpp = strictObject({
  type: z.literal('mmpp'),
  states: z.array(mmppState).min(2),
  transitions: z.array(z.array(z.number().min(0).max(1))).optional(),
}).superRefine((v, ctx) => {
  if (!v.states.some((s) => s.rate > 0)) {
    report(ctx, ['states'], 'every state has rate 0; at least one must be greater than 0', v.states);
  }
  const t = v.transitions;
  if (t === undefined) return;
  const n = v.states.length;
  if (t.length !== n) {
    report(ctx, ['transitions'], `expected ${n} rows (one per state), got ${t.length}`, t);
    return;
  }
  for (let i = 0; i < n; i++) {
    const row = t[i];
    if (row.length !== n) {
      report(ctx, ['transitions', i], `expected ${n} probabilities (one per state), got ${row.length}`, row);
      continue;
    }
    let sum = 0;
    for (let j = 0; j < n; j++) sum += row[j];
    if (Math.abs(sum - 1) > 1e-9) {
      const message = `probabilities must sum to 1 (leaving state ${i} goes somewhere), got ${sum}`;
      report(ctx, ['transitions', i], message, row);
    }
  }
});

const ramp = strictObject({
  type: z.literal('ramp'),
  from: rateHz(true),
  to: rateHz(true),
  over: durationSchema(1),
  then: z.enum(['hold', 'stop']).default('hold'),
}).superRefine((v, ctx) => {
  if (v.from === 0 && v.to === 0) {
    const message = 'a ramp from 0 Hz to 0 Hz never fires; at least one of from and to must be greater than 0';
    report(ctx, [], message, v);
  }
});

const trace = strictObject({ type: z.literal('trace'), file: nonEmptyString(), loop: z.boolean().default(false) });

/** The arrival schema: input as in the draft workload format, output an ArrivalConfig. */
export function arrivalSchema() {
  return z
    .discriminatedUnion('type', [poisson, periodic, onoff, mmpp, ramp, trace])
    .meta({ description: `when the peer's queues trigger: type is one of ${ARRIVAL_TYPES.join(', ')}` })
    .transform((v): ArrivalConfig => v);
}

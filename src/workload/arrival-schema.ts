/**
 * The `arrival` field of a peer: when the peer's queues trigger interrupts. The arrival types,
 * their fields and their rules are the traffic layer's (traffic/arrival-spec.ts and each
 * process): this schema only gives each type its shape (field names, durations as ns, costs as
 * distributions, enum defaults), then hands the result to traffic's own validation, whose
 * ParameterError becomes an issue at the offending field, as distribution-schema.ts does for
 * distributions. A trace names its CSV file; the loader reads and checks the rows.
 * Remote-side workload; no kernel counterpart.
 */
import { z } from 'zod';
import { ParameterError, type DistributionSpec } from '../engine/distributions.js';
import { validateArrivalSpec } from '../traffic/arrival-process.js';
import { ARRIVAL_TYPES, type ArrivalSpec, type TraceArrivalSpec } from '../traffic/arrival-spec.js';
import { costSchema } from './distribution-schema.js';
import { durationSchema } from './duration.js';
import type { PathSegment } from './errors.js';
import { nonEmptyString, strictObject } from './fields.js';

type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/**
 * Replay of a timestamps CSV. The loader reads `file` (workload/trace-file.ts) into the
 * `timestamps` that traffic's TraceArrivalSpec needs; the config holds only the name.
 */
export interface TraceArrivalConfig {
  readonly type: 'trace';
  readonly file: string;
  readonly loop: boolean;
}

/** A validated arrival: traffic's spec with every duration in ns and every cost a distribution, or a trace by file. */
export type ArrivalConfig = DeepReadonly<Exclude<ArrivalSpec<number, DistributionSpec>, TraceArrivalSpec>> | TraceArrivalConfig;

const rate = () => z.number();

const poisson = strictObject({ type: z.literal('poisson'), rate: rate() });

const periodic = strictObject({
  type: z.literal('periodic'),
  rate: rate().optional(),
  period: durationSchema().optional(),
  jitter: costSchema().optional(),
});

const onoff = strictObject({
  type: z.literal('onoff'),
  on: costSchema(),
  off: costSchema(),
  rate: rate(),
  within: z.enum(['poisson', 'periodic']).default('poisson'),
});

const mmpp = strictObject({
  type: z.literal('mmpp'),
  states: z.array(strictObject({ rate: rate(), meanSojourn: durationSchema() })),
  transitions: z.array(z.array(z.number())).optional(),
});

const ramp = strictObject({
  type: z.literal('ramp'),
  from: rate(),
  to: rate(),
  over: durationSchema(),
  then: z.enum(['hold', 'stop']).default('hold'),
});

const trace = strictObject({ type: z.literal('trace'), file: nonEmptyString(), loop: z.boolean().default(false) });

/** Splits a ParameterError path below the arrival ("arrival.transitions[0]") into segments. */
function arrivalPath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of path.slice('arrival'.length).matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return out;
}

/** The arrival schema: input as in the workload format, output an ArrivalConfig that traffic accepts. */
export function arrivalSchema() {
  return z
    .discriminatedUnion('type', [poisson, periodic, onoff, mmpp, ramp, trace])
    .meta({ description: `when the peer's queues trigger: type is one of ${ARRIVAL_TYPES.join(', ')}` })
    .transform((v, ctx): ArrivalConfig => {
      if (v.type === 'trace') return v;
      try {
        validateArrivalSpec(v, 'arrival');
      } catch (err) {
        if (!(err instanceof ParameterError)) throw err;
        const message = err.message.slice(err.path.length + 2);
        ctx.addIssue({ code: 'custom', path: arrivalPath(err.path), message, input: v });
      }
      return v;
    });
}

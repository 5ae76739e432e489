/**
 * Durations in workload files: "250ns", "1.5us", "10ms", "2s" or a whole number of ns, parsed by
 * engine/time.ts parseDurationNs into integer ns within the 2^53 ns clock. No kernel
 * counterpart; kernel times (jiffies, HZ) are modelled in machine/.
 */
import { z } from 'zod';
import { TimeError, formatDurationNs, parseDurationNs } from '../engine/time.js';
import { expecting, show } from './fields.js';

/** How a duration is written, for "expected …" messages and the JSON Schema. */
export const DURATION_HINT = 'a duration such as "250ns", "1.5us", "10ms", "2s", or a whole number of ns';

/**
 * parseDurationNs's message reworded without its subject (`what`), since the issue path
 * already names the field: "must not be negative, got -5 ns".
 */
export function timeErrorMessage(err: TimeError, what: string): string {
  const m = err.message;
  if (m.startsWith(`${what}: `)) return m.slice(what.length + 2);
  const past = new RegExp(`^${what} is (.*) ns, past the clock's limit of (.*)$`).exec(m);
  if (past !== null) return `must be at most 2^53-1 ns (about 104 days, the clock's limit), got ${past[1]} ns`;
  if (m.startsWith(`${what} `)) return m.slice(what.length + 1);
  return m;
}

/**
 * A duration field: string or number in, integer ns out. `minNs` is the smallest allowed value
 * (1 for "must be greater than 0"). A bad value yields an issue and NaN, which later checks skip.
 */
export function durationSchema(minNs = 0) {
  return z
    .union([z.string(), z.number()], { error: expecting(DURATION_HINT) })
    .meta({ description: DURATION_HINT })
    .transform((value, ctx): number => {
      let ns: number;
      try {
        ns = parseDurationNs(value, 'value');
      } catch (err) {
        if (!(err instanceof TimeError)) throw err;
        ctx.addIssue({ code: 'custom', message: timeErrorMessage(err, 'value'), input: value });
        return NaN;
      }
      if (ns < minNs) {
        const message =
          minNs === 1
            ? `must be greater than 0, got ${show(value)}`
            : `must be at least ${formatDurationNs(minNs)}, got ${show(value)}`;
        ctx.addIssue({ code: 'custom', message, input: value });
        return NaN;
      }
      return ns;
    });
}

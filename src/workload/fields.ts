/**
 * zod building blocks shared by the workload schema: strict objects whose unknown keys get a
 * did-you-mean, integers that do not stop later checks, and the `show` used in every
 * "expected …, got …" message. No kernel counterpart.
 */
import { z } from 'zod';
import { didYouMean } from './did-you-mean.js';

/** A bad value as a short, quoted rendering for an error message ("fast", 1.5, [1,2], nothing). */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

/** Keys earlier releases accepted, with what took their place (said instead of a guess). */
const REMOVED_KEYS: ReadonlyMap<string, string> = new Map([
  ['rxMaxEntry', "removed: a tasklet run now polls up to the ring's frame count, as ntb_transport's rx_max_entry is; give ringSize"],
]);

/** The message for one unknown key, given the keys allowed at its level. */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const removed = REMOVED_KEYS.get(key);
  if (removed !== undefined) return `unknown key; ${removed}`;
  const guess = didYouMean(key, allowed);
  if (guess !== undefined) return `unknown key; did you mean ${JSON.stringify(guess)}?`;
  return `unknown key; expected one of ${allowed.join(', ')}`;
}

/** Separates per-key messages inside one unrecognized_keys issue (split again in zod-issues.ts). */
export const KEY_MESSAGE_SEPARATOR = '\n';

/**
 * An object that rejects unknown keys. zod reports all unknown keys of one object as one issue;
 * its message here carries one line per key, in the issue's key order, and zod-issues.ts turns
 * each into its own issue at `<object path>.<key>`.
 */
export function strictObject<S extends z.core.$ZodLooseShape>(shape: S) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? iss.keys.map((key) => unknownKeyMessage(key, allowed)).join(KEY_MESSAGE_SEPARATOR)
        : undefined,
  });
}

/**
 * An error function for a schema that accepts several input forms (a union): "missing required
 * field (expected X)" when absent, "expected X, got Y" for a wrong form; other issues fall through.
 */
export function expecting(what: string) {
  return (iss: z.core.$ZodRawIssue): string | undefined => {
    if (iss.code !== 'invalid_type' && iss.code !== 'invalid_union') return undefined;
    if (iss.input === undefined) return `missing required field (expected ${what})`;
    return `expected ${what}, got ${show(iss.input)}`;
  };
}

/**
 * An integer. Unlike z.int(), a fractional value is an ordinary issue rather than one that
 * aborts the parse, so the cross-field checks still run and every problem is reported at once.
 * The JSON Schema still says "integer".
 */
export function int() {
  return z
    .number()
    .refine(Number.isInteger, { error: (iss) => `expected an integer, got ${show(iss.input)}` })
    .meta({ type: 'integer' });
}

/** A non-empty string (after trimming). */
export function nonEmptyString() {
  return z.string().refine((s) => s.trim() !== '', { error: 'must not be empty' });
}

/** The part of a zod refinement context that reports an issue. */
export interface IssueSink {
  addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string; input: unknown }): void;
}

/** Reports a custom issue at `path` below the value being refined. */
export function report(ctx: IssueSink, path: PropertyKey[], message: string, input: unknown): void {
  ctx.addIssue({ code: 'custom', path, message, input });
}

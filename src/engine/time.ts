/**
 * Simulated time: integer nanoseconds held in a float64. Every integer up to 2^53 - 1 is
 * exact, so the clock reaches 9,007,199,254,740,991 ns, about 104.2 days; times past that
 * are rejected rather than silently rounded.
 */

/** The last exactly representable nanosecond (2^53 - 1 ns, about 104 days). */
export const MAX_TIME_NS = Number.MAX_SAFE_INTEGER;

export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

/** A value that should have been a time or duration in ns but was not one. */
export class TimeError extends RangeError {
  override name = 'TimeError';
}

/** True when `t` is an integer ns in [0, MAX_TIME_NS]. */
export function isTimeNs(t: number): boolean {
  return Number.isInteger(t) && t >= 0 && t <= MAX_TIME_NS;
}

/** Throws a TimeError naming `what` unless `t` is an integer ns in [0, MAX_TIME_NS]. */
export function checkTimeNs(t: number, what = 'time'): number {
  if (!isTimeNs(t)) {
    if (!Number.isFinite(t)) throw new TimeError(`${what} must be a finite number of ns, got ${t}`);
    if (t < 0) throw new TimeError(`${what} must not be negative, got ${t} ns`);
    if (t > MAX_TIME_NS) {
      throw new TimeError(`${what} is ${t} ns, past the clock's limit of 2^53-1 ns (about 104 days)`);
    }
    throw new TimeError(`${what} must be a whole number of ns, got ${t}`);
  }
  return t;
}

import { quoteExcerpt } from './excerpt.js';

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: NS_PER_US,
  µs: NS_PER_US,
  ms: NS_PER_MS,
  s: NS_PER_S,
};

const UNIT_EXP10: Readonly<Record<string, number>> = { ns: 0, us: 3, µs: 3, ms: 6, s: 9 };

// Exact decimal arithmetic on the digits: "1.1" × 10^3 is 1100 with no float noise to snap, and any
// nonzero digit left after the point is a real fraction of a ns, at every magnitude. null if fractional.
function decimalToNs(text: string, unitExp10: number): number | null {
  const [mantissa, expText] = text.toLowerCase().split('e');
  const [intPart, fracPart = ''] = mantissa.split('.');
  const shift = unitExp10 + (expText === undefined ? 0 : Number(expText)) - fracPart.length;
  let digits = (intPart + fracPart).replace(/^0+(?=.)/, '');
  if (shift >= 0) {
    if (digits === '0') return 0;
    if (shift > 400) return Infinity;
    return Number(BigInt(digits + '0'.repeat(shift)));
  }
  const cut = digits.length + shift;
  const tail = cut > 0 ? digits.slice(cut) : digits;
  if (/[1-9]/.test(tail)) return null;
  digits = cut > 0 ? digits.slice(0, cut) : '0';
  return Number(BigInt(digits));
}

// Matched against the trimmed text: no two whitespace runs that could trade characters, so the
// match is linear in the input (lint: regexp/no-super-linear-backtracking).
const DURATION_RE = /^([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*(ns|us|µs|ms|s)?$/;

/**
 * Parses a duration such as "250ns", "1.5us", "10ms", "2s" or a plain number (ns) into whole ns.
 * A value that does not come to a whole number of ns (e.g. "0.5ns") is an error, not rounded.
 */
export function parseDurationNs(input: string | number, what = 'duration'): number {
  if (typeof input === 'number') return checkTimeNs(input, what);
  const m = DURATION_RE.exec(input.trim());
  if (m === null) {
    throw new TimeError(
      `${what}: cannot read ${quoteExcerpt(input)} as a duration; expected a number with an optional unit ` +
        `ns, us, ms or s (e.g. "250ns", "1.5us", "10ms", "2s")`,
    );
  }
  const ns = decimalToNs(m[1], UNIT_EXP10[m[2] ?? 'ns']);
  if (ns === null) {
    throw new TimeError(`${what}: ${quoteExcerpt(input)} is ${Number(m[1]) * UNIT_NS[m[2] ?? 'ns']} ns, not a whole number of nanoseconds`);
  }
  return checkTimeNs(ns, what);
}

/** Formats ns with the largest unit that keeps it readable: 1500 → "1.5us". */
export function formatDurationNs(ns: number): string {
  const abs = Math.abs(ns);
  if (abs >= NS_PER_S) return `${trim(ns / NS_PER_S)}s`;
  if (abs >= NS_PER_MS) return `${trim(ns / NS_PER_MS)}ms`;
  if (abs >= NS_PER_US) return `${trim(ns / NS_PER_US)}us`;
  return `${trim(ns)}ns`;
}

function trim(x: number): string {
  return String(Number(x.toPrecision(6)));
}

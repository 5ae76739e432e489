/**
 * Sizes in workload files (memory windows): "64KiB", "1MiB", "4096B" or a whole number of bytes.
 * Binary units only: the NTB window alignment rules are powers of two, and "KB" would leave
 * 1000 vs 1024 ambiguous. No kernel counterpart.
 */
import { z } from 'zod';
import { expecting, show } from './fields.js';

export const SIZE_HINT = 'a size such as "4KiB", "64KiB", "1MiB", or a whole number of bytes';

const UNIT_BYTES: Readonly<Record<string, number>> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
// Both matched against the trimmed text, so they run in linear time (see DURATION_RE).
const SIZE_RE = /^([0-9]+(?:\.[0-9]+)?)\s*(B|KiB|MiB|GiB)?$/;
const DECIMAL_UNIT_RE = /^[0-9.]+\s*([kKmMgG])i?[bB]?$/;

/**
 * Parses a size into whole bytes (>= 1), or returns an error message saying what was expected.
 * "0.5KiB" is 512 bytes; "0.3KiB" is not a whole number of bytes and is rejected.
 */
export function parseSizeBytes(value: string | number): number | string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 1) return `expected ${SIZE_HINT} (at least 1 byte), got ${show(value)}`;
    return value;
  }
  const text = value.trim();
  const m = SIZE_RE.exec(text);
  if (m === null) {
    if (DECIMAL_UNIT_RE.test(text)) {
      return `cannot read ${show(value)}: use binary units KiB, MiB or GiB (1024-based), e.g. "64KiB"`;
    }
    return `expected ${SIZE_HINT}, got ${show(value)}`;
  }
  const bytes = Number(m[1]) * UNIT_BYTES[m[2] ?? 'B'];
  if (!Number.isSafeInteger(bytes)) return `${show(value)} is ${bytes} bytes, not a whole number of bytes`;
  if (bytes < 1) return `must be at least 1 byte, got ${show(value)}`;
  return bytes;
}

/** A size field: string or number in, whole bytes out (NaN with an issue when bad). */
export function sizeSchema() {
  return z
    .union([z.string(), z.number()], { error: expecting(SIZE_HINT) })
    .meta({ description: SIZE_HINT })
    .transform((value, ctx): number => {
      const bytes = parseSizeBytes(value);
      if (typeof bytes === 'string') {
        ctx.addIssue({ code: 'custom', message: bytes, input: value });
        return NaN;
      }
      return bytes;
    });
}

/** Options more than one command shares, with their checks: one place, one wording. */
import { CliError } from './exit-codes.js';

/** `--set path=value`, repeatable; exactly one value per flag, so it never swallows the workload path. */
export const SET_OPTION = {
  type: 'string',
  array: true,
  nargs: 1,
  default: [],
  describe: 'override a field: --set path=value (repeatable)',
} as const;

/** `--seed N`: a whole number ≥ 0 (a safe integer), given once. */
export function parseSeedOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new CliError(`--seed: given ${value.length} times; give it once`);
  const text = String(value).trim();
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n)) {
    throw new CliError(`--seed: expected a whole number from 0 to 2^53-1, got ${JSON.stringify(String(value))}`);
  }
  return n;
}

/** `--allow-outside`: trace files may lie outside the workload's folder tree. */
export const ALLOW_OUTSIDE_OPTION = {
  type: 'boolean',
  default: false,
  describe: "read trace files outside the workload's folder tree",
} as const;

/**
 * A number option read as text, so a bad value is echoed as the user typed it (yargs' own
 * `type: 'number'` turns "abc" into NaN before any check sees it). `expected` says what is
 * accepted, e.g. "a percentage > 0"; `ok` decides.
 */
export function numberOption(flag: string, expected: string, ok: (n: number) => boolean): (value: unknown) => number | undefined {
  return (value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    if (Array.isArray(value)) throw new CliError(`--${flag}: given ${value.length} times; give it once`);
    const text = String(value).trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || !ok(n)) throw new CliError(`--${flag}: must be ${expected}, got ${JSON.stringify(String(value))}`);
    return n;
  };
}

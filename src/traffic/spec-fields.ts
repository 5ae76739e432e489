/**
 * Field readers for arrival specs: each checks one field of plain data from a workload file and
 * throws a ParameterError whose path names it (`peers[0].arrival.rate: must be greater than 0,
 * got -5`). Build-time only; nothing here runs per arrival.
 */
import { ParameterError, createSampler, type DistributionSpec, type Sampler } from '../engine/distributions.js';
import { TimeError, parseDurationNs } from '../engine/time.js';
import { MAX_RATE_HZ } from './arrival-spec.js';

/** A spec object seen as a bag of fields, before validation. */
export type Fields = Readonly<Record<string, unknown>>;

/** JSON-ish rendering of a bad value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

/** Throws unless `value` is a plain object; returns it as fields. */
export function expectObject(value: unknown, path: string, example: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw new ParameterError(path, `expected an object such as ${example}, got ${show(value)}`);
  }
  return value as Fields;
}

/** Rejects fields not in `allowed`, so a misspelt optional field (`jiter`) is an error, not ignored. */
export function checkKnownFields(fields: Fields, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) {
      throw new ParameterError(`${path}.${key}`, `unknown field; expected one of ${allowed.join(', ')}`);
    }
  }
}

/**
 * Reads a rate in Hz. `allowZero` admits 0 (a silent MMPP state, either end of a ramp);
 * otherwise the rate must be > 0. Above MAX_RATE_HZ several arrivals would share each ns.
 */
export function readRateHz(fields: Fields, key: string, path: string, allowZero = false): number {
  const value = fields[key];
  const at = `${path}.${key}`;
  if (value === undefined) throw new ParameterError(at, 'is required (a rate in Hz)');
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ParameterError(at, `expected a rate in Hz (a finite number), got ${show(value)}`);
  }
  if (allowZero ? value < 0 : value <= 0) {
    throw new ParameterError(at, `must be ${allowZero ? 'at least 0' : 'greater than 0'}, got ${value}`);
  }
  if (value > MAX_RATE_HZ) {
    throw new ParameterError(at, `must be at most ${MAX_RATE_HZ} Hz (one arrival per ns, the clock's resolution), got ${value}`);
  }
  return value;
}

/** Reads a duration (whole ns number or duration string) into ns; `positive` rejects 0. */
export function readDurationNs(fields: Fields, key: string, path: string, positive: boolean): number {
  const value = fields[key];
  const at = `${path}.${key}`;
  if (value === undefined) throw new ParameterError(at, 'is required (a duration such as "10us", or ns)');
  const ns = parseDuration(value, at);
  if (positive && ns <= 0) throw new ParameterError(at, `must be longer than 0 ns, got ${show(value)}`);
  return ns;
}

/**
 * Reads a cost: a duration (a fixed value) or a DistributionSpec of ns, as a Sampler. Callers
 * clamp samples at 0 where a negative value makes no sense (distributions.ts allows a normal
 * to go below 0).
 */
export function readCost(fields: Fields, key: string, path: string): Sampler {
  const value = fields[key];
  const at = `${path}.${key}`;
  if (value === undefined) {
    throw new ParameterError(at, 'is required (a duration such as "10us", or a distribution of ns)');
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return createSampler(value as DistributionSpec, at);
  }
  return createSampler({ type: 'deterministic', value: parseDuration(value, at) }, at);
}

/** Reads an optional choice among string values; absent gives `fallback`. */
export function readChoice<T extends string>(
  fields: Fields,
  key: string,
  path: string,
  values: readonly T[],
  fallback: T,
): T {
  const value = fields[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw new ParameterError(`${path}.${key}`, `expected one of ${values.join(', ')}, got ${show(value)}`);
  }
  return value as T;
}

/** Reads an optional boolean; absent gives `fallback`. */
export function readBoolean(fields: Fields, key: string, path: string, fallback: boolean): boolean {
  const value = fields[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new ParameterError(`${path}.${key}`, `expected true or false, got ${show(value)}`);
  }
  return value;
}

// parseDurationNs speaks TimeError with its own prefix; re-issue it as a ParameterError at `at`.
function parseDuration(value: unknown, at: string): number {
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new ParameterError(at, `expected a duration (such as "10us", or a whole number of ns), got ${show(value)}`);
  }
  try {
    return parseDurationNs(value, at);
  } catch (err) {
    if (!(err instanceof TimeError)) throw err;
    let message = err.message;
    if (message.startsWith(at)) message = message.slice(at.length).replace(/^:?\s*/, '');
    throw new ParameterError(at, message);
  }
}

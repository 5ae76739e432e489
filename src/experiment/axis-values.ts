/**
 * An axis's values: a list as written, or a range expanded. Range values are rounded to 12
 * significant digits, so 0.1-steps and log scales give the numbers a person would write
 * (300000, not 300000.00000000006) and the same plan always gives the same points.
 */
import type { AxisSpec, AxisValue, RangeSpec } from './plan-schema.js';

function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/** The values of a range, in order: `from` first; `to` last when the range lands on it. */
export function rangeValues(r: RangeSpec): number[] {
  const out: number[] = [];
  if (r.step !== undefined) {
    // Allow for rounding in (to − from)/step so that a step landing on `to` includes it.
    const n = Math.floor((r.to - r.from) / r.step + 1e-9) + 1;
    for (let i = 0; i < n; i++) out.push(tidy(r.from + i * r.step));
    return out;
  }
  const n = r.points ?? 2;
  for (let i = 0; i < n; i++) {
    const f = i / (n - 1);
    out.push(i === n - 1 ? r.to : tidy(r.scale === 'log' ? r.from * (r.to / r.from) ** f : r.from + (r.to - r.from) * f));
  }
  return out;
}

/** The values an axis takes, in plan order. */
export function axisValues(spec: AxisSpec): AxisValue[] {
  return Array.isArray(spec) ? [...spec] : rangeValues(spec);
}

/** An axis value as a `--set` value: JSON is valid YAML flow, so strings stay strings ("off", "1ms"). */
export function overrideText(path: string, value: AxisValue): string {
  return `${path}=${JSON.stringify(value)}`;
}

/** An axis value as a label (numbers in JavaScript's shortest round-trip form). */
export function axisValueText(value: AxisValue): string {
  return String(value);
}

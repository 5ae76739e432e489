/**
 * The gate's cases: fixed-work, seeded node scripts, each counted in instructions and (if it
 * prints them) checked for model metrics. Cases are registered, never hard-coded in the gate,
 * so the CLI and the canonical workloads add their own beside the built-in hold model.
 */

/** One gate case. */
export interface GateCase {
  /** Unique, file- and JSON-safe: letters, digits, ".", "_", "-". */
  readonly name: string;
  /** The compiled ESM script (absolute, or relative to the gate's rootDir). */
  readonly script: string;
  readonly args: readonly string[];
  /** Fail threshold for an instruction increase, in percent (a baseline or run option overrides). */
  readonly thresholdPct?: number;
  /** One line: what work the case does. */
  readonly description?: string;
}

const CASE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Name → case, in registration order. */
export class CaseRegistry {
  readonly #cases = new Map<string, GateCase>();

  /** Adds a case; throws on a bad or duplicate name, an empty script or a bad threshold. */
  register(c: GateCase): this {
    if (!CASE_NAME.test(c.name)) {
      throw new RangeError(`gate case name must match ${CASE_NAME}, got ${JSON.stringify(c.name)}`);
    }
    if (this.#cases.has(c.name)) throw new RangeError(`gate case "${c.name}" is already registered`);
    if (c.script.trim() === '') throw new RangeError(`gate case "${c.name}": script is empty`);
    if (c.thresholdPct !== undefined && !(c.thresholdPct > 0)) {
      throw new RangeError(`gate case "${c.name}": thresholdPct must be > 0, got ${c.thresholdPct}`);
    }
    this.#cases.set(c.name, c);
    return this;
  }

  get(name: string): GateCase | undefined {
    return this.#cases.get(name);
  }

  /** Every case, in registration order. */
  list(): readonly GateCase[] {
    return [...this.#cases.values()];
  }
}

/** The engine hold model: 200 000 holds at 10 000 pending events, binary heap, seed 1 (~0.76 G instructions net; ~12 s under valgrind plus node start-up). */
export const HOLD_MODEL_CASE: GateCase = {
  name: 'hold-model',
  script: 'dist/bench/cases/hold-model.js',
  args: ['--holds', '200000', '--pending', '10000', '--queue', 'binary-heap', '--seed', '1'],
  description: 'engine event queue + dispatch loop: 200k holds at N = 1e4',
};

/** A registry holding the built-in cases (today: the hold model). */
export function createDefaultRegistry(): CaseRegistry {
  return new CaseRegistry().register(HOLD_MODEL_CASE);
}

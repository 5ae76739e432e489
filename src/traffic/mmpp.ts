/**
 * Markov-modulated Poisson process (MMPP): a continuous-time Markov chain over n states, each
 * with its own Poisson rate, models traffic whose intensity switches between regimes (idle,
 * steady, storm). Sojourns are exponential; leaving state i the chain jumps to j with
 * probability transitions[i][j]. The chain starts in its stationary distribution, so the
 * process is stationary from the start time. No kernel counterpart.
 */
import { ParameterError } from '../engine/distributions.js';
import type { RandomStream } from '../engine/rng.js';
import { MAX_TIME_NS, NS_PER_S } from '../engine/time.js';
import { toArrivalNs } from './arrival-clock.js';
import type { ArrivalProcess } from './process.js';
import type { MmppArrivalSpec, MmppStateSpec } from './arrival-spec.js';
import { checkKnownFields, expectObject, readDurationNs, readRateHz, show, type Fields } from './spec-fields.js';

/** How far a transition row's sum may stray from 1 (float noise in hand-written fractions). */
export const ROW_SUM_TOLERANCE = 1e-9;

export class MmppProcess implements ArrivalProcess {
  readonly meanRateHz: number;
  readonly stateCount: number;
  /** Per state: mean gap between arrivals (float ns); Infinity in a silent state. */
  readonly meanGapNs: Float64Array;
  /** Per state: mean sojourn (float ns). */
  readonly meanSojournNs: Float64Array;
  /** Row-major n×n cumulative transition probabilities; each row's last entry is exactly 1. */
  readonly cumulative: Float64Array;
  /** Per state: the only possible next state, or -1 when the jump is random (saves a draw). */
  readonly fixedNext: Int32Array;
  /** Fraction of time spent in each state in the long run (π). */
  readonly stationary: Float64Array;
  readonly rng: RandomStream;
  state: number;
  /** When the current state's sojourn ends (float ns). */
  stateEndNs: number;
  /** Exact time of the last arrival or state change (float ns). */
  timeNs: number;

  constructor(
    ratesHz: Float64Array,
    meanSojournNs: Float64Array,
    transitions: Float64Array,
    rng: RandomStream,
    startNs: number,
  ) {
    const n = ratesHz.length;
    this.stateCount = n;
    this.meanSojournNs = meanSojournNs;
    this.meanGapNs = new Float64Array(n);
    for (let i = 0; i < n; i++) this.meanGapNs[i] = ratesHz[i] > 0 ? NS_PER_S / ratesHz[i] : Infinity;
    this.cumulative = new Float64Array(n * n);
    this.fixedNext = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const p = transitions[i * n + j];
        sum += p;
        this.cumulative[i * n + j] = sum;
        if (p === 1) this.fixedNext[i] = j;
      }
      this.cumulative[i * n + n - 1] = 1; // a row summing to 1 − 1e-12 must still always pick a state
    }
    this.stationary = stationaryTimeFractions(transitions, meanSojournNs);
    let meanRateHz = 0;
    for (let i = 0; i < n; i++) meanRateHz += this.stationary[i] * ratesHz[i];
    this.meanRateHz = meanRateHz;
    this.rng = rng;
    // Start stationary: the state drawn from π, and (memorylessness) a full exponential sojourn.
    const u = rng.nextFloat();
    let s = 0;
    let acc = this.stationary[0];
    while (s < n - 1 && u >= acc) acc += this.stationary[++s];
    this.state = s;
    this.timeNs = startNs;
    this.stateEndNs = startNs - meanSojournNs[s] * Math.log(rng.nextFloatOpen());
  }

  nextArrivalNs(): number {
    for (;;) {
      const gapNs = this.meanGapNs[this.state];
      if (gapNs !== Infinity) {
        const t = this.timeNs - gapNs * Math.log(this.rng.nextFloatOpen());
        if (t < this.stateEndNs) {
          this.timeNs = t;
          return toArrivalNs(t);
        }
        // Overshot the sojourn: by memorylessness the draw can be dropped and redrawn from the jump.
      }
      if (this.stateEndNs > MAX_TIME_NS) return Infinity;
      this.timeNs = this.stateEndNs;
      const from = this.state;
      let next = this.fixedNext[from];
      if (next < 0) {
        const n = this.stateCount;
        const row = from * n;
        const u = this.rng.nextFloat();
        next = 0;
        while (next < n - 1 && u >= this.cumulative[row + next]) next++;
      }
      this.state = next;
      this.stateEndNs = this.timeNs - this.meanSojournNs[next] * Math.log(this.rng.nextFloatOpen());
    }
  }
}

/**
 * Long-run fraction of time in each state of a semi-Markov chain with jump matrix P (row-major
 * n×n, irreducible) and mean sojourns m: π_i ∝ ν_i·m_i, where ν = νP is the jump chain's
 * stationary distribution. Solved directly (Gaussian elimination), since power iteration never
 * converges on a periodic chain such as the default cycle.
 */
export function stationaryTimeFractions(transitions: Float64Array, meanSojournNs: Float64Array): Float64Array {
  const n = meanSojournNs.length;
  // Augmented system A·ν = b: rows 0..n-2 are (Pᵀ − I)ν = 0, the last row is Σν = 1.
  const a = new Float64Array(n * (n + 1));
  for (let r = 0; r < n - 1; r++) {
    for (let c = 0; c < n; c++) a[r * (n + 1) + c] = transitions[c * n + r] - (r === c ? 1 : 0);
  }
  for (let c = 0; c < n; c++) a[(n - 1) * (n + 1) + c] = 1;
  a[(n - 1) * (n + 1) + n] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r * (n + 1) + col]) > Math.abs(a[pivot * (n + 1) + col])) pivot = r;
    }
    if (pivot !== col) {
      for (let c = 0; c <= n; c++) {
        const tmp = a[col * (n + 1) + c];
        a[col * (n + 1) + c] = a[pivot * (n + 1) + c];
        a[pivot * (n + 1) + c] = tmp;
      }
    }
    const diag = a[col * (n + 1) + col];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r * (n + 1) + col] / diag;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) a[r * (n + 1) + c] -= f * a[col * (n + 1) + c];
    }
  }
  const pi = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    // Clamp float noise: an irreducible chain visits every state, so ν_i > 0 in exact arithmetic.
    const nu = Math.max(0, a[i * (n + 1) + n] / a[i * (n + 1) + i]);
    pi[i] = nu * meanSojournNs[i];
    total += pi[i];
  }
  for (let i = 0; i < n; i++) pi[i] /= total;
  return pi;
}

/** Validates an mmpp spec (`fields`, already known to be an object) and builds its process. */
export function createMmppProcess(fields: Fields, rng: RandomStream, path: string, startNs: number): MmppProcess {
  checkKnownFields(fields, ['type', 'states', 'transitions'] satisfies (keyof MmppArrivalSpec)[], path);
  const states = fields.states;
  if (!Array.isArray(states) || states.length < 2) {
    throw new ParameterError(
      `${path}.states`,
      `expected a list of at least 2 states ({ rate, meanSojourn }), got ${Array.isArray(states) ? `${states.length}` : show(states)}`,
    );
  }
  const n = states.length;
  const ratesHz = new Float64Array(n);
  const meanSojournNs = new Float64Array(n);
  let anyPositive = false;
  for (let i = 0; i < n; i++) {
    const at = `${path}.states[${i}]`;
    const state = expectObject(states[i], at, '{ rate: 100000, meanSojourn: "1ms" }');
    checkKnownFields(state, ['rate', 'meanSojourn'] satisfies (keyof MmppStateSpec)[], at);
    ratesHz[i] = readRateHz(state, 'rate', at, true);
    meanSojournNs[i] = readDurationNs(state, 'meanSojourn', at, true);
    if (ratesHz[i] > 0) anyPositive = true;
  }
  if (!anyPositive) throw new ParameterError(`${path}.states`, 'every state has rate 0; at least one must be greater than 0');
  const transitions = readTransitions(fields.transitions, n, `${path}.transitions`);
  return new MmppProcess(ratesHz, meanSojournNs, transitions, rng, startNs);
}

// The jump matrix, row-major; absent means the cycle 0 → 1 → … → n−1 → 0.
function readTransitions(value: unknown, n: number, at: string): Float64Array {
  const p = new Float64Array(n * n);
  if (value === undefined) {
    for (let i = 0; i < n; i++) p[i * n + ((i + 1) % n)] = 1;
    return p;
  }
  if (!Array.isArray(value) || value.length !== n) {
    throw new ParameterError(at, `expected ${n} rows (one per state) of ${n} probabilities, got ${show(value)}`);
  }
  for (let i = 0; i < n; i++) {
    const row: unknown = value[i];
    if (!Array.isArray(row) || row.length !== n) {
      throw new ParameterError(`${at}[${i}]`, `expected ${n} probabilities (one per state), got ${show(row)}`);
    }
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const x: unknown = row[j];
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 1) {
        throw new ParameterError(`${at}[${i}][${j}]`, `expected a probability in [0, 1], got ${show(x)}`);
      }
      p[i * n + j] = x;
      sum += x;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new ParameterError(`${at}[${i}]`, `probabilities must sum to 1 (leaving state ${i} goes somewhere), got ${sum}`);
    }
  }
  checkIrreducible(p, n, at);
  return p;
}

// Every state must reach every other, or the long-run rate would depend on where the chain starts.
function checkIrreducible(p: Float64Array, n: number, at: string): void {
  for (let from = 0; from < n; from++) {
    const seen = new Uint8Array(n);
    const stack = [from];
    seen[from] = 1;
    while (stack.length > 0) {
      const i = stack.pop() as number;
      for (let j = 0; j < n; j++) {
        if (p[i * n + j] > 0 && seen[j] === 0) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    const missing = seen.indexOf(0);
    if (missing >= 0) {
      throw new ParameterError(
        at,
        `state ${from} can never reach state ${missing}; every state must be reachable from every other (an irreducible chain)`,
      );
    }
  }
}

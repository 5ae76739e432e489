/**
 * How a gate case script reports its simulated metrics: one stdout line
 * `@irqstorm-metrics {"name": value, …}`, read back from the same run valgrind counted, so one
 * (slow) run yields both the instruction count and the model metrics.
 */
import { GateInputError } from './gate-error.js';

/** Metric name → value (finite numbers: counts, ns, ratios). */
export type CaseMetrics = Readonly<Record<string, number>>;

export const METRICS_LINE_PREFIX = '@irqstorm-metrics ';

/** The stdout line carrying `metrics`, without the newline. */
export function formatCaseMetrics(metrics: CaseMetrics): string {
  for (const [name, value] of Object.entries(metrics)) {
    if (!Number.isFinite(value)) throw new RangeError(`case metric "${name}" must be a finite number, got ${value}`);
  }
  return METRICS_LINE_PREFIX + JSON.stringify(metrics);
}

/** Writes the metrics line to stdout (call once, at the end of a case script). */
export function emitCaseMetrics(metrics: CaseMetrics): void {
  process.stdout.write(formatCaseMetrics(metrics) + '\n');
}

/**
 * The metrics a case printed (its last metrics line), or null if it printed none. A malformed
 * line is a GateInputError naming `source` (the script).
 */
export function parseCaseMetrics(stdout: string, source: string): CaseMetrics | null {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trimEnd();
    if (!line.startsWith(METRICS_LINE_PREFIX)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.slice(METRICS_LINE_PREFIX.length));
    } catch (err) {
      throw new GateInputError(source, `metrics line is not valid JSON (${(err as Error).message})`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new GateInputError(source, 'metrics line must hold a JSON object of name → number');
    }
    const out: Record<string, number> = {};
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new GateInputError(source, `metric "${name}" must be a finite number, got ${JSON.stringify(value)}`);
      }
      out[name] = value;
    }
    return out;
  }
  return null;
}

/**
 * V8's inlining budget, raised for the model's hot path. TurboFan inlines a callee only while
 * the bytecode it has inlined into one optimized function stays under a budget (Node 20's V8:
 * 460 bytes a callee, 920 in all, 4,600 with the caller). One interrupt crosses some twenty
 * small functions (the write's landing, remapping, the IRR, common_interrupt, handle_edge_irq and
 * its chip chain, the action, the metrics, the event queue), so under the defaults most of those
 * calls stay real calls, and every call reloads the fields and array bounds its caller had in
 * registers. A larger budget lets V8 compile each event's path as one piece:
 * `node scripts/instructions-per-irq.mjs` measures the default storm at 6,788 instructions per
 * handled interrupt with V8's defaults (IRQSTORM_V8_DEFAULT_INLINING=1) and 6,160 with these.
 * The price is paid once per process: bigger compiles and about 10 MiB more peak memory. Larger
 * budgets save more instructions but compile so much more that 1 s runs got slower (README,
 * "The cost budget").
 * V8's flags are per process and read when a function is optimized, so this runs once, before
 * the first machine is built; a process that sets its own flags can opt out with
 * IRQSTORM_V8_DEFAULT_INLINING=1 (which is also how the gain is measured).
 */
import { setFlagsFromString } from 'node:v8';

/** The budget, in bytes of bytecode (V8's flag names). */
export const INLINING_FLAGS: readonly string[] = [
  '--max-inlined-bytecode-size=1000',
  '--max-inlined-bytecode-size-cumulative=4000',
  '--max-inlined-bytecode-size-absolute=10000',
];

let raised = false;

/** Raises V8's inlining budget for this process, once (unless IRQSTORM_V8_DEFAULT_INLINING=1). */
export function raiseInliningBudget(): void {
  if (raised) return;
  raised = true;
  if (process.env.IRQSTORM_V8_DEFAULT_INLINING === '1') return;
  for (const flag of INLINING_FLAGS) setFlagsFromString(flag);
}

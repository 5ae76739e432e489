/**
 * Errors and exit codes of the perf gate. A regression is a verdict (exit 1); anything that keeps
 * the gate from judging at all (a missing or corrupt baseline, no valgrind, a case that crashed)
 * is a GateInputError (exit 2), so CI can tell "slower" from "could not measure".
 */

/** Every check passed (warnings allowed). */
export const EXIT_PASS = 0;
/** At least one check failed: a regression. */
export const EXIT_REGRESSION = 1;
/** The gate could not judge: bad input, missing tool, crashed case. */
export const EXIT_BAD_INPUT = 2;

/** The gate could not run: `file` names the input at fault (a path, a command or a tool). */
export class GateInputError extends Error {
  readonly file: string;
  readonly problem: string;

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'GateInputError';
    this.file = file;
    this.problem = problem;
  }
}


/** Exit code for an error the gate threw: 2 for a GateInputError; anything else is a bug and is rethrown. */
export function exitCodeForGateError(err: unknown): number {
  if (err instanceof GateInputError) return EXIT_BAD_INPUT;
  throw err;
}

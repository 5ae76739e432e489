/** Exit codes of every irqstorm command (documented in the README). */
export const EXIT_OK = 0;
/** The run (or the gate) failed: a model invariant broke, or a regression was found. */
export const EXIT_FAILED = 1;
/** Bad input: a malformed workload, a missing file, a bad flag, a missing or corrupt baseline. */
export const EXIT_BAD_INPUT = 2;
/** Stopped by Ctrl-C before anything ran (128 + SIGINT, as a shell reports it). */
export const EXIT_SIGINT = 130;

/** An error whose message is for the user and whose exit code is known. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_BAD_INPUT,
  ) {
    super(message);
  }
}

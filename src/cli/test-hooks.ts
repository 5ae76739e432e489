/**
 * Test hooks: environment variables that make a moment of a run reachable on purpose, for the
 * kill tests (test/kill.test.ts, bench/kill-campaign.ts). Not for users; they change no result.
 *
 * IRQSTORM_TEST_PAUSE_BEFORE_FILE_MS=<ms>: in the write phase, before each file (run.json
 * included), print `irqstorm: test hook: writing <file>` to stderr and wait <ms>, so a test can
 * send a signal while the files are being written, between two known files.
 */

/** The write phase's per-file hook, or undefined when the variable is unset. */
export function writePhaseTestHook(): ((name: string) => Promise<void>) | undefined {
  const ms = Number(process.env.IRQSTORM_TEST_PAUSE_BEFORE_FILE_MS ?? '');
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return async (name) => {
    console.error(`irqstorm: test hook: writing ${name}`);
    await new Promise<void>((resolve) => setTimeout(resolve, ms));
  };
}

/**
 * SIGINT (Ctrl-C) and SIGTERM (timeout, kill, CI cancellation), handled from the moment the
 * process starts. What the first signal does depends on the phase:
 *
 * - starting (loading, checking, before the simulation): the run is cancelled; nothing is written.
 * - simulating: the run stops at its next progress step and writes whole files for the time
 *   simulated (exit 0, run.json says `"interrupted": true`).
 * - writing: the files are finished first (exit as the run would have).
 *
 * A second signal at any phase aborts: the temp files this process made are removed, the run
 * folder's lock released (the folder too, if this run made it and it is empty), exit 128 + the
 * signal's number (130 for SIGINT, 143 for SIGTERM). Commands other than `run` stay in
 * `starting`, so one signal ends them the same way.
 */
import { constants } from 'node:os';
import { releaseHeldFolders } from '../report/run-folder.js';
import { removeOwnTempsSync } from '../report/temp-files.js';

export type RunPhase = 'starting' | 'simulating' | 'writing';

type StopSignal = 'SIGINT' | 'SIGTERM';

let phase: RunPhase = 'starting';
let received: StopSignal | null = null;
let count = 0;

/** The exit code of a process ended by `signal`: 128 + its number. */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

/** Removes what this process was writing, releases its folders and exits 128 + the signal's number. */
function abort(signal: StopSignal, why: string): never {
  const temps = removeOwnTempsSync();
  releaseHeldFolders();
  console.error(`irqstorm: ${why}; ${temps === 0 ? 'no temporary files' : `${temps} temporary file${temps === 1 ? '' : 's'}`} removed, exit ${signalExitCode(signal)}`);
  process.exit(signalExitCode(signal));
}

function onSignal(signal: StopSignal): void {
  count++;
  received ??= signal;
  if (count >= 2) abort(signal, `second signal (${signal}): aborted without finishing the files`);
  if (phase === 'starting') abort(signal, `${signal} before the simulation started: nothing written`);
  if (phase === 'writing') console.error(`irqstorm: ${signal}: finishing the files first (send it again to abort)`);
  // simulating: the run sees stopRequested() at its next progress step and says where it stopped.
}

let installed = false;

/** Installs the handlers (once; bin/irqstorm.js does it before the CLI's libraries load). */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  // However the process ends otherwise (an error, a normal exit), a held lock goes with it.
  process.on('exit', () => releaseHeldFolders());
}

/** Where the run is; decides what the first signal does. */
export function setRunPhase(next: RunPhase): void {
  phase = next;
}

/** A stop was asked for (the first signal's name), or null. */
export function stopRequested(): StopSignal | null {
  return received;
}

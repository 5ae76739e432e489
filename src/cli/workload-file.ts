/**
 * Reading a workload from disk: size-checked, parsed and validated in full before anything is
 * simulated, its trace files (relative to the workload's folder, inside its tree) streamed in, and the result
 * mapped to the machine's config. Every problem becomes a CliError naming the file.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { MachineConfig } from '../machine/config.js';
import { COST_NAMES } from '../machine/costs.js';
import type { WorkloadConfig } from '../workload/config.js';
import { WorkloadError } from '../workload/errors.js';
import { loadWorkload } from '../workload/load.js';
import { shapeWarnings } from '../workload/shape-warnings.js';
import { toMachineConfig, traceFilesOf } from '../workload/to-machine-config.js';
import { readTraceFile, resolveTracePath } from '../workload/trace-file.js';
import { CliError } from './exit-codes.js';

/** Largest workload file read (bytes). */
export const MAX_WORKLOAD_BYTES = 4 * 1024 * 1024;

export interface LoadedWorkload {
  readonly path: string;
  /** The file name without folder and extension: the run's name. */
  readonly name: string;
  readonly workload: WorkloadConfig;
  readonly machine: MachineConfig;
  /** Valid but probably not meant: "<file>: <field>: what" (an arrival shape the run cuts short). */
  readonly warnings: readonly string[];
}

/** Reads a workload (or plan) file's text, size-checked. Throws CliError (exit 2). */
export async function readWorkloadText(path: string, what = 'workload'): Promise<string> {
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new CliError(`${path}: not a file`);
    if (st.size > MAX_WORKLOAD_BYTES) {
      throw new CliError(`${path}: ${st.size} bytes is larger than the ${MAX_WORKLOAD_BYTES}-byte limit for a ${what} file`);
    }
    return await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${path}: cannot read the ${what}: ${(err as Error).message}`);
  }
}

export interface LoadWorkloadFileOptions {
  /** Trace files may lie outside the workload's folder tree (`--allow-outside`). */
  readonly allowOutside?: boolean;
}

/**
 * Reads a trace file named by the workload at `workloadPath` (relative to its folder, inside its
 * folder tree unless allowed otherwise). Throws CliError naming the workload and `field`.
 */
export async function readWorkloadTrace(workloadPath: string, file: string, options: LoadWorkloadFileOptions = {}, field = `trace ${file}`): Promise<Float64Array> {
  try {
    return await readTraceFile(resolveTracePath(workloadPath, file, options));
  } catch (err) {
    throw new CliError(`${workloadPath}: ${field}: ${(err as Error).message}`);
  }
}

/** Loads, validates and maps `path` with `--set` overrides applied. Throws CliError (exit 2). */
export async function loadWorkloadFile(path: string, sets: readonly string[] = [], options: LoadWorkloadFileOptions = {}): Promise<LoadedWorkload> {
  const text = await readWorkloadText(path);
  let workload: WorkloadConfig;
  try {
    workload = loadWorkload(text, path, sets, { costNames: COST_NAMES });
  } catch (err) {
    if (err instanceof WorkloadError) throw new CliError(err.format());
    throw err;
  }
  const traces = new Map<string, Float64Array>();
  for (const file of traceFilesOf(workload)) {
    const peer = workload.peers.findIndex((p) => p.arrival?.type === 'trace' && p.arrival.file === file);
    traces.set(file, await readWorkloadTrace(path, file, options, `peers[${peer}].arrival.file`));
  }
  let machine: MachineConfig;
  try {
    machine = toMachineConfig(workload, traces);
  } catch (err) {
    throw new CliError(`${path}: ${(err as Error).message}`);
  }
  const warnings = shapeWarnings(workload, traces, sets).map((w) => `${path}: ${w.path}: ${w.message}`);
  return { path, name: basename(path, extname(path)), workload, machine, warnings };
}

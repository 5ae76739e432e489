/**
 * src/traffic/: the peers' traffic (no kernel counterpart: what a remote client generates), one
 * arrival process per file.
 *
 * Arrival processes: the clock of one traffic source (one queue of one NTB peer), telling the
 * machine when the peer next triggers an interrupt (an MSI write through the window, a doorbell
 * or a message). No kernel counterpart; this is the remote peer's workload. Times are integer ns.
 */
import { ParameterError } from '../engine/distributions.js';
import { RandomStream } from '../engine/rng.js';
import { checkTimeNs } from '../engine/time.js';
import { ARRIVAL_TYPES, type ArrivalSpec } from './arrival-spec.js';
import type { ArrivalProcess } from './process.js';
import { createMmppProcess } from './mmpp.js';
import { createOnOffProcess } from './on-off.js';
import { createPeriodicProcess } from './periodic.js';
import { createPoissonProcess } from './poisson.js';
import { createRampProcess } from './ramp.js';
import { expectObject, show } from './spec-fields.js';
import { createTraceReplayProcess } from './trace-replay.js';

export type { ArrivalProcess } from './process.js';

export interface ArrivalProcessOptions {
  /** Time of the process's origin (whole ns): nothing arrives before it. @defaultValue 0 */
  startNs?: number;
}

/**
 * Validates `spec` (plain data, possibly straight from a workload file) and builds its process,
 * drawing from `rng` (give each source its own stream, e.g. RngFactory.stream("peer3/q0")).
 * Throws ParameterError whose path starts with `path` (e.g. "peers[0].arrival") and names the
 * bad field.
 */
export function createArrivalProcess(
  spec: ArrivalSpec,
  rng: RandomStream,
  path: string,
  options: ArrivalProcessOptions = {},
): ArrivalProcess {
  const startNs = checkTimeNs(options.startNs ?? 0, 'startNs');
  const fields = expectObject(spec, path, '{ type: "poisson", rate: 100000 }');
  const type = fields.type;
  switch (type) {
    case 'poisson':
      return createPoissonProcess(fields, rng, path, startNs);
    case 'periodic':
      return createPeriodicProcess(fields, rng, path, startNs);
    case 'onoff':
      return createOnOffProcess(fields, rng, path, startNs);
    case 'mmpp':
      return createMmppProcess(fields, rng, path, startNs);
    case 'ramp':
      return createRampProcess(fields, rng, path, startNs);
    case 'trace':
      return createTraceReplayProcess(fields, rng, path, startNs);
    default:
      throw new ParameterError(
        `${path}.type`,
        type === undefined
          ? `is required; expected one of ${ARRIVAL_TYPES.join(', ')}`
          : `unknown arrival type ${show(type)}; expected one of ${ARRIVAL_TYPES.join(', ')}`,
      );
  }
}

/**
 * Checks `spec` as createArrivalProcess would, without a run's random streams: for loaders that
 * want every error before building anything. Throws ParameterError; returns the spec, typed.
 */
export function validateArrivalSpec(spec: unknown, path: string): ArrivalSpec {
  createArrivalProcess(spec as ArrivalSpec, new RandomStream(0, 'validate'), path);
  return spec as ArrivalSpec;
}

/**
 * irq selectors in `affinity` and `affinityChanges`: "<peer>/q<N>" names the vector of queue N
 * of an MSI peer (one ntb_msi irq per queue), "switchtec/<vector>" one of the Switchtec
 * function's own vectors (doorbell, message, event, dma_rpc; see switchtec_init_isr and
 * switchtec_ntb_init_db_msg_irq). Resolution is against the peers after `count` expansion.
 */
import { SWITCHTEC_VECTORS, type IrqTarget, type PeerMechanism, type SwitchtecVector } from './config.js';
import { didYouMean } from './did-you-mean.js';
import { show } from './fields.js';

/** What resolution needs to know of one (expanded) peer. */
export interface SelectablePeer {
  readonly name: string;
  readonly mechanism: PeerMechanism;
  readonly queues: number;
  /** The peer whose irqs this one triggers (`shares:`); it has none of its own. */
  readonly shares?: string | null;
}

const SELECTOR_FORMS = `"<peer>/q<N>" or one of ${SWITCHTEC_VECTORS.map((v) => `"switchtec/${v}"`).join(', ')}`;
// Queue numbers as the irq names spell them: q0, q12 (not q00, which names no irq).
const QUEUE_RE = /^(.+)\/q(0|[1-9][0-9]*)$/;

/** Lists names for a message, eliding the middle of long lists. */
function listNames(names: readonly string[]): string {
  if (names.length <= 6) return names.join(', ');
  return `${names.slice(0, 3).join(', ')}, …, ${names.slice(-2).join(', ')} (${names.length} peers)`;
}

/**
 * Resolves `text` to an irq, or returns an error message saying what was expected.
 * `byName` maps each expanded peer name to its index in `peers`.
 */
export function resolveIrqSelector(
  text: string,
  peers: readonly SelectablePeer[],
  byName: ReadonlyMap<string, number>,
): IrqTarget | string {
  if (text.startsWith('switchtec/')) {
    const vector = text.slice('switchtec/'.length);
    if ((SWITCHTEC_VECTORS as readonly string[]).includes(vector)) {
      return { kind: 'switchtec', vector: vector as SwitchtecVector };
    }
    const guess = didYouMean(vector, SWITCHTEC_VECTORS);
    return (
      `unknown Switchtec vector ${show(vector)}; expected one of ${SWITCHTEC_VECTORS.join(', ')}` +
      (guess === undefined ? '' : `; did you mean "switchtec/${guess}"?`)
    );
  }
  const m = QUEUE_RE.exec(text);
  if (m === null) return `expected an irq selector ${SELECTOR_FORMS}, got ${show(text)}`;
  const name = m[1];
  const queue = Number(m[2]);
  const peer = byName.get(name);
  if (peer === undefined) {
    const names = peers.map((p) => p.name);
    const guess = didYouMean(name, names);
    const hint = guess === undefined ? '' : `; did you mean "${guess}/q${queue}"?`;
    return `no peer named ${show(name)}; peers are ${listNames(names)}${hint}`;
  }
  const p = peers[peer];
  if (p.mechanism !== 'msi') {
    // Doorbell bits all map to the one doorbell vector (db_vector_count = 1); messages to the message vector.
    return (
      `${p.name} uses mechanism ${p.mechanism}, so its queues have no vector of their own; ` +
      `select "switchtec/${p.mechanism}"`
    );
  }
  if (typeof p.shares === 'string') {
    return `${p.name} triggers ${p.shares}'s irqs (shares), so it has none of its own; select "${p.shares}/q${queue}"`;
  }
  if (queue >= p.queues) {
    const range = p.queues === 1 ? '1 queue (q0)' : `${p.queues} queues (q0…q${p.queues - 1})`;
    return `${p.name} has ${range}, got q${queue}`;
  }
  return { kind: 'peer-queue', peer, queue };
}

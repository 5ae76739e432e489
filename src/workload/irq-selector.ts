/**
 * irq selectors in `affinity` and `affinityChanges`: "<peer>/q<N>" names the vector of queue N
 * of an MSI peer (one ntb_msi irq per queue), "switchtec/<vector>" one of the Switchtec
 * function's own vectors (doorbell, message, event, dma_rpc; see switchtec_init_isr and
 * switchtec_ntb_init_db_msg_irq). Resolution is against the peers after `count` expansion.
 *
 * One selector may name many irqs, so pinning 16 peers takes one line:
 *   - `all`: every irq a selector can name (every MSI queue's, and the four Switchtec vectors);
 *   - `*` matches any run of characters other than "/", in the peer's name or the queue's:
 *     `msi/q*` is every queue of peer msi, `peer1*` the peers peer1 and peer10 … peer15;
 *   - `{a,b,…}` lists alternatives and `{0..7}` a range of whole numbers, as a shell expands
 *     them: `{peer0,peer3}/q0`, `peer{0..7}/q0`, `p{0..3}/q{0,1}`.
 * Every alternative must name at least one irq; a literal one is judged exactly as a single
 * selector (with its did-you-mean), a pattern that matches nothing lists what exists.
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

const SELECTOR_FORMS = `"<peer>/q<N>" or one of ${SWITCHTEC_VECTORS.map((v) => `"switchtec/${v}"`).join(', ')} (or a pattern: all, *, {a,b}, {0..7})`;
// Queue numbers as the irq names spell them: q0, q12 (not q00, which names no irq).
const QUEUE_RE = /^(.+)\/q(0|[1-9][0-9]*)$/;

/** Lists names for a message, eliding the middle of long lists. */
function listNames(names: readonly string[], noun = 'peers'): string {
  if (names.length <= 6) return names.join(', ');
  return `${names.slice(0, 3).join(', ')}, …, ${names.slice(-2).join(', ')} (${names.length} ${noun})`;
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

/** The most irqs one selector's braces may expand to (a typo such as {0..99999999} stops here). */
export const MAX_SELECTOR_EXPANSION = 65_536;

/** The irq name a target stands for, as the machine names its irqs. */
export function targetName(target: IrqTarget, peers: readonly SelectablePeer[]): string {
  return target.kind === 'switchtec' ? `switchtec/${target.vector}` : `${peers[target.peer].name}/q${target.queue}`;
}

/** Every irq a selector can name, in order: each MSI peer's queues, then the Switchtec vectors. */
export function selectableIrqs(peers: readonly SelectablePeer[]): IrqTarget[] {
  const out: IrqTarget[] = [];
  for (let peer = 0; peer < peers.length; peer++) {
    const p = peers[peer];
    if (p.mechanism !== 'msi' || typeof p.shares === 'string') continue;
    for (let queue = 0; queue < p.queues; queue++) out.push({ kind: 'peer-queue', peer, queue });
  }
  for (const vector of SWITCHTEC_VECTORS) out.push({ kind: 'switchtec', vector });
  return out;
}

/**
 * Expands `{a,b}` alternatives and `{m..n}` ranges (no nesting), left to right, into the
 * selectors they stand for; an error message for unbalanced or empty braces, a bad range, or
 * more than MAX_SELECTOR_EXPANSION results.
 */
export function expandBraces(text: string): string[] | string {
  let out = [''];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    const close = text.indexOf('}', i);
    if (close >= 0 && (open < 0 || close < open)) return `unmatched "}" in ${show(text)}`;
    if (open < 0) {
      out = out.map((prefix) => prefix + text.slice(i));
      break;
    }
    const end = text.indexOf('}', open);
    if (end < 0) return `unclosed "{" in ${show(text)}`;
    const body = text.slice(open + 1, end);
    if (body.includes('{')) return `braces do not nest in ${show(text)}`;
    const choices = braceChoices(body);
    if (typeof choices === 'string') return `${choices} in ${show(text)}`;
    if (out.length * choices.length > MAX_SELECTOR_EXPANSION) {
      return `${show(text)} expands to more than ${MAX_SELECTOR_EXPANSION.toLocaleString('en-US')} selectors`;
    }
    const literal = text.slice(i, open);
    const next: string[] = [];
    for (const prefix of out) for (const c of choices) next.push(prefix + literal + c);
    out = next;
    i = end + 1;
  }
  return out;
}

// "a,b,c" or "m..n" (whole numbers, either direction), the inside of one pair of braces.
function braceChoices(body: string): string[] | string {
  const range = /^([0-9]+)\.\.([0-9]+)$/.exec(body);
  if (range !== null) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    const n = Math.abs(to - from) + 1;
    if (n > MAX_SELECTOR_EXPANSION) return `the range {${body}} has more than ${MAX_SELECTOR_EXPANSION.toLocaleString('en-US')} numbers`;
    const step = to >= from ? 1 : -1;
    return Array.from({ length: n }, (_, k) => String(from + k * step));
  }
  const parts = body.split(',');
  if (parts.length < 2 || parts.some((p) => p === '')) return `{${body}} needs two or more non-empty choices ({a,b}) or a range ({0..7})`;
  return parts;
}

// "*" matches any run of characters other than "/"; everything else matches itself.
function globRegExp(pattern: string): RegExp {
  const parts = pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]*')}$`);
}

/**
 * Resolves a selector that may name many irqs (`all`, `*`, braces) to its irqs, in the order
 * written (each irq once), or an error message saying what was expected and what exists.
 */
export function resolveIrqSelectors(
  text: string,
  peers: readonly SelectablePeer[],
  byName: ReadonlyMap<string, number>,
): IrqTarget[] | string {
  const selectable = selectableIrqs(peers);
  if (text === 'all') return selectable;
  const alternatives = expandBraces(text);
  if (typeof alternatives === 'string') return alternatives;
  const out: IrqTarget[] = [];
  const taken = new Set<string>();
  const take = (t: IrqTarget): void => {
    const name = targetName(t, peers);
    if (!taken.has(name)) out.push(t);
    taken.add(name);
  };
  const within = (alt: string): string => (alt === text ? '' : ` (from ${show(text)})`);
  for (const alt of alternatives) {
    if (!alt.includes('*')) {
      const one = resolveIrqSelector(alt, peers, byName);
      if (typeof one === 'string') return `${one}${within(alt)}`;
      take(one);
      continue;
    }
    const re = globRegExp(alt);
    const matched = selectable.filter((t) => re.test(targetName(t, peers)));
    if (matched.length === 0) return noMatch(alt, peers, byName, selectable) + within(alt);
    for (const t of matched) take(t);
  }
  return out;
}

// A pattern that matches no irq: if it matches queues that have no vector of their own
// (doorbell or message peers, sharers), say why as the literal selector would; else list the irqs.
function noMatch(pattern: string, peers: readonly SelectablePeer[], byName: ReadonlyMap<string, number>, selectable: readonly IrqTarget[]): string {
  const re = globRegExp(pattern);
  for (const p of peers) {
    for (let q = 0; q < p.queues; q++) {
      const name = `${p.name}/q${q}`;
      if (!re.test(name)) continue;
      const why = resolveIrqSelector(name, peers, byName);
      if (typeof why === 'string') return `${show(pattern)} matches no irq: ${why}`;
    }
  }
  return `${show(pattern)} matches no irq; irqs are ${listNames(selectable.map((t) => targetName(t, peers)), 'irqs')}`;
}

import { describe, expect, it } from 'vitest';
import { expandBraces, resolveIrqSelectors, targetName, type SelectablePeer } from './irq-selector.js';

/** peer0…peer15 with one MSI queue each, msi with 4 queues, db (doorbells) and j sharing peer0. */
const PEERS: SelectablePeer[] = [
  ...Array.from({ length: 16 }, (_, i) => ({ name: `peer${i}`, mechanism: 'msi' as const, queues: 1 })),
  { name: 'msi', mechanism: 'msi', queues: 4 },
  { name: 'db', mechanism: 'doorbell', queues: 2 },
  { name: 'j', mechanism: 'msi', queues: 1, shares: 'peer0' },
];
const BY_NAME = new Map(PEERS.map((p, i) => [p.name, i]));

function names(selector: string): string[] | string {
  const r = resolveIrqSelectors(selector, PEERS, BY_NAME);
  return typeof r === 'string' ? r : r.map((t) => targetName(t, PEERS));
}

describe('expandBraces', () => {
  it('expands lists and ranges left to right, as a shell does', () => {
    expect(expandBraces('{peer0,peer3}/q0')).toEqual(['peer0/q0', 'peer3/q0']);
    expect(expandBraces('p{0..2}/q{0,1}')).toEqual(['p0/q0', 'p0/q1', 'p1/q0', 'p1/q1', 'p2/q0', 'p2/q1']);
    expect(expandBraces('p{3..1}')).toEqual(['p3', 'p2', 'p1']);
    expect(expandBraces('plain/q0')).toEqual(['plain/q0']);
  });

  it('says what is wrong with a brace', () => {
    expect(expandBraces('{peer0,peer3/q0')).toBe('unclosed "{" in "{peer0,peer3/q0"');
    expect(expandBraces('peer0}/q0')).toBe('unmatched "}" in "peer0}/q0"');
    expect(expandBraces('{a,{b,c}}')).toBe('braces do not nest in "{a,{b,c}}"');
    expect(expandBraces('{peer0}/q0')).toBe('{peer0} needs two or more non-empty choices ({a,b}) or a range ({0..7}) in "{peer0}/q0"');
    expect(expandBraces('{a,}/q0')).toMatch(/^\{a,\} needs two or more non-empty choices/);
    expect(expandBraces('p{0..99999}/q0')).toBe('the range {0..99999} has more than 65,536 numbers in "p{0..99999}/q0"');
    expect(expandBraces('p{0..999}/q{0..999}')).toBe('"p{0..999}/q{0..999}" expands to more than 65,536 selectors');
  });
});

describe('resolveIrqSelectors', () => {
  it('all: every MSI queue irq (sharers and doorbell peers have none), then the Switchtec vectors', () => {
    const all = names('all') as string[];
    expect(all).toHaveLength(16 + 4 + 4);
    expect(all.slice(0, 2)).toEqual(['peer0/q0', 'peer1/q0']);
    expect(all.slice(16)).toEqual(['msi/q0', 'msi/q1', 'msi/q2', 'msi/q3', 'switchtec/doorbell', 'switchtec/message', 'switchtec/event', 'switchtec/dma_rpc']);
  });

  it('* matches within one name part, never across "/"', () => {
    expect(names('peer*/q0')).toHaveLength(16);
    expect(names('peer1*/q0')).toEqual(['peer1/q0', 'peer10/q0', 'peer11/q0', 'peer12/q0', 'peer13/q0', 'peer14/q0', 'peer15/q0']);
    expect(names('msi/q*')).toEqual(['msi/q0', 'msi/q1', 'msi/q2', 'msi/q3']);
    expect(names('switchtec/d*')).toEqual(['switchtec/doorbell', 'switchtec/dma_rpc']);
    expect(names('*')).toBe('"*" matches no irq; irqs are peer0/q0, peer1/q0, peer2/q0, …, switchtec/event, switchtec/dma_rpc (24 irqs)');
  });

  it('a set names each irq once, in the order written', () => {
    expect(names('{peer3,peer0}/q0')).toEqual(['peer3/q0', 'peer0/q0']);
    expect(names('peer{0..3}/q0')).toEqual(['peer0/q0', 'peer1/q0', 'peer2/q0', 'peer3/q0']);
    expect(names('{peer0/q0,peer*/q0}')).toHaveLength(16);
  });

  it('refuses as well as a single selector does: the literal message, with where it came from', () => {
    expect(names('{peer0,peer99}/q0')).toBe('no peer named "peer99"; peers are peer0, peer1, peer2, …, db, j (19 peers); did you mean "peer9/q0"? (from "{peer0,peer99}/q0")');
    expect(names('msi/q{3,4}')).toBe('msi has 4 queues (q0…q3), got q4 (from "msi/q{3,4}")');
    expect(names('{peer0,db}/q0')).toBe('db uses mechanism doorbell, so its queues have no vector of their own; select "switchtec/doorbell" (from "{peer0,db}/q0")');
  });

  it('a pattern that matches nothing says why: queues without a vector, or the irqs there are', () => {
    expect(names('d*/q*')).toBe('"d*/q*" matches no irq: db uses mechanism doorbell, so its queues have no vector of their own; select "switchtec/doorbell"');
    expect(names('j*/q0')).toBe('"j*/q0" matches no irq: j triggers peer0\'s irqs (shares), so it has none of its own; select "peer0/q0"');
    expect(names('peer*/q1')).toMatch(/^"peer\*\/q1" matches no irq; irqs are peer0\/q0, /);
  });
});

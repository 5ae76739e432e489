/**
 * The pending-event set: event ids ordered by (timeNs, tie), read from the pool's columns
 * (tie = tieKey(prio, seq)). Two implementations sit behind this one interface so they can be
 * measured against each other (bench/engine.bench.ts); the Simulator picks one by name.
 */
export interface EventQueue {
  /** Ids in the queue, tombstones included. */
  readonly size: number;
  /** Inserts an id whose pool row (timeNs, tie) is already filled in. */
  push(ev: number): void;
  /** Removes and returns the first id, or -1 when empty. */
  pop(): number;
  /** The first id without removing it, or -1 when empty. */
  peek(): number;
  /**
   * Removes the first id and inserts `ev` in one step (pop + push fused: one sift instead of
   * two). The caller must know the queue is not empty.
   */
  replaceTop(ev: number): void;
  /** The time of the first id, or Infinity when empty. */
  peekTimeNs(): number;
  /** Drops every id (the caller releases their pool rows). */
  clear(): void;
}

export type QueueKind = 'binary-heap' | 'heap-js';

/** Largest sequence number for which (prio, seq) folds exactly into one float64 tie key. */
export const MAX_SEQ = 2 ** 45;

/** Folds priority and sequence into one number: prio dominates, then seq (FIFO). Exact below MAX_SEQ. */
export function tieKey(prio: number, seq: number): number {
  return prio * MAX_SEQ + seq;
}

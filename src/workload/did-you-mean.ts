/**
 * "Did you mean" suggestions for misspelt keys and choices in workload files. No kernel
 * counterpart. Distance is optimal string alignment (Levenshtein plus adjacent transposition),
 * so "mechansim" is one edit from "mechanism"; case, '-' and '_' are ignored first, so
 * "item_work" and "ItemWork" both find "itemWork".
 */

/** Optimal-string-alignment edit distance between `a` and `b` (insert, delete, substitute, swap). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  // Three rolling rows: the transposition step looks two rows back.
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[-_]/g, '');
}

/**
 * The candidate closest to `word`, or undefined when none is close enough: within
 * max(1, ⌊length/3⌋) edits after normalising case, '-' and '_', or else the one candidate that
 * `word` (3 or more characters) abbreviates ("expo" → "exponential"). Ties go to the earlier
 * candidate.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = normalise(word);
  const limit = Math.max(1, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  let prefixOf: string | undefined;
  let prefixCount = 0;
  for (const c of candidates) {
    if (c === word) continue;
    const n = normalise(c);
    // The lengths alone put it out of reach: skip the O(length²) distance (a 1 MB key is refused fast).
    const d = Math.abs(w.length - n.length) > limit ? Infinity : editDistance(w, n);
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
    if (w.length >= 3 && n.startsWith(w)) {
      prefixOf = c;
      prefixCount++;
    }
  }
  if (best === undefined && prefixCount === 1) return prefixOf;
  return best;
}

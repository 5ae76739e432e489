/**
 * Checks on a parsed YAML document, each one walk in document order, linear in its nodes.
 *
 * Duplicate keys: the
 * yaml package's own `uniqueKeys` check compares each new key with every earlier key of its
 * mapping (50,000 keys took 22 s), so the parser runs with it off and this walk does the check
 * with one hash set per mapping. Same equality as the package's: two scalar keys are duplicates
 * when their values are equal. No kernel counterpart.
 */
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type Node } from 'yaml';

/**
 * Offsets (into the parsed text) of every key that repeats an earlier key of the same mapping,
 * in document order; at most `limit` of them (the walk goes on only to count none).
 */
export function duplicateKeyOffsets(doc: Document.Parsed | Document, limit = Infinity): number[] {
  const found: number[] = [];
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key)) continue;
        if (seen.has(key.value)) {
          if (found.length < limit) found.push(key.range?.[0] ?? 0);
        } else seen.add(key.value);
      }
      return undefined;
    },
  });
  return found;
}

/** A problem found at `offset` of the parsed text. */
export interface YamlProblem {
  readonly offset: number;
  readonly message: string;
}

function isMergeKeyNode(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

/**
 * Aliases (`*a`) with no anchor (`&a`) before them, and merges (`<<:`) of anything but a mapping
 * or a list of them: the package reports both only while building the value, without a
 * position. One walk, with the anchors seen so far (the package's own lookup walks the whole
 * document once per alias).
 */
export function aliasAndMergeProblems(doc: Document.Parsed | Document): YamlProblem[] {
  const anchors = new Map<string, Node>();
  const found: YamlProblem[] = [];
  const target = (node: unknown): unknown => (isAlias(node) ? anchors.get(node.source) : node);
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        if (!anchors.has(node.source)) found.push({ offset: node.range?.[0] ?? 0, message: `alias "*${node.source}" has no anchor "&${node.source}" before it` });
        return undefined;
      }
      const anchor = (node as { anchor?: string }).anchor;
      if (typeof anchor === 'string') anchors.set(anchor, node);
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isMergeKeyNode(pair.key)) continue;
          const value = target(pair.value);
          const sources = isSeq(value) ? value.items.map(target) : [value];
          if (value === undefined || sources.some((src) => src !== undefined && !isMap(src))) {
            found.push({ offset: (pair.key as Node).range?.[0] ?? 0, message: 'a merge (<<) takes a mapping, an alias of one, or a list of them' });
          }
        }
      }
      return undefined;
    },
  });
  return found;
}

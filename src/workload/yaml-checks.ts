/**
 * Checks on a parsed YAML document, each one walk in document order, linear in its nodes.
 *
 * Duplicate keys: the
 * yaml package's own `uniqueKeys` check compares each new key with every earlier key of its
 * mapping (50,000 keys took 22 s), so the parser runs with it off and this walk does the check
 * with one hash set per mapping. Same equality as the package's: two scalar keys are duplicates
 * when their values are equal. No kernel counterpart.
 */
import { isAlias, isMap, isScalar, visit, type Document, type Node } from 'yaml';

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

/**
 * Offsets and names of aliases (`*a`) with no anchor (`&a`) before them, which the package
 * reports only while building the value, without a position. One walk with a set of the
 * anchors seen so far (the package's own lookup walks the document once per alias).
 */
export function unresolvedAliases(doc: Document.Parsed | Document): { offset: number; name: string }[] {
  const anchors = new Set<string>();
  const found: { offset: number; name: string }[] = [];
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        if (!anchors.has(node.source)) found.push({ offset: node.range?.[0] ?? 0, name: node.source });
      } else {
        const anchor = (node as { anchor?: string }).anchor;
        if (typeof anchor === 'string') anchors.add(anchor);
      }
      return undefined;
    },
  });
  return found;
}

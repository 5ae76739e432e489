/**
 * Duplicate keys in a parsed YAML document, found in time linear in the number of keys. The
 * yaml package's own `uniqueKeys` check compares each new key with every earlier key of its
 * mapping (50,000 keys took 22 s), so the parser runs with it off and this walk does the check
 * with one hash set per mapping. Same equality as the package's: two scalar keys are duplicates
 * when their values are equal. No kernel counterpart.
 */
import { isMap, isScalar, visit, type Document, type Node } from 'yaml';

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

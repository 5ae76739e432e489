import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.js';

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3], // k→s, e→i, +g
    ['mechansim', 'mechanism', 1], // one swap of adjacent "si"/"is"
    ['ca', 'abc', 3], // OSA (not full Damerau): cannot edit a swapped pair again
    ['flaw', 'lawn', 2], // -f, +n
  ])('%j → %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  test('is a symmetric, non-negative distance bounded by the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d === 0).toBe(a === b);
      }),
      { numRuns: 300 },
    );
  });
});

describe('didYouMean', () => {
  const keys = ['name', 'count', 'mechanism', 'client', 'queues', 'arrival', 'itemWork', 'handlerReturns'];

  test('finds typos, case and separator variants', () => {
    expect(didYouMean('mechansim', keys)).toBe('mechanism');
    expect(didYouMean('Queues', keys)).toBe('queues');
    expect(didYouMean('item_work', keys)).toBe('itemWork');
    expect(didYouMean('arival', keys)).toBe('arrival');
  });

  test('finds the one candidate a word abbreviates', () => {
    expect(didYouMean('expo', ['exponential', 'empirical'])).toBe('exponential');
    // "e" is too short to abbreviate; "ex" as well.
    expect(didYouMean('ex', ['exponential'])).toBeUndefined();
    // Ambiguous abbreviations suggest nothing.
    expect(didYouMean('dma', ['dma_rpc', 'dmaAliasQuirk'])).toBeUndefined();
  });

  test('suggests nothing for an unrelated word', () => {
    expect(didYouMean('burst', keys)).toBeUndefined();
    expect(didYouMean('zz', keys)).toBeUndefined();
  });
});

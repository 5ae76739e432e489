/**
 * Fuzzing in the suite (issue 18, deliver 9): a few hundred seeded workload files, mutations of
 * the library and grammar-built values, each accepted or refused by the validate pipeline with
 * every line naming the file and a field or line; never a crash. `npm run fuzz -- --cases N`
 * runs the same check as a campaign.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFuzzCase, fuzzCaseArbitrary, libraryWorkloads } from './testing/fuzz-workloads.js';

const dir = mkdtempSync(join(tmpdir(), 'irqstorm-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const library = libraryWorkloads(new URL('../../workloads/', import.meta.url).pathname);

describe('fuzzed workloads', () => {
  it('are each accepted, or refused naming the file and a field or line (300 seeded cases)', async () => {
    const verdicts = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fuzzCaseArbitrary(library), async (c) => {
        const out = await checkFuzzCase(c, dir);
        verdicts.set(out.verdict, (verdicts.get(out.verdict) ?? 0) + 1);
        expect(out.verdict, `${c.name}:\n${c.text}\n→ ${out.message}`).not.toBe('crashed');
        expect(out.verdict, `${c.name}:\n${c.text}\n→ ${out.message}`).not.toBe('vague');
      }),
      { numRuns: 300, seed: 18, endOnFailure: true },
    );
    // The generator reaches both sides: some cases pass, many are refused.
    expect(verdicts.get('accepted') ?? 0).toBeGreaterThan(10);
    expect(verdicts.get('refused') ?? 0).toBeGreaterThan(100);
  });
});

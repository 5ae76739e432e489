import { defineConfig } from 'vitest/config';

// `npm run test:slurm` (scripts/test-slurm.sh starts the cluster first): suites that submit to a
// real Slurm; kept out of `npm test` so the main suite runs on a machine without Slurm.
export default defineConfig({
  define: { __IRQSTORM_DEBUG__: 'true' },
  test: {
    include: ['test/slurm/**/*.slurm.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    testTimeout: 600_000,
    fileParallelism: false,
  },
});

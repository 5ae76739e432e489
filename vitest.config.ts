import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Asserts behind DEBUG are on in tests (see src/engine/debug.ts).
  define: { __IRQSTORM_DEBUG__: 'true' },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**', 'test/browser/**', 'test/slurm/**'],
    testTimeout: 60_000,
  },
});

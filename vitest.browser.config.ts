import { defineConfig } from 'vitest/config';

// `npm run test:browser`: suites that drive a real headless Chromium (Debian's chromium);
// kept out of `npm test` so the main suite runs on a machine without a browser.
export default defineConfig({
  define: { __IRQSTORM_DEBUG__: 'true' },
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});

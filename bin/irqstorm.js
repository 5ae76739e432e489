#!/usr/bin/env node
// The irqstorm CLI runs the compiled JavaScript in dist/ (npm run build makes it).
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('irqstorm: dist/ is missing; run `npm run build` (or `npm ci`, which builds) first');
  process.exit(2);
}
// SIGINT and SIGTERM are handled before the CLI's libraries load (signals.ts imports none).
const { installSignalHandlers } = await import(new URL('../dist/src/cli/signals.js', import.meta.url).href);
installSignalHandlers();
await import(main.href);

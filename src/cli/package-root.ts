/**
 * Where this package is installed: the nearest folder above this module holding irqstorm's
 * package.json. The same from src/ (tests) and dist/src/ (the built CLI), and from any working
 * directory, so `irqstorm list` finds the shipped workloads wherever it is run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null | undefined;

/** The package's root folder, or null if no irqstorm package.json is found above this module. */
export function packageRoot(): string | null {
  if (cached !== undefined) return cached;
  cached = null;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'irqstorm') {
          cached = dir;
          break;
        }
      } catch {
        // An unreadable package.json on the way up is not ours: keep looking.
      }
    }
    if (dirname(dir) === dir) break;
  }
  return cached;
}

#!/usr/bin/env node
// The README's sweep walk-through plot: runs workloads/sweeps/doorbell-vs-msi-load.yaml (results
// reused from results/store when there) and copies the first chart of its sweep.html to
// docs/doorbell-vs-msi-load.svg. Usage (after npm run build): node scripts/readme-sweep-plot.mjs [irqstorm sweep options]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'results', 'sweeps');
execFileSync(process.execPath, [join(root, 'bin/irqstorm.js'), 'sweep', 'workloads/sweeps/doorbell-vs-msi-load.yaml', '--out', out, '--no-progress', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
const html = readFileSync(join(out, 'doorbell-vs-msi-load', 'sweep.html'), 'utf8');
const svg = /<figure class="plot" data-plot="[^"]*">(<svg[\s\S]*?<\/svg>)/.exec(html);
if (svg === null) throw new Error('no chart found in sweep.html');
// A standalone SVG file needs its namespace (Vega's has it, and its own white background).
const file = svg[1].includes('xmlns=') ? svg[1] : svg[1].replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
mkdirSync(join(root, 'docs'), { recursive: true });
writeFileSync(join(root, 'docs', 'doorbell-vs-msi-load.svg'), `${file}\n`);
console.log('wrote docs/doorbell-vs-msi-load.svg');

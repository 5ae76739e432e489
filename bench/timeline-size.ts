/**
 * Bytes of timeline.json and trace.txt per trigger on the library's workloads (their own
 * length, or the length given), the figures behind the up-front estimate in
 * src/cli/timeline-options.ts. Deterministic: sizes, not times.
 *   npm run build && node dist/bench/timeline-size.js   (a few minutes: the whole library)
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWithTimeline, workloadConfig } from './timeline-run.js';

/** Library workloads whose whole run would take long: a shorter one keeps the same mix. */
const SETS: Record<string, string[]> = {
  'default-storm.yaml': ['duration=20ms', 'warmup=1ms'],
  'posted-msi-saturation.yaml': ['duration=2ms', 'warmup=0'],
};

const dir = mkdtempSync(join(tmpdir(), 'irqstorm-timeline-size-'));
console.log('workload,triggered,json_bytes_per_trigger,text_bytes_per_trigger,json_events,text_lines');
let maxJson = 0;
let maxText = 0;
for (const file of readdirSync('workloads').filter((f) => f.endsWith('.yaml')).sort()) {
  const r = runWithTimeline(workloadConfig(join('workloads', file), SETS[file] ?? []), dir);
  if (r.triggered === 0) continue;
  const json = r.jsonBytes / r.triggered;
  const text = r.textBytes / r.triggered;
  maxJson = Math.max(maxJson, json);
  maxText = Math.max(maxText, text);
  console.log(`${file},${r.triggered},${json.toFixed(0)},${text.toFixed(0)},${r.jsonEvents},${r.textLines}`);
}
console.log(`largest,,${maxJson.toFixed(0)},${maxText.toFixed(0)},,`);

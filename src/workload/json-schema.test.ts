/**
 * workloads/schema.json must match workloadJsonSchema(). To regenerate after a schema change:
 *   IRQSTORM_WRITE_SCHEMA=1 npx vitest run src/workload/json-schema.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { workloadJsonSchema } from './load.js';
import { WORKLOAD_KEYS } from './schema.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../workloads/schema.json', import.meta.url));
const text = `${JSON.stringify(workloadJsonSchema(), null, 2)}\n`;

if (process.env.IRQSTORM_WRITE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, text);

test('the JSON Schema is valid JSON naming every top-level key, required ones required', () => {
  const schema = JSON.parse(text) as {
    $schema: string;
    type: string;
    properties: Record<string, unknown>;
    required: string[];
    additionalProperties: boolean;
  };
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  expect(schema.type).toBe('object');
  expect(Object.keys(schema.properties)).toEqual(WORKLOAD_KEYS);
  expect(schema.required.sort()).toEqual(['description', 'duration', 'peers']);
  expect(schema.additionalProperties).toBe(false);
});

test('workloads/schema.json is current (regenerate: IRQSTORM_WRITE_SCHEMA=1 npx vitest run src/workload/json-schema.test.ts)', () => {
  expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(text);
});

/** Limits the workload schema repeats from layers it may not import (the architecture's fences). */
import { describe, expect, it } from 'vitest';
import { MAX_SERIES_INTERVALS as SERIES_LIMIT } from '../src/metrics/series.js';
import { MAX_SERIES_INTERVALS as SCHEMA_LIMIT } from '../src/workload/schema.js';

describe('limits shared across layers', () => {
  it('the schema checks statsInterval against the series limit itself', () => {
    expect(SCHEMA_LIMIT).toBe(SERIES_LIMIT);
  });
});

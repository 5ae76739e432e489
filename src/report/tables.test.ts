import { describe, expect, it } from 'vitest';
import { COALESCED_IRR } from '../metrics/accounting.js';
import { FATE_EXPORT_COLUMNS } from '../metrics/accounting.js';
import { Metrics, type MetricsSnapshot } from '../metrics/metrics.js';
import { STAGE_END_TO_END, STAGE_HANDLER, STAGE_QUEUEING } from '../metrics/stages.js';
import { toCsvString } from './csv.js';
import { buildTables, tableDocs } from './tables.js';

const col = (name: string) => ({ name, unit: 'count', description: name });
const fate = (triggered: number, handled: number, coalescedIrr: number): number[] => {
  // triggered, handled, coalesced, 4 coalesce reasons, lost, 5 loss reasons, in_flight, spurious
  return [triggered, handled, coalescedIrr, coalescedIrr, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
};

/** A hand-made snapshot: 1 CPU, 1 irq, 1 peer, one latency stage, two series points. */
const SNAPSHOT: MetricsSnapshot = {
  run: { cpus: 1, irqs: 1, requestedIrqs: 1, peers: 1, durationNs: 2000, warmupNs: 0, intervalNs: 1000, statsStartNs: 0, endNs: 2000 },
  summary: [
    { scope: 'run', id: '', metric: 'duration_ns', value: 2000, unit: 'ns' },
    { scope: 'run', id: '', metric: 'handled_rate', value: 1.5e6, unit: 'Hz' },
    { scope: 'stage', id: 'end_to_end', metric: 'mean_ns', value: 1234.5, unit: 'ns' },
  ],
  cpus: {
    scope: 'cpu',
    columns: [col('interrupts'), { name: 'utilisation', unit: 'fraction', description: '' }],
    rows: [{ id: 0, name: 'cpu0', values: [3, 0.125] }],
  },
  irqs: {
    scope: 'irq',
    columns: [...FATE_EXPORT_COLUMNS, col('write_msgs')],
    rows: [{ id: 0, name: 'peer0/q0', values: [...fate(4, 3, 1), 2] }],
  },
  peers: {
    scope: 'peer',
    columns: [...FATE_EXPORT_COLUMNS, col('spad_reads')],
    rows: [{ id: 0, name: 'peer0', values: [...fate(4, 3, 1), 7] }],
  },
  latency: [
    {
      stage: 'end_to_end',
      scope: 'all',
      count: 3,
      clamped: 0,
      minNs: 1000,
      meanNs: 1234.5,
      p50Ns: 1001,
      p90Ns: 2049,
      p99Ns: 2049,
      p999Ns: 2049,
      maxNs: 2048,
      buckets: [
        { lowNs: 1000, highNs: 1000, count: 1 },
        { lowNs: 1001, highNs: 1001, count: 1 },
        { lowNs: 2048, highNs: 2049, count: 1 },
      ],
    },
  ],
  seriesMetrics: [],
  series: [
    { intervalStartNs: 0, metric: 'handled', scope: 'all', value: 2e6, count: 2 },
    { intervalStartNs: 1000, metric: 'cpu_busy', scope: 'cpu0', value: 0.25, count: Number.NaN },
  ],
  identityViolations: [],
};

const FATE_HEADER =
  'triggered,handled,coalesced,coalesced_irr,coalesced_doorbell,coalesced_posted,coalesced_pending,' +
  'lost,lost_stale_vector,lost_remap_blocked,lost_msg_overflow,lost_window_fault,lost_masked_dropped,in_flight,spurious';

const GOLDEN: Record<string, string> = {
  'summary.csv':
    'scope,id,metric,value,unit\n' +
    'run,,duration_ns,2000,ns\n' +
    'run,,handled_rate,1500000,Hz\n' +
    'stage,end_to_end,mean_ns,1234.5,ns\n',
  'cpus.csv': 'cpu,interrupts,utilisation\n0,3,0.125\n',
  'irqs.csv':
    `scope,id,name,${FATE_HEADER},irq_write_msgs,peer_spad_reads\n` +
    'irq,0,peer0/q0,4,3,1,1,0,0,0,0,0,0,0,0,0,0,0,2,\n' +
    'peer,0,peer0,4,3,1,1,0,0,0,0,0,0,0,0,0,0,0,,7\n',
  'latency.csv':
    'stage,scope,value_ns_low,value_ns_high,count\n' +
    'end_to_end,all,1000,1000,1\n' +
    'end_to_end,all,1001,1001,1\n' +
    'end_to_end,all,2048,2049,1\n',
  'series.csv': 'interval_start_ns,metric,scope,value,count\n0,handled,all,2000000,2\n1000,cpu_busy,cpu0,0.25,\n',
  'percentiles.csv':
    'stage,scope,count,mean_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns\n' +
    'end_to_end,all,3,1234.5,1001,2049,2049,2049,2048\n',
};

describe('buildTables', () => {
  it('writes each table of a small snapshot byte for byte', async () => {
    const tables = buildTables(SNAPSHOT);
    expect(tables.map((t) => t.file)).toEqual(Object.keys(GOLDEN));
    for (const t of tables) expect(await toCsvString(t), t.file).toBe(GOLDEN[t.file]);
  });

  it('gives the same bytes for the same recorded run, twice', async () => {
    const render = async (): Promise<string> => {
      const m = new Metrics({ cpus: 2, irqs: 2, peers: 1, durationNs: 10_000, intervalNs: 2_500, warmupNs: 1_000 });
      m.startStatistics();
      for (let i = 0; i < 50; i++) {
        const t = 1_000 + i * 150;
        m.triggered(i % 2, 0, t);
        if (i % 5 === 0) m.coalesced(i % 2, 0, COALESCED_IRR, t);
        else m.handled(i % 2, 0, t + 90);
        m.recordLatency(STAGE_END_TO_END, 0, 900 + i * 37, t + 90);
        m.recordLatency(STAGE_HANDLER, 0, 200 + i, t + 90);
        m.cpuEnter(i % 2, t);
        m.cpuExit(i % 2, t + 80);
      }
      const texts = await Promise.all(buildTables(m.snapshot()).map((t) => toCsvString(t)));
      return texts.join('\n---\n');
    };
    const a = await render();
    const b = await render();
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toBe(a);
  });
});

describe('empty is not zero', () => {
  it('writes a stage without samples as empty cells in summary.csv and percentiles.csv, a 0 ns sample as 0', async () => {
    const m = new Metrics({ cpus: 1, irqs: 1, peers: 0, durationNs: 10_000, intervalNs: 10_000, warmupNs: 0 });
    m.startStatistics(0);
    // One interrupt that waited 0 ns: queueing has a sample, and it is 0 ns. write_msg has none.
    m.recordLatency(STAGE_QUEUEING, -1, 0, 100);
    const [summary, , , , , percentiles] = await Promise.all(buildTables(m.snapshot()).map((t) => toCsvString(t)));
    const stageRows = (stage: string): string[] => summary.split('\n').filter((l) => l.startsWith(`stage,${stage},`));
    expect(stageRows('write_msg')).toEqual([
      'stage,write_msg,count,0,count',
      'stage,write_msg,mean_ns,,ns',
      'stage,write_msg,p50_ns,,ns',
      'stage,write_msg,p90_ns,,ns',
      'stage,write_msg,p99_ns,,ns',
      'stage,write_msg,p999_ns,,ns',
      'stage,write_msg,max_ns,,ns',
      'stage,write_msg,clamped,0,count',
    ]);
    expect(stageRows('queueing')).toContain('stage,queueing,mean_ns,0,ns');
    expect(stageRows('queueing')).toContain('stage,queueing,max_ns,0,ns');
    const lines = percentiles.split('\n');
    expect(lines).toContain('write_msg,all,0,,,,,,');
    expect(lines).toContain('queueing,all,1,0,0,0,0,0,0');
  });
});

describe('tableDocs', () => {
  it('documents exactly the columns written with the default counters', () => {
    const m = new Metrics({ cpus: 1, irqs: 1, peers: 1, durationNs: 1000, intervalNs: 1000, warmupNs: 0 });
    const built = buildTables(m.snapshot());
    const docs = tableDocs();
    expect(docs.map((d) => d.file)).toEqual(built.map((t) => t.file));
    for (let i = 0; i < docs.length; i++) {
      expect(docs[i].columns.map((c) => c.name), docs[i].file).toEqual(built[i].columns.map((c) => c.name));
      for (const c of docs[i].columns) expect(c.description.length, `${docs[i].file}:${c.name}`).toBeGreaterThan(0);
    }
  });
});

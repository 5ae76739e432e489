import { describe, expect, it } from 'vitest';
import { barChart, ccdfRows, histogramChart, lineChart, renderSvg } from './index.js';

/** The text of every <text> element in an SVG, in document order, entities decoded. */
function texts(svg: string): string[] {
  const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1]));
}

/** How many marks of a kind ("line mark", "area mark") the SVG draws with a real outline. */
function drawn(svg: string, role: string): number {
  return (svg.match(new RegExp(`aria-roledescription="${role}" d="M[^"]+"`, 'g')) ?? []).length;
}

describe('ccdfRows', () => {
  it('gives P(X > bucket high) for each bucket, ending at 0', () => {
    const rows = ccdfRows(
      [
        { high: 10, count: 1 },
        { high: 20, count: 2 },
        { high: 40, count: 1 },
      ],
      'ns',
      'p',
    );
    expect(rows).toEqual([
      { ns: 10, p: 0.75 },
      { ns: 20, p: 0.25 },
      { ns: 40, p: 0 },
    ]);
  });

  it('thins long histograms but keeps the last bucket (the maximum)', () => {
    const buckets = Array.from({ length: 1000 }, (_, i) => ({ high: i + 1, count: 1 }));
    const rows = ccdfRows(buckets, 'x', 'y', 100, { stage: 'ack' });
    expect(rows.length).toBeLessThanOrEqual(101);
    expect(rows[rows.length - 1]).toEqual({ stage: 'ack', x: 1000, y: 0 });
    expect(rows[1]).toEqual({ stage: 'ack', x: 11, y: 989 / 1000 });
  });

  it('is empty for an empty histogram', () => {
    expect(ccdfRows([], 'x', 'y')).toEqual([]);
  });
});

describe('renderSvg', () => {
  it('draws a line chart with axis titles, one line per series, its bands and labelled rules', async () => {
    const data = [];
    for (let t = 0; t < 5; t++) {
      data.push({ t, v: 10 + t, lo: 9 + t, hi: 11 + t, s: 'cpu0' });
      data.push({ t, v: 20 - t, lo: 19 - t, hi: 21 - t, s: 'cpu1' });
    }
    const svg = await renderSvg(
      lineChart({
        title: 'busy over time',
        data,
        x: { field: 't', title: 'time (ms)' },
        y: { field: 'v', title: 'busy (%)' },
        series: { field: 's', title: 'CPU' },
        band: { lo: 'lo', hi: 'hi' },
        rules: [{ at: 2, label: 'affinity move' }],
      }),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    const t = texts(svg);
    for (const label of ['busy over time', 'time (ms)', 'busy (%)', 'CPU', 'cpu0', 'cpu1', 'affinity move']) expect(t).toContain(label);
    // Two lines and two bands, each a path with a real outline.
    expect(drawn(svg, 'line mark')).toBe(2);
    expect(drawn(svg, 'area mark')).toBe(2);
  });

  it('leaves non-positive values off a log axis instead of failing', async () => {
    const svg = await renderSvg(
      lineChart({
        title: 'tail',
        data: ccdfRows(
          [
            { high: 100, count: 9 },
            { high: 1000, count: 1 },
          ],
          'ns',
          'p',
        ),
        x: { field: 'ns', title: 'latency (ns)', scale: 'log' },
        y: { field: 'p', title: 'P(X > x)', scale: 'log' },
      }),
    );
    expect(texts(svg)).toContain('P(X > x)');
    expect(svg).not.toContain('NaN');
  });

  it('draws grouped bars with error bars and a histogram over bucket bounds', async () => {
    const bars = await renderSvg(
      barChart({
        title: 'p99 by design',
        data: [
          { design: 'virtual-msix', m: 'a', v: 3, lo: 2, hi: 4 },
          { design: 'ntb-domain', m: 'a', v: 5, lo: 4.5, hi: 5.5 },
        ],
        category: { field: 'design', title: 'design' },
        value: { field: 'v', title: 'p99 (µs)' },
        error: { lo: 'lo', hi: 'hi' },
      }),
    );
    expect(texts(bars)).toEqual(expect.arrayContaining(['virtual-msix', 'ntb-domain', 'p99 (µs)']));
    expect((bars.match(/class="mark-rect role-mark/g) ?? []).length).toBeGreaterThanOrEqual(1);
    const hist = await renderSvg(
      histogramChart({
        title: 'latency',
        data: [
          { lo: 100, hi: 199, n: 5 },
          { lo: 200, hi: 399, n: 2 },
        ],
        low: 'lo',
        high: 'hi',
        count: { field: 'n', title: 'samples' },
        x: { title: 'latency (ns)', scale: 'log' },
      }),
    );
    expect(texts(hist)).toEqual(expect.arrayContaining(['latency (ns)', 'samples']));
  });

  it('renders the same spec to the same SVG', async () => {
    const spec = lineChart({ title: 'x', data: [{ a: 1, b: 2 }, { a: 2, b: 3 }], x: { field: 'a', title: 'a' }, y: { field: 'b', title: 'b' } });
    expect(await renderSvg(spec)).toBe(await renderSvg(spec));
  });
});

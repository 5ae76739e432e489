import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlPage, htmlTable, note, plotFigure } from './index.js';

describe('html report pieces', () => {
  it('escapes every character that could open markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('builds a table with escaped cells and right-aligned numbers', () => {
    const html = htmlTable(
      [
        { label: 'irq', cell: (r: { name: string; n: number }) => r.name },
        { label: 'count', cell: (r) => String(r.n), numeric: true, title: 'handler runs' },
      ],
      [{ name: 'peer<0>/q0', n: 12 }],
      'per irq',
    );
    expect(html).toContain('<caption>per irq</caption>');
    expect(html).toContain('<th class="num" title="handler runs">count</th>');
    expect(html).toContain('<td>peer&lt;0&gt;/q0</td><td class="num">12</td>');
  });

  it('makes a self-contained page: no script, no external reference, a nav entry per section', () => {
    const page = htmlPage({
      title: 'run <1>',
      lead: ['what question & why'],
      sections: [
        { id: 'summary', heading: 'Summary', body: note('n = 3') },
        { id: 'plots', heading: 'Plots', body: plotFigure('e2e', '<svg></svg>', 'end to end') },
      ],
      footer: 'irqstorm 0.1.0',
    });
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<title>run &lt;1&gt;</title>');
    expect(page).toContain('<p class="lead">what question &amp; why</p>');
    expect(page).toContain('<a href="#summary">Summary</a><a href="#plots">Plots</a>');
    expect(page).toContain('<figure class="plot" data-plot="e2e"><svg></svg><figcaption>end to end</figcaption></figure>');
    expect(page).not.toMatch(/<script|<link|src="http|href="http/);
  });
});

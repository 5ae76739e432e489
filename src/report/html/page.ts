/**
 * A self-contained HTML report page: inline CSS, inline SVG plots, no script and no network,
 * so the file opens from disk anywhere and can be mailed or attached to a review as it is.
 */
import { escapeHtml } from './escape.js';

export interface PageSection {
  /** Anchor id (letters, digits, dashes). */
  readonly id: string;
  readonly heading: string;
  /** Trusted HTML: built from escaped text, htmlTable() and plotFigure(). */
  readonly body: string;
}

export interface PageSpec {
  readonly title: string;
  /** Lines under the title (the question a workload answers, the command, the version). */
  readonly lead?: readonly string[];
  readonly sections: readonly PageSection[];
  /** A line at the foot of the page (generator, version, commit). */
  readonly footer?: string;
}

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d1d1f; background: #fff; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; border-bottom: 1px solid #ddd; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid #eee; padding-bottom: 4px; }
p.lead { margin: 4px 0; color: #444; }
nav { margin: 10px 0 14px; font-size: 13px; }
nav a { margin-right: 14px; color: #0b57d0; text-decoration: none; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; white-space: nowrap; }
th { background: #f6f6f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure.plot { margin: 10px 0 22px; }
figure.plot figcaption { font-size: 12px; color: #555; margin-top: 2px; }
p.note { font-size: 13px; color: #555; }
footer { color: #777; font-size: 12px; padding: 24px; }
`;

/** The page as one HTML document. */
export function htmlPage(spec: PageSpec): string {
  const lead = (spec.lead ?? []).map((l) => `<p class="lead">${escapeHtml(l)}</p>`).join('\n');
  const nav = spec.sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.heading)}</a>`).join('');
  const sections = spec.sections
    .map((s) => `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.heading)}</h2>\n${s.body}\n</section>`)
    .join('\n');
  const footer = spec.footer === undefined ? '' : `<footer>${escapeHtml(spec.footer)}</footer>`;
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(spec.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `<header>\n<h1>${escapeHtml(spec.title)}</h1>\n${lead}\n<nav>${nav}</nav>\n</header>\n` +
    `<main>\n${sections}\n</main>\n${footer}\n</body>\n</html>\n`
  );
}

/** A rendered plot (SVG markup from renderSvg) with a caption; `name` marks it for tests. */
export function plotFigure(name: string, svg: string, caption?: string): string {
  const cap = caption === undefined ? '' : `<figcaption>${escapeHtml(caption)}</figcaption>`;
  return `<figure class="plot" data-plot="${escapeHtml(name)}">${svg}${cap}</figure>`;
}

/** A paragraph of escaped text. */
export function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}

/** An HTML table from plain rows: every cell escaped, numbers right-aligned. */
import { escapeHtml } from './escape.js';

export interface TableColumn<Row> {
  readonly label: string;
  /** The cell's text for a row (escaped when written). */
  readonly cell: (row: Row) => string;
  /** Right-align numbers (the default for none: left). */
  readonly numeric?: boolean;
  /** A tooltip for the header (units, meaning). */
  readonly title?: string;
}

export function htmlTable<Row>(columns: readonly TableColumn<Row>[], rows: readonly Row[], caption?: string): string {
  const head = columns
    .map((c) => `<th${c.numeric ? ' class="num"' : ''}${c.title === undefined ? '' : ` title="${escapeHtml(c.title)}"`}>${escapeHtml(c.label)}</th>`)
    .join('');
  const body = rows
    .map((r) => `<tr>${columns.map((c) => `<td${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.cell(r))}</td>`).join('')}</tr>`)
    .join('\n');
  const cap = caption === undefined ? '' : `<caption>${escapeHtml(caption)}</caption>`;
  return `<table>${cap}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

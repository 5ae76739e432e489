/** Self-contained HTML report pages: escaping, tables, the page shell and plot figures. */
export { escapeHtml } from './escape.js';
export { htmlPage, note, plotFigure, type PageSection, type PageSpec } from './page.js';
export { htmlTable, type TableColumn } from './table.js';

/**
 * Plots for irqstorm's HTML reports (the run report, compare and sweep): chart specs built from
 * plain rows (charts.ts), the CCDF of a histogram (ccdf.ts), and headless SVG rendering
 * (render-svg.ts, Vega + Vega-Lite 5, no browser).
 */
export { barChart, histogramChart, lineChart } from './charts.js';
export type { AxisSpec, BarChartSpec, ChartRow, HistogramSpec, LineChartSpec, RuleSpec, ScaleKind, SeriesSpec } from './charts.js';
export { ccdfRows, type Bucket } from './ccdf.js';
export { renderSvg } from './render-svg.js';

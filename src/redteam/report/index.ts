/**
 * @module redteam/report
 * Public surface of the red-team reports: the report.json types and format id, the
 * baseline reader, and the renderers of junit.xml, summary.md and the self-contained
 * report.html (inline SVG security curve, per-class success matrix). See docs/redteam.md.
 */
export { REPORT_FORMAT, readReport } from './report-types.js';
export type { AttackReport, ClassRate, CurvePoint, GateResult, IntegrityFinding, IntegrityReport, Interval, ModelReport, RedteamReport, Stats } from './report-types.js';
export { renderJunit, xmlEscape } from './junit.js';
export { gatedPoint, rateWithInterval, renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
export { PALETTE, renderCurve } from './svg-chart.js';
export type { Series } from './svg-chart.js';
export { reportJson, writeReports } from './write-reports.js';
export type { ReportFiles } from './write-reports.js';

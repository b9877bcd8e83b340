/**
 * @module redteam/report/write-reports
 * Writes the four reports of a run into one folder: `report.json` (the data), `junit.xml`
 * (for CI test tabs), `summary.md` (for job summaries) and `report.html` (for people).
 * Each file is written to a temporary name and renamed, so a reader never sees half a
 * report.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { RedteamReport } from './report-types.js';

/** Where the reports went. */
export interface ReportFiles {
  readonly json: string;
  readonly junit: string;
  readonly markdown: string;
  readonly html: string;
}

/**
 * The JSON text of a report as written to report.json (two-space indented, final newline).
 *
 * @example
 * const bytes = Buffer.from(reportJson(report)); // what --register attaches
 */
export function reportJson(report: RedteamReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Writes the reports into `dir` (created if needed).
 *
 * @example
 * const files = await writeReports(report, 'redteam-reports');
 */
export async function writeReports(report: RedteamReport, dir: string): Promise<ReportFiles> {
  await mkdir(dir, { recursive: true });
  const files: ReportFiles = { json: join(dir, 'report.json'), junit: join(dir, 'junit.xml'), markdown: join(dir, 'summary.md'), html: join(dir, 'report.html') };
  const contents: [string, string][] = [
    [files.json, reportJson(report)],
    [files.junit, renderJunit(report)],
    [files.markdown, renderMarkdown(report)],
    [files.html, renderHtml(report)],
  ];
  for (const [path, text] of contents) {
    const tmp = `${path}.tmp-${process.pid}`;
    await writeFile(tmp, text);
    await rename(tmp, path);
  }
  return files;
}

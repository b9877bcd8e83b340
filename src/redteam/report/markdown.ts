/**
 * @module redteam/report/markdown
 * `summary.md`: the verdict, the baseline, and per model its clean accuracy, integrity
 * check and one row per attack at its gated ε (threat model, success rate with its 95%
 * interval, robust accuracy, perturbation, queries, time), then every gate. Short enough
 * for a CI job summary (`$GITHUB_STEP_SUMMARY`). Pure.
 */
import { normLabel } from '../threat-model.js';
import type { AttackReport, CurvePoint, GateResult, ModelReport, RedteamReport } from './report-types.js';

const pct = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : `${(100 * v).toFixed(1)}%`);
const num = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : String(Number(v.toPrecision(4))));
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The point gates read: the gated ε, else the last one.
 *
 * @example
 * gatedPoint(attack)?.success_rate; // 0.52
 */
export function gatedPoint(a: AttackReport): CurvePoint | undefined {
  return a.points.find((p) => p.eps === a.gate_eps) ?? a.points.at(-1);
}

/** "52.1% [46.3–57.8%]". */
export function rateWithInterval(p: CurvePoint | undefined): string {
  if (p === undefined || p.success_rate === null) return 'n/a';
  const ci = p.success_rate_ci95;
  return `${pct(p.success_rate)} [${ci === null ? '?' : `${(100 * ci[0]).toFixed(1)}–${pct(ci[1])}`}]`;
}

function attackRow(a: AttackReport): string {
  const p = gatedPoint(a);
  const norm = normLabel(a.threat_model.norm);
  return `| ${cell(a.id)} | ${cell(a.threat_model_text)} | ${rateWithInterval(p)} | ${pct(p?.robust_accuracy)} | ${num(p?.perturbation.norm.median)} (${norm}) | ${num(p?.queries.mean)} / ${num(p?.queries.median)} / ${num(p?.queries.max)} | ${a.wall_time_seconds.toFixed(1)} s |`;
}

function modelSection(m: ModelReport): string[] {
  const integrity = m.integrity.checked ? `${m.integrity.violations} violation${m.integrity.violations === 1 ? '' : 's'} against ${m.integrity.lkg_version ?? 'the LKG'}` : `not checked (${m.integrity.note ?? 'no registry'})`;
  return [
    `## ${m.id}${m.registry === null ? '' : ` (${m.registry.model} ${m.registry.version})`}`,
    '',
    `Clean accuracy ${pct(m.clean.accuracy)} [${(100 * m.clean.ci95[0]).toFixed(1)}–${pct(m.clean.ci95[1])}] on ${m.dataset.samples} samples of ${m.dataset.source} (labels ${m.dataset.labels}); data integrity: ${integrity}.`,
    ...m.integrity.findings.map((f) => `- ${f.kind}: ${f.detail}`),
    '',
    '| attack | threat model | success rate [95% CI] | robust accuracy | median perturbation | queries mean / median / max | time |',
    '|---|---|---|---|---|---|---|',
    ...m.attacks.map(attackRow),
    '',
  ];
}

function gateRow(g: GateResult): string {
  const mark = g.status === 'passed' ? '✅ pass' : g.status === 'failed' ? '❌ FAIL' : '⏭ skipped';
  return `| ${mark} | ${cell(g.id)} | ${cell(g.message)} |`;
}

/**
 * Renders the Markdown summary.
 *
 * @example
 * await writeFile('summary.md', renderMarkdown(report));
 */
export function renderMarkdown(report: RedteamReport): string {
  const s = report.summary;
  const verdict = report.passed ? `**PASSED**: ${s.passed} gate${s.passed === 1 ? '' : 's'} passed${s.skipped > 0 ? `, ${s.skipped} skipped` : ''}` : `**FAILED**: ${s.failed} of ${s.gates} gate${s.gates === 1 ? '' : 's'} failed`;
  const baseline = report.baseline === null ? 'none (regression gates are skipped)' : `${report.baseline.source === 'file' ? 'file' : 'LKG report'} ${report.baseline.ref}${report.baseline.generated_at === null ? '' : ` of ${report.baseline.generated_at}`}`;
  return [
    `# Red-team report: ${report.suite.name}`,
    '',
    `${verdict}. Suite ${report.suite.file} (sha256 ${report.suite.sha256.slice(0, 12)}…), ${report.generated_at}, bulwark ${report.bulwark_version}, ${report.wall_time_seconds.toFixed(1)} s. Baseline: ${baseline}.`,
    '',
    ...report.models.flatMap(modelSection),
    '## Gates',
    '',
    ...(report.gates.length === 0 ? ['No gates.'] : ['| result | gate | detail |', '|---|---|---|', ...report.gates.map(gateRow)]),
    '',
    'Success rate: successful attacks among the correctly classified samples, at the threat model\'s ε, with its 95% Wilson interval. Robust accuracy: share of all samples classified correctly and not broken within ε. Details: report.html, report.json (docs/redteam.md).',
    '',
  ].join('\n');
}

/**
 * @module redteam/report/html
 * `report.html`, one self-contained page (inline CSS and SVG, no script, no external
 * asset, so it opens from a CI artifact): the verdict and gates; per model its clean
 * accuracy and integrity check, the security curve (accuracy against ε, one chart per
 * norm, one line per attack, 95% bands), the per-class success matrix (classes × attacks
 * at the gated ε) and, per attack, its threat model, every curve point and the true ×
 * adversarial class matrix of its successes. Pure.
 */
import { normLabel } from '../threat-model.js';
import { xmlEscape as esc } from './junit.js';
import { gatedPoint, rateWithInterval } from './markdown.js';
import type { AttackReport, CurvePoint, GateResult, ModelReport, RedteamReport } from './report-types.js';
import { renderCurve } from './svg-chart.js';
import type { Series } from './svg-chart.js';

const pct = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : `${(100 * v).toFixed(1)}%`);
const num = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : String(Number(v.toPrecision(4))));

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1b1b1b}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}
.pass{color:#0a7a2f;font-weight:600}.fail{color:#b3261e;font-weight:600}.skip{color:#6b6b6b}
.verdict{font-size:16px;padding:8px 12px;border-radius:4px;display:inline-block}.verdict.pass{background:#e6f4ea}.verdict.fail{background:#fce8e6}
.curves{display:flex;flex-wrap:wrap;gap:16px}.curves figure{margin:0;flex:1 1 480px}svg.curve{width:100%;height:auto}
details{margin:8px 0}summary{cursor:pointer;font-weight:600}small{color:#555}`;

function gateRows(gates: readonly GateResult[]): string {
  if (gates.length === 0) return '<p>No gates.</p>';
  const rows = gates.map((g) => {
    const cls = g.status === 'passed' ? 'pass' : g.status === 'failed' ? 'fail' : 'skip';
    return `<tr><td class="l ${cls}">${g.status}</td><td class="l">${esc(g.id)}</td><td class="l">${esc(g.message)}</td></tr>`;
  });
  return `<table><tr><th class="l">result</th><th class="l">gate</th><th class="l">detail</th></tr>${rows.join('')}</table>`;
}

function curves(m: ModelReport): string {
  const byNorm = new Map<string, AttackReport[]>();
  for (const a of m.attacks) byNorm.set(a.threat_model.norm, [...(byNorm.get(a.threat_model.norm) ?? []), a]);
  const figures = [...byNorm].map(([norm, attacks]) => {
    const series: Series[] = attacks.map((a) => ({
      label: a.id,
      points: [[0, m.clean.accuracy, m.clean.ci95[0], m.clean.ci95[1]], ...a.points.filter((p): p is CurvePoint & { eps: number } => p.eps !== null).map((p) => [p.eps, p.robust_accuracy, p.robust_accuracy_ci95[0], p.robust_accuracy_ci95[1]] as const)],
    }));
    const label = normLabel(norm as AttackReport['threat_model']['norm']);
    return `<figure>${renderCurve(series, `ε (${label}, input units)`, 'robust accuracy')}<figcaption><small>Accuracy under attack against the budget ε (${label}); ε = 0 is the clean accuracy. Bands: 95% Wilson intervals.</small></figcaption></figure>`;
  });
  return `<div class="curves">${figures.join('')}</div>`;
}

/** Background for a rate: white (0) to red (1). */
const heat = (v: number | null): string => (v === null ? '#f7f7f7' : `rgba(213,94,0,${(0.08 + 0.8 * v).toFixed(2)})`);

function classMatrix(m: ModelReport): string {
  if (m.attacks.length === 0) return '';
  const head = m.attacks.map((a) => `<th>${esc(a.id)}<br><small>${a.gate_eps === null ? 'unbounded' : `ε=${a.gate_eps}`}</small></th>`).join('');
  const rows = Array.from({ length: m.dataset.classes }, (_, c) => {
    const cells = m.attacks.map((a) => {
      const r = gatedPoint(a)?.per_class[c];
      if (r === undefined) return '<td>–</td>';
      const tip = `class ${c}: ${r.successes} of ${r.eligible} correctly classified samples broken${r.ci95 === null ? '' : ` (95% CI ${pct(r.ci95[0])}–${pct(r.ci95[1])})`}`;
      return `<td style="background:${heat(r.success_rate)}" title="${esc(tip)}">${pct(r.success_rate)}<br><small>${r.successes}/${r.eligible}</small></td>`;
    });
    return `<tr><th>${c}</th>${cells.join('')}</tr>`;
  });
  return `<h3>Per-class success matrix</h3><p><small>Share of each class's correctly classified samples the attack broke at its gated ε (rows: true class).</small></p><table><tr><th>class</th>${head}</tr>${rows.join('')}</table>`;
}

function attackDetails(a: AttackReport, classes: number): string {
  const points = a.points.map((p) => `<tr><td>${p.eps === null ? 'unbounded' : p.eps}</td><td>${esc(rateWithInterval(p))}</td><td>${p.successes}/${p.eligible}</td><td>${pct(p.robust_accuracy)}</td><td>${num(p.perturbation.norm.mean)}</td><td>${num(p.perturbation.norm.median)}</td><td>${num(p.queries.mean)}</td><td>${num(p.queries.median)}</td><td>${num(p.queries.max)}</td><td>${p.wall_time_seconds.toFixed(2)} s</td></tr>`);
  const gated = gatedPoint(a);
  const confusion = gated === undefined ? '' : `<table><tr><th>true \\ adversarial</th>${Array.from({ length: classes }, (_, k) => `<th>${k}</th>`).join('')}</tr>${gated.success_matrix.map((row, c) => `<tr><th>${c}</th>${row.map((v) => `<td style="background:${v === 0 ? '#fff' : heat(Math.min(1, v / Math.max(1, gated.successes / 4)))}">${v === 0 ? '' : v}</td>`).join('')}</tr>`).join('')}</table>`;
  return `<details><summary>${esc(a.id)}: ${esc(a.attack.name)} (${esc(a.attack.knowledge)}, ${a.attack.budget} budget)</summary>
<p class="l">Threat model: ${esc(a.threat_model_text)}. Parameters: <code>${esc(JSON.stringify(a.params))}</code>. ${esc(a.attack.references.join('; '))}.</p>
<table><tr><th>ε</th><th>success rate [95% CI]</th><th>broken</th><th>robust accuracy</th><th>mean ${esc(normLabel(a.threat_model.norm))}</th><th>median ${esc(normLabel(a.threat_model.norm))}</th><th>mean queries</th><th>median queries</th><th>max queries</th><th>time</th></tr>${points.join('')}</table>
<p><small>Successful adversarial examples at the gated ε by true class (rows) and adversarial class (columns).</small></p>${confusion}</details>`;
}

function modelSection(m: ModelReport): string {
  const integrity = m.integrity.checked ? `${m.integrity.violations} violation${m.integrity.violations === 1 ? '' : 's'} against ${esc(m.integrity.lkg_version ?? 'the LKG')}` : `not checked (${esc(m.integrity.note ?? 'no registry')})`;
  const findings = m.integrity.findings.length === 0 ? '' : `<ul>${m.integrity.findings.map((f) => `<li>${esc(f.kind)}: ${esc(f.detail)}</li>`).join('')}</ul>`;
  const summary = m.attacks.map((a) => {
    const p = gatedPoint(a);
    return `<tr><td class="l">${esc(a.id)}</td><td class="l">${esc(a.threat_model_text)}</td><td>${esc(rateWithInterval(p))}</td><td>${pct(p?.robust_accuracy)}</td><td>${num(p?.perturbation.norm.median)}</td><td>${num(p?.queries.median)}</td><td>${a.wall_time_seconds.toFixed(1)} s</td></tr>`;
  });
  return `<h2>${esc(m.id)}${m.registry === null ? '' : ` <small>${esc(m.registry.model)} ${esc(m.registry.version)}</small>`}</h2>
<p>Clean accuracy <b>${pct(m.clean.accuracy)}</b> [${pct(m.clean.ci95[0])}–${pct(m.clean.ci95[1])}] on ${m.dataset.samples} samples of ${esc(m.dataset.source)} (${m.dataset.features} features, ${m.dataset.classes} classes, labels ${m.dataset.labels}). Model: ${esc(m.source.kind)} ${esc(m.source.path ?? m.source.url ?? '')}${m.source.sha256 === undefined ? '' : ` <small>sha256 ${esc(m.source.sha256.slice(0, 16))}…</small>`}. Data integrity: ${integrity}.</p>${findings}
<table><tr><th class="l">attack</th><th class="l">threat model</th><th>success rate [95% CI]</th><th>robust accuracy</th><th>median perturbation</th><th>median queries</th><th>time</th></tr>${summary.join('')}</table>
<h3>Security curve</h3>${curves(m)}${classMatrix(m)}<h3>Attacks</h3>${m.attacks.map((a) => attackDetails(a, m.dataset.classes)).join('')}`;
}

/**
 * Renders the self-contained HTML report.
 *
 * @example
 * await writeFile('report.html', renderHtml(report));
 */
export function renderHtml(report: RedteamReport): string {
  const s = report.summary;
  const verdict = report.passed ? `<span class="verdict pass">PASSED: ${s.passed} passed, ${s.skipped} skipped</span>` : `<span class="verdict fail">FAILED: ${s.failed} of ${s.gates} gates failed</span>`;
  const baseline = report.baseline === null ? 'none (regression gates skipped)' : `${report.baseline.source === 'file' ? 'file' : 'LKG report'} ${esc(report.baseline.ref)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(`Red-team report: ${report.suite.name}`)}</title><style>${STYLE}</style></head>
<body><h1>Red-team report: ${esc(report.suite.name)}</h1>
<p>${verdict}</p>
<p><small>Suite ${esc(report.suite.file)} (sha256 ${esc(report.suite.sha256.slice(0, 16))}…), ${esc(report.generated_at)}, bulwark ${esc(report.bulwark_version)}, seed ${report.seed}, ${report.wall_time_seconds.toFixed(1)} s. Baseline: ${baseline}.</small></p>
<h2>Gates</h2>${gateRows(report.gates)}
${report.models.map(modelSection).join('\n')}
<p><small>Success rate: successful attacks among correctly classified samples, with 95% Wilson score intervals. Robust accuracy: share of all samples classified correctly and not broken within ε. Format ${esc(report.format)}; see docs/redteam.md.</small></p>
</body></html>
`;
}

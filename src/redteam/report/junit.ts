/**
 * @module redteam/report/junit
 * `junit.xml`: one `<testsuite>` per model, one `<testcase>` per attack × gate (model-level
 * gates are test cases of the model), as CI systems read it (GitHub, GitLab, Jenkins): a
 * failed gate is a `<failure>`, a gate with nothing to compare a `<skipped>`. An attack no
 * gate reads still gets one passing test case stating its figures, so every attack shows.
 * Pure.
 */
import type { AttackReport, GateResult, ModelReport, RedteamReport } from './report-types.js';

/**
 * XML-escapes text for element content and attribute values.
 *
 * @example
 * xmlEscape('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 */
export function xmlEscape(text: string): string {
  // XML 1.0 has no control characters besides tab, newline and carriage return: drop them.
  const clean = Array.from(text, (c) => (c.charCodeAt(0) < 0x20 && c !== '\t' && c !== '\n' && c !== '\r' ? '' : c)).join('');
  return clean.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

const pct = (v: number | null): string => (v === null ? 'n/a' : `${(100 * v).toFixed(1)}%`);

function attackLine(a: AttackReport): string {
  const p = a.points.find((x) => x.eps === a.gate_eps) ?? a.points[0];
  if (p === undefined) return a.threat_model_text;
  return `${a.threat_model_text}: success ${pct(p.success_rate)} of ${p.eligible} (95% CI ${p.success_rate_ci95 === null ? 'n/a' : `${pct(p.success_rate_ci95[0])}–${pct(p.success_rate_ci95[1])}`}), robust accuracy ${pct(p.robust_accuracy)}, median queries ${p.queries.median ?? 'n/a'}`;
}

function testcase(className: string, name: string, seconds: number, gate: GateResult | undefined, out: string): string {
  const open = `    <testcase classname="${xmlEscape(className)}" name="${xmlEscape(name)}" time="${seconds.toFixed(3)}"`;
  const body: string[] = [];
  if (gate?.status === 'failed') body.push(`      <failure type="gate" message="${xmlEscape(gate.message)}">${xmlEscape(gate.message)}</failure>`);
  if (gate?.status === 'skipped') body.push(`      <skipped message="${xmlEscape(gate.message)}"/>`);
  body.push(`      <system-out>${xmlEscape(out)}</system-out>`);
  return `${open}>\n${body.join('\n')}\n    </testcase>`;
}

function gateName(g: GateResult): string {
  const rule = g.rule === 'min' ? '≥' : g.rule === 'max' ? '≤' : g.rule === 'maxIncrease' ? 'rise ≤' : 'drop ≤';
  return `${g.id}: ${g.metric} ${rule} ${g.threshold}${g.eps === null ? '' : ` at ε=${g.eps}`}`;
}

function modelSuite(m: ModelReport, gates: readonly GateResult[]): { xml: string; tests: number; failures: number; skipped: number; time: number } {
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  const count = (g: GateResult): void => {
    if (g.status === 'failed') failures++;
    if (g.status === 'skipped') skipped++;
  };
  for (const g of gates.filter((x) => x.model === m.id && x.attack === null)) {
    count(g);
    cases.push(testcase(`redteam.${m.id}`, gateName(g), 0, g, g.message));
  }
  for (const a of m.attacks) {
    const own = gates.filter((g) => g.model === m.id && g.attack === a.id);
    if (own.length === 0) cases.push(testcase(`redteam.${m.id}.${a.id}`, `${a.id}: ran (no gate)`, a.wall_time_seconds, undefined, attackLine(a)));
    for (const g of own) {
      count(g);
      cases.push(testcase(`redteam.${m.id}.${a.id}`, gateName(g), a.wall_time_seconds, g, `${g.message}\n${attackLine(a)}`));
    }
  }
  const time = m.attacks.reduce((t, a) => t + a.wall_time_seconds, 0);
  const props = [
    ['clean_accuracy', String(m.clean.accuracy)],
    ['samples', String(m.dataset.samples)],
    ['data_integrity_violations', String(m.integrity.violations)],
    ...(m.registry === null ? [] : [['registry', `${m.registry.model} ${m.registry.version}`]]),
  ].map(([k, v]) => `      <property name="${xmlEscape(k as string)}" value="${xmlEscape(v as string)}"/>`);
  const xml = [
    `  <testsuite name="${xmlEscape(m.id)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">`,
    '    <properties>',
    ...props.map((p) => `  ${p}`),
    '    </properties>',
    ...cases,
    '  </testsuite>',
  ].join('\n');
  return { xml, tests: cases.length, failures, skipped, time };
}

/**
 * Renders the JUnit XML of a report.
 *
 * @example
 * await writeFile('junit.xml', renderJunit(report));
 */
export function renderJunit(report: RedteamReport): string {
  const suites = report.models.map((m) => modelSuite(m, report.gates));
  const sum = (k: 'tests' | 'failures' | 'skipped'): number => suites.reduce((a, s) => a + s[k], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(`bulwark redteam: ${report.suite.name}`)}" tests="${sum('tests')}" failures="${sum('failures')}" errors="0" skipped="${sum('skipped')}" time="${report.wall_time_seconds.toFixed(3)}" timestamp="${xmlEscape(report.generated_at)}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * @module redteam/suite/gates
 * Release gates over a report: absolute thresholds (`min`, `max`) and regressions against
 * a baseline report (`maxIncrease`, `maxDecrease`, in the metric's own units: 0.02 is two
 * points of accuracy). A gate applies to every model (or the one it names) and, for attack
 * metrics, every attack of that model (or the one it names) at the attack's gated ε (or
 * the gate's `eps`). Each (gate rule × model × attack) is one result: passed, failed, or
 * skipped when there is nothing to compare (no baseline, no eligible sample). Baselines are
 * matched by model id (then by registry model name), attack id and ε. Pure.
 */
import type { AttackReport, CurvePoint, GateResult, ModelReport, RedteamReport } from '../report/report-types.js';
import type { GateMetric, GateSpec } from './schema.js';
import { MODEL_METRICS } from './schema.js';

type Rule = GateResult['rule'];
const RULES: readonly Rule[] = ['min', 'max', 'maxIncrease', 'maxDecrease'];
const SYMBOL: Readonly<Record<Rule, string>> = { min: '≥', max: '≤', maxIncrease: 'rise ≤', maxDecrease: 'drop ≤' };

function pointAt(attack: { readonly gate_eps: number | null; readonly points: readonly CurvePoint[] }, eps: number | undefined): CurvePoint | undefined {
  const want = eps ?? attack.gate_eps;
  return attack.points.find((p) => p.eps === want);
}

/** The value of `metric` for a model, or for one of its attacks at a point. */
function readMetric(metric: GateMetric, model: ModelReport, point: CurvePoint | undefined): number | null {
  switch (metric) {
    case 'clean_accuracy':
      return model.clean.accuracy;
    case 'data_integrity_violations':
      return model.integrity.violations;
    case 'success_rate':
      return point?.success_rate ?? null;
    case 'robust_accuracy':
      return point?.robust_accuracy ?? null;
    case 'median_perturbation':
      return point?.perturbation.norm.median ?? null;
    case 'mean_perturbation':
      return point?.perturbation.norm.mean ?? null;
    case 'mean_queries':
      return point?.queries.mean ?? null;
    case 'median_queries':
      return point?.queries.median ?? null;
    case 'max_queries':
      return point?.queries.max ?? null;
  }
}

/** The baseline's entry for `model`: same id, else same registry model. */
function baselineModel(baseline: RedteamReport | undefined, model: ModelReport): ModelReport | undefined {
  if (baseline === undefined) return undefined;
  return baseline.models.find((m) => m.id === model.id) ?? (model.registry === null ? undefined : baseline.models.find((m) => m.registry?.model === model.registry?.model));
}

const show = (v: number): string => String(Number(v.toPrecision(4)));

function judge(rule: Rule, threshold: number, value: number | null, base: number | null, hasBaseline: boolean): { status: GateResult['status']; message: string } {
  if (value === null) return { status: 'skipped', message: 'no value to judge (no correctly classified sample, or no success to measure)' };
  if (rule === 'min') return value >= threshold ? { status: 'passed', message: `${show(value)} ≥ ${show(threshold)}` } : { status: 'failed', message: `${show(value)} is below the minimum ${show(threshold)}` };
  if (rule === 'max') return value <= threshold ? { status: 'passed', message: `${show(value)} ≤ ${show(threshold)}` } : { status: 'failed', message: `${show(value)} is above the maximum ${show(threshold)}` };
  if (base === null) return { status: 'skipped', message: hasBaseline ? 'the baseline has no value for this model, attack and ε' : 'no baseline report (--baseline FILE, or a report registered for the LKG)' };
  const change = rule === 'maxIncrease' ? value - base : base - value;
  const verb = rule === 'maxIncrease' ? 'rose' : 'dropped';
  const ok = change <= threshold + 1e-12;
  return { status: ok ? 'passed' : 'failed', message: `${show(value)} against the baseline's ${show(base)}: ${ok ? `within ${show(threshold)}` : `${verb} by ${show(change)}, more than ${show(threshold)}`}` };
}

/**
 * Evaluates every gate of the suite over `models`, against `baseline` when given.
 *
 * @example
 * const results = evaluateGates(suite.gates, report.models, baseline);
 * results.some((g) => g.status === 'failed'); // the release is blocked
 */
export function evaluateGates(gates: readonly GateSpec[], models: readonly ModelReport[], baseline: RedteamReport | undefined): GateResult[] {
  const out: GateResult[] = [];
  gates.forEach((gate, i) => {
    const rules = RULES.filter((r) => gate[r] !== undefined);
    for (const model of models) {
      if (gate.model !== undefined && gate.model !== model.id) continue;
      const base = baselineModel(baseline, model);
      const perModel = MODEL_METRICS.includes(gate.metric);
      const attacks: (AttackReport | undefined)[] = perModel ? [undefined] : model.attacks.filter((a) => gate.attack === undefined || a.id === gate.attack);
      for (const attack of attacks) {
        const point = attack === undefined ? undefined : pointAt(attack, gate.eps);
        const basePoint = attack === undefined || base === undefined ? undefined : ((): CurvePoint | undefined => {
          const a = base.attacks.find((b) => b.id === attack.id);
          return a === undefined ? undefined : pointAt(a, gate.eps ?? attack.gate_eps ?? undefined);
        })();
        const value = readMetric(gate.metric, model, point);
        const baseValue = base === undefined ? null : perModel ? readMetric(gate.metric, base, undefined) : basePoint === undefined ? null : readMetric(gate.metric, base, basePoint);
        for (const rule of rules) {
          const threshold = gate[rule] as number;
          const verdict = judge(rule, threshold, value, baseValue, baseline !== undefined);
          const where = `${model.id}${attack === undefined ? '' : `/${attack.id}`}${point?.eps === undefined || point.eps === null ? '' : ` at ε=${point.eps}`}`;
          out.push({
            id: gate.id ?? `gate${i + 1}`,
            model: model.id,
            attack: attack?.id ?? null,
            eps: point?.eps ?? null,
            metric: gate.metric,
            rule,
            threshold,
            value,
            baseline: rule === 'maxIncrease' || rule === 'maxDecrease' ? baseValue : null,
            status: verdict.status,
            message: `${where}: ${gate.metric} ${SYMBOL[rule]} ${show(threshold)}: ${verdict.message}`,
          });
        }
      }
    }
  });
  return out;
}

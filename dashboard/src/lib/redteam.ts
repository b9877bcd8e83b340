/**
 * @module dashboard/lib/redteam
 * Red-team reports (registry documents of kind `redteam-report`, GET
 * /api/v1/redteam/reports/{digest}) read for the executive and debug views: the adversarial
 * success rate of a run, and per attack its success rate by class. The report format is
 * the red-team suite's, read leniently: a rate is `adversarialSuccessRate`,
 * `success_rate_eligible`, `success_rate` (or camelCase), `asr` or `rate` at the top, under `summary` or
 * `metrics`; attacks are the entries of `attacks` (or `results`), each named by `attack`,
 * `id` or `name`, with classes in `perClass` / `per_class` (a map or a list of
 * `{label, rate}`) or computed from per-sample records (`samples`: `{label, clean_pred,
 * success}`). The run's rate, when the report gives none, is its worst attack's. Pure.
 */

/** A report as the dashboard reads it. */
export interface ParsedReport {
  readonly model: string;
  readonly version: string;
  readonly digest: string;
  readonly attachedAt: number;
  /** Share 0–1; null when the report says nothing readable. */
  readonly successRate: number | null;
  readonly attacks: readonly ParsedAttack[];
}

export interface ParsedAttack {
  readonly id: string;
  readonly successRate: number | null;
  /** Class label → success rate 0–1 (null: no eligible sample). */
  readonly perClass: Readonly<Record<string, number | null>>;
}

type Json = Record<string, unknown>;

const RATE_KEYS = ['adversarialSuccessRate', 'adversarial_success_rate', 'successRateEligible', 'success_rate_eligible', 'successRate', 'success_rate', 'asr', 'rate'];

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function share(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1 ? v : null;
}

/**
 * The success rate an object states, itself or under `summary` / `metrics`.
 *
 * @example
 * rateOf({ summary: { success_rate_eligible: 0.12 } }); // 0.12
 */
export function rateOf(o: unknown): number | null {
  if (!isObject(o)) return share(o);
  for (const k of RATE_KEYS) {
    const r = share(o[k]);
    if (r !== null) return r;
  }
  for (const nested of ['summary', 'metrics']) {
    const r = isObject(o[nested]) ? rateOf(o[nested]) : null;
    if (r !== null) return r;
  }
  return null;
}

function perClassOf(attack: Json): Record<string, number | null> {
  const given = attack['perClass'] ?? attack['per_class'] ?? attack['classes'];
  const out: Record<string, number | null> = {};
  if (isObject(given)) {
    for (const [label, v] of Object.entries(given)) out[label] = rateOf(v);
    return out;
  }
  if (Array.isArray(given)) {
    for (const item of given) {
      if (!isObject(item)) continue;
      const label = item['label'] ?? item['class'] ?? item['name'];
      if (typeof label === 'string' || typeof label === 'number') out[String(label)] = rateOf(item);
    }
    return out;
  }
  const samples = attack['samples'];
  if (!Array.isArray(samples)) return out;
  const counts = new Map<string, { eligible: number; success: number }>();
  for (const s of samples) {
    if (!isObject(s) || (typeof s['label'] !== 'number' && typeof s['label'] !== 'string')) continue;
    const label = String(s['label']);
    const c = counts.get(label) ?? { eligible: 0, success: 0 };
    counts.set(label, c);
    if (s['clean_pred'] !== undefined && s['clean_pred'] !== s['label']) continue;
    c.eligible++;
    if (s['success'] === true) c.success++;
  }
  for (const [label, c] of counts) out[label] = c.eligible === 0 ? null : c.success / c.eligible;
  return out;
}

/**
 * @example
 * parseReport({ model: 'digits', version: 'v3', digest, attachedAt }, { attacks: [{ attack: 'pgd', summary: { success_rate: 0.08 } }] }).successRate; // 0.08
 */
export function parseReport(ref: { readonly model: string; readonly version: string; readonly digest: string; readonly attachedAt: number }, report: unknown): ParsedReport {
  const list = isObject(report) ? (report['attacks'] ?? report['results']) : undefined;
  const attacks: ParsedAttack[] = [];
  if (Array.isArray(list)) {
    for (const [i, item] of list.entries()) {
      if (!isObject(item)) continue;
      const id = item['attack'] ?? item['id'] ?? item['name'];
      attacks.push({ id: typeof id === 'string' ? id : `attack ${i + 1}`, successRate: rateOf(item), perClass: perClassOf(item) });
    }
  }
  const rates = attacks.flatMap((a) => (a.successRate === null ? [] : [a.successRate]));
  return { ...ref, successRate: rateOf(report) ?? (rates.length === 0 ? null : Math.max(...rates)), attacks };
}

/** Aligned series for a time chart: x (seconds since the epoch) and one y series per model. */
export interface RateSeries {
  readonly models: readonly string[];
  readonly x: readonly number[];
  /** y[model index][point index], percent; null where that model has no report at that time. */
  readonly y: readonly (readonly (number | null)[])[];
}

/**
 * @example
 * rateSeries(reports).models; // ['digits', 'fraud']
 */
export function rateSeries(reports: readonly ParsedReport[]): RateSeries {
  const points = reports.filter((r) => r.successRate !== null).sort((a, b) => a.attachedAt - b.attachedAt);
  const models = [...new Set(points.map((p) => p.model))].sort();
  const x = points.map((p) => p.attachedAt / 1000);
  const y = models.map((m) => points.map((p) => (p.model === m ? (p.successRate as number) * 100 : null)));
  return { models, x, y };
}

/** Classes × attacks of one report. */
export interface ClassMatrix {
  readonly classes: readonly string[];
  readonly attacks: readonly ParsedAttack[];
}

/**
 * @example
 * classMatrix(report).classes; // ['0', '1', …, '9']
 */
export function classMatrix(report: ParsedReport): ClassMatrix {
  const classes = new Set<string>();
  for (const a of report.attacks) for (const c of Object.keys(a.perClass)) classes.add(c);
  const sorted = [...classes].sort((a, b) => (Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a.localeCompare(b)));
  return { classes: sorted, attacks: report.attacks.filter((a) => Object.keys(a.perClass).length > 0) };
}

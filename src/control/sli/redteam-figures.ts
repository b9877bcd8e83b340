/**
 * @module control/sli/redteam-figures
 * The red-team SLIs, from the reports the registry holds (documents of kind
 * `redteam-report`, format bulwark.redteam-report/v1, docs/redteam.md): per registered
 * version, its latest report's adversarial success rate per attack (at the attack's gated
 * ε), its data-integrity violations, and its clean accuracy minus the LKG's (both from
 * their latest reports); per report, the adversarial-success SLI events (attacked samples,
 * broken ones) for the burn-rate alerts. A report covers several models: the entry whose
 * `registry` names the version is used (a report with a single model entry and no binding
 * is taken as it is). Reports are read defensively: fields that are missing are skipped.
 * Pure.
 */
import type { RedteamReportRef } from '../ports.js';

/** The registry's view the figures need: each version's status. */
export interface VersionStatusLike {
  readonly model: string;
  readonly version: string;
  readonly status: string;
}

/** A report with its registry reference and parsed JSON. */
export interface LoadedReport {
  readonly ref: RedteamReportRef;
  readonly report: unknown;
}

/** The gauges' values. */
export interface RedteamFigures {
  readonly successRate: readonly { readonly model: string; readonly version: string; readonly attack: string; readonly value: number }[];
  readonly accuracyDelta: readonly { readonly model: string; readonly version: string; readonly value: number }[];
  readonly integrity: readonly { readonly model: string; readonly version: string; readonly value: number }[];
}

/** The SLI events of one report (the `adversarial_success` signal of alerts). */
export interface AdversarialObservation {
  readonly signal: 'adversarial_success';
  readonly model: string;
  readonly total: number;
  readonly bad: number;
  /** When the report was attached (ms). */
  readonly at: number;
}

type Json = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The model entry of `report` for (model, version). */
export function entryFor(report: unknown, model: string, version: string): Json | undefined {
  if (!isObject(report) || !Array.isArray(report['models'])) return undefined;
  const entries = report['models'].filter(isObject);
  const bound = entries.find((e) => isObject(e['registry']) && e['registry']['model'] === model && e['registry']['version'] === version);
  if (bound !== undefined) return bound;
  return entries.length === 1 && !isObject((entries[0] as Json)['registry']) ? entries[0] : undefined;
}

/** Each attack's gated point: { id, eligible, successes, success_rate }. */
function gatedPoints(entry: Json): { id: string; eligible: number; successes: number; rate: number | undefined }[] {
  const attacks = Array.isArray(entry['attacks']) ? entry['attacks'].filter(isObject) : [];
  return attacks.flatMap((a) => {
    const points = Array.isArray(a['points']) ? a['points'].filter(isObject) : [];
    const gate = a['gate_eps'] ?? null;
    const p = points.find((x) => (x['eps'] ?? null) === gate) ?? points.at(-1);
    if (typeof a['id'] !== 'string' || p === undefined) return [];
    return [{ id: a['id'], eligible: num(p['eligible']) ?? 0, successes: num(p['successes']) ?? 0, rate: num(p['success_rate']) }];
  });
}

const key = (model: string, version: string): string => `${model}\u0000${version}`;

/** The newest report per (model, version). */
export function latestPerVersion(reports: readonly LoadedReport[]): Map<string, LoadedReport> {
  const latest = new Map<string, LoadedReport>();
  for (const r of reports) {
    const k = key(r.ref.model, r.ref.version);
    const seen = latest.get(k);
    if (seen === undefined || r.ref.attachedAt > seen.ref.attachedAt) latest.set(k, r);
  }
  return latest;
}

/**
 * The gauges' values from every report and the versions' statuses.
 *
 * @example
 * const figures = redteamFigures(reports, versions);
 * figures.successRate; // [{ model: 'digits', version: 'v2', attack: 'digits-square', value: 0.52 }]
 */
export function redteamFigures(reports: readonly LoadedReport[], versions: readonly VersionStatusLike[]): RedteamFigures {
  const latest = latestPerVersion(reports);
  const successRate: RedteamFigures['successRate'][number][] = [];
  const integrity: RedteamFigures['integrity'][number][] = [];
  const accuracy = new Map<string, number>();
  for (const r of latest.values()) {
    const { model, version } = r.ref;
    const entry = entryFor(r.report, model, version);
    if (entry === undefined) continue;
    for (const p of gatedPoints(entry)) if (p.rate !== undefined) successRate.push({ model, version, attack: p.id, value: p.rate });
    const violations = isObject(entry['integrity']) ? num(entry['integrity']['violations']) : undefined;
    if (violations !== undefined) integrity.push({ model, version, value: violations });
    const clean = isObject(entry['clean']) ? num(entry['clean']['accuracy']) : undefined;
    if (clean !== undefined) accuracy.set(key(model, version), clean);
  }
  const lkg = new Map(versions.filter((v) => v.status === 'lkg').map((v) => [v.model, v.version]));
  const accuracyDelta: RedteamFigures['accuracyDelta'][number][] = [];
  for (const r of latest.values()) {
    const { model, version } = r.ref;
    const mine = accuracy.get(key(model, version));
    const lkgVersion = lkg.get(model);
    const theirs = lkgVersion === undefined ? undefined : accuracy.get(key(model, lkgVersion));
    if (mine !== undefined && theirs !== undefined) accuracyDelta.push({ model, version, value: Number((mine - theirs).toPrecision(7)) });
  }
  return { successRate, accuracyDelta, integrity };
}

/**
 * The adversarial-success SLI events of one report: the correctly classified samples its
 * attacks had to change (summed over its attacks, at their gated ε) and those broken.
 * Undefined when the report has no usable entry for its version.
 *
 * @example
 * adversarialObservation({ ref, report }); // { signal: 'adversarial_success', model: 'digits', total: 588, bad: 301, at: 1700000000000 }
 */
export function adversarialObservation(r: LoadedReport): AdversarialObservation | undefined {
  const entry = entryFor(r.report, r.ref.model, r.ref.version);
  if (entry === undefined) return undefined;
  const points = gatedPoints(entry);
  const total = points.reduce((a, p) => a + p.eligible, 0);
  if (total === 0) return undefined;
  return { signal: 'adversarial_success', model: r.ref.model, total, bad: points.reduce((a, p) => a + p.successes, 0), at: r.ref.attachedAt };
}

/**
 * @module alerts/runbooks
 * Which runbook an alert links to: a pure map from what fired (the rule's condition, its
 * id, the anomaly kind, the incident stage, the freeze reason) to one page of
 * `docs/runbooks/`. Rule ids are the user's, so the condition text is read first
 * (`prada(api_key)` is model extraction whatever the rule is called).
 */
import type { RunbookLink } from './types.js';

/** Every runbook page, by id (file `docs/runbooks/<id>.md`). */
export const RUNBOOKS = Object.freeze({
  'entropy-collapse': 'Entropy collapse',
  'shadow-divergence': 'Shadow divergence',
  'prompt-injection-surge': 'Prompt-injection surge',
  'pii-leakage': 'PII or secret leakage',
  drift: 'Drift (PSI / KS / out-of-distribution)',
  'error-latency': 'Errors and latency',
  'model-extraction': 'Model extraction',
  'loop-guard-freeze': 'Loop-guard freeze',
  'lkg-unhealthy-canary': 'Canary step failed (LKG unhealthy, roll-forward aborted)',
  'untrusted-window': 'Untrusted-window follow-up',
  'evaluation-errors': 'Rule cannot be evaluated',
  'slo-burn': 'SLO burn rate',
  'alert-flood': 'Alert flood (rate cap reached)',
  triage: 'Unclassified alert: triage',
} as const);

export type RunbookId = keyof typeof RUNBOOKS;

/** What the lookup reads from a candidate or notification. */
export interface RunbookSubject {
  readonly source: string;
  readonly kind: string;
  readonly rule: string;
  /** The rule's condition text, or the freeze reason of a frozen incident. */
  readonly condition?: string;
}

/** Condition / rule-id patterns, most specific first. */
const PATTERNS: readonly (readonly [RegExp, RunbookId])[] = [
  [/prada|unique_rate|coverage\(|boundary\(|volume\(|extract/, 'model-extraction'],
  [/prompt_injection|injection/, 'prompt-injection-surge'],
  [/pii|secret|leak/, 'pii-leakage'],
  [/entropy/, 'entropy-collapse'],
  [/shadow/, 'shadow-divergence'],
  [/psi\(|ks\(|drift|ood/, 'drift'],
  [/error|latency|5xx|timeout/, 'error-latency'],
];

/**
 * The runbook of an alert.
 *
 * @example
 * runbookFor({ source: 'anomaly', kind: 'rule', rule: 'collapse', condition: 'entropy(input_fingerprint) < baseline.p01' }); // 'entropy-collapse'
 * runbookFor({ source: 'incident', kind: 'frozen', rule: 'r', condition: 'loop_guard' }); // 'loop-guard-freeze'
 */
export function runbookFor(subject: RunbookSubject): RunbookId {
  if (subject.source === 'slo') return 'slo-burn';
  if (subject.source === 'policy') return 'alert-flood';
  if (subject.source === 'incident') {
    if (subject.kind === 'frozen') return subject.condition === 'lkg_unhealthy' ? 'lkg-unhealthy-canary' : 'loop-guard-freeze';
    if (subject.kind === 'aborted') return 'lkg-unhealthy-canary';
    if (subject.kind === 'resolved') return 'untrusted-window';
  }
  if (subject.kind === 'extraction_suspected') return 'model-extraction';
  if (subject.kind === 'evaluation_errors') return 'evaluation-errors';
  return byText(subject.condition) ?? byText(subject.rule) ?? 'triage';
}

/**
 * Runbooks that also apply: after an automated rollback, the untrusted-window follow-up.
 *
 * @example
 * relatedRunbooks({ source: 'anomaly', kind: 'rule', rule: 'r' }, 'rollback'); // ['untrusted-window']
 */
export function relatedRunbooks(subject: RunbookSubject, action: string | undefined): RunbookId[] {
  const primary = runbookFor(subject);
  return action === 'rollback' && primary !== 'untrusted-window' ? ['untrusted-window'] : [];
}

/**
 * The link for a runbook: under `baseUrl` when given, else the repository path.
 *
 * @example
 * runbookLink('drift'); // { id: 'drift', title: 'Drift (PSI / KS / out-of-distribution)', url: 'docs/runbooks/drift.md' }
 * runbookLink('drift', 'https://runbooks.example/bulwark/').url; // 'https://runbooks.example/bulwark/drift.md'
 */
export function runbookLink(id: RunbookId, baseUrl?: string): RunbookLink {
  const url = baseUrl === undefined ? `docs/runbooks/${id}.md` : `${baseUrl.replace(/\/+$/, '')}/${id}.md`;
  return { id, title: RUNBOOKS[id], url };
}

function byText(text: string | undefined): RunbookId | undefined {
  if (text === undefined) return undefined;
  const lower = text.toLowerCase();
  return PATTERNS.find(([pattern]) => pattern.test(lower))?.[1];
}

/**
 * @module alerts/runbooks
 * Which runbook an alert links to: a pure map from what fired (the rule's condition, its
 * id, the anomaly kind, the incident stage, the freeze reason) to one page of
 * `docs/runbooks/`. Rule ids are the user's, so the condition text is read first
 * (`prada(api_key)` is model extraction whatever the rule is called). Alerts, incidents
 * (`incidentRunbooks`) and the control plane's answers all take their pages from here.
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

/** What the incident lookup reads: the anomaly that opened it and what the breaker did. */
export interface IncidentRunbookSubject {
  readonly rule: string;
  /** The rule's condition text. */
  readonly condition?: string;
  /** The anomaly kind (`rule`, `extraction_suspected`, `evaluation_errors`). */
  readonly kind?: string;
  /** Why the breaker froze on this incident (`loop_guard`, `lkg_anomalous`, `lkg_unhealthy`). */
  readonly frozenReason?: string;
  /** Traffic was moved off the suspect version. */
  readonly rolledBack?: boolean;
}

/**
 * The runbooks of an incident, most relevant first: the page of what fired (as
 * {@link runbookFor} reads an anomaly), the freeze page when the breaker froze on it, and
 * the untrusted-window follow-up after a rollback.
 *
 * @example
 * incidentRunbooks({ rule: 'shadow-divergence', condition: 'rate(shadow_disagree) > 0.05', frozenReason: 'lkg_anomalous', rolledBack: true });
 * // ['shadow-divergence', 'loop-guard-freeze', 'untrusted-window']
 */
export function incidentRunbooks(subject: IncidentRunbookSubject): RunbookId[] {
  const { rule, condition, kind, frozenReason } = subject;
  const ids: RunbookId[] = [runbookFor({ source: 'anomaly', kind: kind ?? 'rule', rule, ...(condition === undefined ? {} : { condition }) })];
  if (frozenReason !== undefined) ids.push(runbookFor({ source: 'incident', kind: 'frozen', rule, condition: frozenReason }));
  if (subject.rolledBack === true) ids.push('untrusted-window');
  return [...new Set(ids)];
}

/** Where the runbooks are in the repository. */
export const RUNBOOK_DIR = 'docs/runbooks';

/**
 * The repository path of a runbook page.
 *
 * @example
 * runbookPath('drift'); // 'docs/runbooks/drift.md'
 */
export function runbookPath(id: RunbookId): string {
  return `${RUNBOOK_DIR}/${id}.md`;
}

/**
 * The link for a runbook: under `baseUrl` when given, else the repository path.
 *
 * @example
 * runbookLink('drift'); // { id: 'drift', title: 'Drift (PSI / KS / out-of-distribution)', url: 'docs/runbooks/drift.md' }
 * runbookLink('drift', 'https://runbooks.example/bulwark/').url; // 'https://runbooks.example/bulwark/drift.md'
 */
export function runbookLink(id: RunbookId, baseUrl?: string): RunbookLink {
  const url = baseUrl === undefined ? runbookPath(id) : `${baseUrl.replace(/\/+$/, '')}/${id}.md`;
  return { id, title: RUNBOOKS[id], url };
}

function byText(text: string | undefined): RunbookId | undefined {
  if (text === undefined) return undefined;
  const lower = text.toLowerCase();
  return PATTERNS.find(([pattern]) => pattern.test(lower))?.[1];
}

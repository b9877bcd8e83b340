/**
 * @module alerts/classify
 * Page or ticket (or log only): the routing rule of docs/alerting.md, as one pure
 * function. Page for high-confidence, high-impact events: a `page`-severity rule that is
 * not on trial, or any event where bulwark acted on its own (rollback, freeze, contain).
 * Ticket for the rest, except soft signals, which are logged only (`info`).
 */
import type { AlertCandidate, AlertClass, AutomatedAction } from './types.js';

/** Automated actions that make an alert a page. */
export const PAGING_ACTIONS: readonly AutomatedAction[] = Object.freeze(['rollback', 'freeze', 'contain']);

/** Loudness order: a louder class is an escalation. */
export const CLASS_RANK: Readonly<Record<AlertClass, number>> = Object.freeze({ info: 0, ticket: 1, page: 2 });

/**
 * The class of a candidate.
 *
 * - dry run (a rule on trial): never acts, never pages: `soft` → info, else ticket;
 * - an automated action in {@link PAGING_ACTIONS}: page;
 * - `evaluation_errors` ("could not measure"): ticket at most, it is not a measured attack;
 * - severity `page` → page, `ticket` → ticket, `soft` → info.
 *
 * @example
 * classify({ ...candidate, severity: 'ticket', action: 'contain' }); // 'page'
 * classify({ ...candidate, severity: 'page', dryRun: true });        // 'ticket'
 */
export function classify(candidate: AlertCandidate): AlertClass {
  const floor: AlertClass = candidate.severity === 'soft' ? 'info' : 'ticket';
  if (candidate.dryRun === true) return floor;
  if (candidate.action !== undefined && PAGING_ACTIONS.includes(candidate.action)) return 'page';
  if (candidate.source === 'anomaly' && candidate.kind === 'evaluation_errors') return floor;
  return candidate.severity === 'page' ? 'page' : floor;
}

/** The louder of two classes. */
export function louder(a: AlertClass, b: AlertClass): AlertClass {
  return CLASS_RANK[a] >= CLASS_RANK[b] ? a : b;
}

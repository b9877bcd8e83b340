/**
 * @module alerts/notification
 * Builds the notifications the policy emits: one alert (trigger or resolve), a group (the
 * alerts collected during a group window), a rate-cap summary. Pure; runbook links are
 * resolved here so every sink shows the same one.
 */
import { relatedRunbooks, runbookFor, runbookLink } from './runbooks.js';
import type { RunbookSubject } from './runbooks.js';
import { deliveryKey, keySet } from './fingerprint.js';
import type { AlertCandidate, AlertClass, AlertNotification, GroupMember, HeldBack, RunbookLink } from './types.js';

/** How an alert came to be sent. */
export interface AlertFacts {
  readonly dedupeKey: string;
  readonly stage: string;
  readonly alertClass: AlertClass;
  readonly repeatsBefore: number;
  readonly now: number;
}

/**
 * The notification of one candidate.
 *
 * @example
 * alertNotification(candidate, { dedupeKey, stage: 'trigger', alertClass: 'page', repeatsBefore: 0, now }, undefined);
 */
export function alertNotification(candidate: AlertCandidate, facts: AlertFacts, runbookBaseUrl: string | undefined): AlertNotification {
  const subject = runbookSubject(candidate);
  return {
    type: 'alert',
    action: candidate.resolve === true ? 'resolve' : 'trigger',
    key: deliveryKey(facts.dedupeKey, facts.stage),
    dedupeKey: facts.dedupeKey,
    severity: facts.alertClass,
    summary: candidate.summary,
    source: candidate.source,
    kind: candidate.kind,
    model: candidate.model,
    rule: candidate.rule,
    ...(candidate.version === undefined ? {} : { version: candidate.version }),
    apiKeys: keySet(candidate.apiKeys),
    ...(candidate.incidentId === undefined ? {} : { incidentId: candidate.incidentId }),
    ...(candidate.action === undefined ? {} : { automatedAction: candidate.action }),
    count: 1,
    repeatsBefore: facts.repeatsBefore,
    firstSeenAt: candidate.at,
    at: facts.now,
    runbook: runbookLink(runbookFor(subject), runbookBaseUrl),
    related: relatedRunbooks(subject, candidate.action).map((id) => runbookLink(id, runbookBaseUrl)),
    details: { ...(candidate.details ?? {}), eventId: candidate.id, ...(candidate.dryRun === true ? { dryRun: true } : {}) },
  };
}

/** An open group, as the policy state keeps it. */
export interface GroupShape {
  readonly alertClass: AlertClass;
  readonly model: string;
  readonly rule: string;
  readonly apiKey?: string;
  readonly openedAt: number;
  readonly leaderKey: string;
  readonly runbook: RunbookLink;
  readonly members: readonly GroupMember[];
  readonly moreMembers: number;
}

/**
 * The notification listing a group's members.
 *
 * @example
 * groupNotification('3f1c…', group, now).summary; // '4 more page alerts for fraud / entropy-collapse / key shop since …'
 */
export function groupNotification(groupKey: string, group: GroupShape, now: number): AlertNotification {
  const total = group.members.length + group.moreMembers;
  const dedupeKey = `group/${groupKey}/${group.openedAt}`;
  const scope = `${group.model} / ${group.rule}${group.apiKey === undefined ? '' : ` / key ${group.apiKey}`}`;
  return {
    type: 'group',
    action: 'trigger',
    key: deliveryKey(dedupeKey, 'group'),
    dedupeKey,
    severity: group.alertClass,
    summary: `${total} more ${group.alertClass} alert${total === 1 ? '' : 's'} for ${scope} since ${new Date(group.openedAt).toISOString()} (first: ${group.leaderKey})`,
    source: 'policy',
    kind: 'group',
    model: group.model,
    rule: group.rule,
    apiKeys: group.apiKey === undefined ? [] : [group.apiKey],
    count: total,
    repeatsBefore: 0,
    firstSeenAt: group.openedAt,
    at: now,
    runbook: group.runbook,
    related: [],
    members: group.members,
    moreMembers: group.moreMembers,
    details: { leader: group.leaderKey },
  };
}

/**
 * The summary a rate-capped sink receives for what it did not get during a cap window.
 *
 * @example
 * summaryNotification('slack-1a2b3c4d', held, now, undefined).severity; // the loudest held class
 */
export function summaryNotification(sink: string, held: HeldBack, now: number, runbookBaseUrl: string | undefined): AlertNotification {
  const severity: AlertClass = (held.bySeverity.page ?? 0) > 0 ? 'page' : (held.bySeverity.ticket ?? 0) > 0 ? 'ticket' : 'info';
  const dedupeKey = `summary/${sink}/${held.windowStart}`;
  const counts = (['page', 'ticket', 'info'] as const).flatMap((c) => ((held.bySeverity[c] ?? 0) > 0 ? [`${c}: ${held.bySeverity[c]}`] : [])).join(', ');
  return {
    type: 'summary',
    action: 'trigger',
    key: deliveryKey(dedupeKey, 'summary'),
    dedupeKey,
    severity,
    summary: `rate cap reached: ${held.count} alert${held.count === 1 ? '' : 's'} held back between ${new Date(held.windowStart).toISOString()} and ${new Date(held.windowEnd).toISOString()} (${counts})`,
    source: 'policy',
    kind: 'rate_cap',
    model: '*',
    rule: '*',
    apiKeys: [],
    count: held.count,
    repeatsBefore: 0,
    firstSeenAt: held.windowStart,
    at: now,
    runbook: runbookLink('alert-flood', runbookBaseUrl),
    related: [],
    heldBack: held,
    details: { sink },
  };
}

/** What the runbook lookup reads from a candidate. */
export function runbookSubject(candidate: AlertCandidate): RunbookSubject {
  return { source: candidate.source, kind: candidate.kind, rule: candidate.rule, ...(candidate.condition === undefined ? {} : { condition: candidate.condition }) };
}

/**
 * @module alerts/policy
 * The alert policy as pure functions of `(settings, state, candidate, now)`: classify
 * (page / ticket / info), suppress, dedupe by fingerprint, group, route to sinks, apply
 * per-sink rate caps. `decide` handles one candidate; `tick` closes group windows and cap
 * windows as time passes; `flushAll` empties both (graceful shutdown). State is plain
 * JSON and never mutated: each call returns the next state and the notifications to
 * enqueue. No I/O, no clock: `now` is a parameter.
 */
import { CLASS_RANK, classify } from './classify.js';
import { dedupeKeyFor, fingerprint, groupKeyOf, primaryKey, stageOf } from './fingerprint.js';
import { alertNotification, groupNotification } from './notification.js';
import type { GroupShape } from './notification.js';
import { admit, flushWindow } from './rate-cap.js';
import type { CapWindow } from './rate-cap.js';
import { ALERT_DEFAULTS } from './defaults.js';
import type { AlertPolicySettings, SinkRoute } from './settings.js';
import { suppressedBy } from './suppression.js';
import type { AlertCandidate, AlertClass, AlertNotification, CandidateDecision, GroupMember, RoutedNotification } from './types.js';

/** One alert (a fingerprint) within its dedupe window. */
export interface AlertRecord {
  readonly dedupeKey: string;
  /** What the alert stands for (`trigger`, an incident stage, `resolve`): with the dedupe key, links an incident's events. */
  readonly stage: string;
  readonly alertClass: AlertClass;
  readonly firstAt: number;
  readonly lastAt: number;
  /** Occurrences folded into this alert. */
  readonly count: number;
  readonly expiresAt: number;
  /** Suppressed alerts are counted here too (and their resolves are not sent). */
  readonly suppressed: boolean;
  /** The record of a resolve (kept so a repeated resolve is deduplicated). */
  readonly resolve: boolean;
}

/** An open group; members carry their fingerprint so their counts are read at flush. */
export interface GroupRecord extends Omit<GroupShape, 'members'> {
  readonly closesAt: number;
  readonly members: readonly (GroupMember & { readonly fingerprint: string })[];
}

/** The policy's whole state (JSON). */
export interface PolicyState {
  readonly alerts: Readonly<Record<string, AlertRecord>>;
  readonly groups: Readonly<Record<string, GroupRecord>>;
  readonly caps: Readonly<Record<string, CapWindow>>;
}

/** What one policy step produced. */
export interface PolicyResult {
  readonly state: PolicyState;
  /** To enqueue, in order. */
  readonly notifications: readonly RoutedNotification[];
  /** Sinks whose rate cap held a notification back in this step. */
  readonly capped: readonly string[];
}

/** What `decide` produced for one candidate. */
export interface Decision extends PolicyResult {
  readonly decision: CandidateDecision;
  readonly alertClass: AlertClass;
}

/** The empty state. */
export function initialPolicyState(): PolicyState {
  return { alerts: {}, groups: {}, caps: {} };
}

/**
 * Decides what one candidate becomes.
 *
 * @example
 * let state = initialPolicyState();
 * const result = decide(settings, state, candidate, clock.now());
 * state = result.state; await outbox.enqueue(result.notifications.map(toEntry));
 */
export function decide(settings: AlertPolicySettings, state: PolicyState, candidate: AlertCandidate, now: number): Decision {
  const alertClass = classify(candidate);
  const fp = fingerprint(candidate);
  const previous = state.alerts[fp];
  const live = previous !== undefined && now < previous.expiresAt ? previous : undefined;
  if (candidate.resolve === true) return resolve(settings, state, candidate, fp, live, now, alertClass);
  const quiet = (decision: CandidateDecision, next: PolicyState): Decision => ({ state: next, notifications: [], capped: [], decision, alertClass });
  if (suppressedBy(settings.suppress, candidate, now) !== undefined) {
    const record = live?.suppressed === true ? bump(live, now) : newRecord(dedupeKeyFor(candidate, fp), stageOf(candidate), alertClass, now, settings, { suppressed: true });
    return quiet('suppressed', withAlert(state, fp, record));
  }
  if (live !== undefined && !live.suppressed && CLASS_RANK[alertClass] <= CLASS_RANK[live.alertClass]) return quiet('deduplicated', withAlert(state, fp, bump(live, now)));
  const dedupeKey = dedupeKeyFor(candidate, fp);
  const stage = stageOf(candidate);
  const linked = candidate.incidentId === undefined ? undefined : findLinked(state, dedupeKey, stage, now);
  if (linked !== undefined && CLASS_RANK[alertClass] <= CLASS_RANK[linked[1].alertClass]) return quiet('deduplicated', withAlert(state, linked[0], bump(linked[1], now)));
  let next = withAlert(state, fp, newRecord(dedupeKey, stage, alertClass, now, settings));
  const sinks = routesFor(settings, alertClass);
  if (sinks.length === 0) return quiet('unrouted', next);
  const repeatsBefore = previous !== undefined && !previous.suppressed ? previous.count - 1 : 0;
  const notification = alertNotification(candidate, { dedupeKey, stage, alertClass, repeatsBefore, now }, settings.runbookBaseUrl);
  const before: RoutedNotification[] = [];
  const capped: string[] = [];
  if (settings.groupWindowMs > 0) {
    const key = groupKeyOf(alertClass, candidate);
    const group = next.groups[key];
    if (group !== undefined && now < group.closesAt) return quiet('grouped', withGroup(next, key, addMember(group, fp, notification)));
    if (group !== undefined) {
      const flushed = flushGroup(settings, next, key, group, now);
      next = flushed.state;
      before.push(...flushed.notifications);
      capped.push(...flushed.capped);
    }
    next = withGroup(next, key, openGroup(settings, candidate, alertClass, notification, now));
  }
  const sent = route(settings, next, sinks, notification, now);
  return { state: sent.state, notifications: [...before, ...sent.notifications], capped: [...capped, ...sent.capped], decision: 'notified', alertClass };
}

/**
 * Moves time forward: sends the groups whose window closed (when they collected members)
 * and the summaries of cap windows that ended, and forgets alerts two dedupe windows old.
 *
 * @example
 * const { state: next, notifications } = tick(settings, state, clock.now());
 */
export function tick(settings: AlertPolicySettings, state: PolicyState, now: number): PolicyResult {
  return sweep(settings, state, now, false);
}

/**
 * Sends every open group and held-back summary now, whatever their windows (shutdown: an
 * open group lives in memory only).
 */
export function flushAll(settings: AlertPolicySettings, state: PolicyState, now: number): PolicyResult {
  return sweep(settings, state, now, true);
}

function sweep(settings: AlertPolicySettings, state: PolicyState, now: number, force: boolean): PolicyResult {
  let next = state;
  const notifications: RoutedNotification[] = [];
  const capped: string[] = [];
  for (const [key, group] of Object.entries(state.groups)) {
    if (!force && now < group.closesAt) continue;
    const flushed = flushGroup(settings, next, key, group, now);
    next = flushed.state;
    notifications.push(...flushed.notifications);
    capped.push(...flushed.capped);
  }
  const caps: Record<string, CapWindow> = {};
  for (const [sink, window] of Object.entries(next.caps)) {
    const flushed = settings.rateCap === null ? { emit: [], done: true } : flushWindow(settings.rateCap, window, sink, now, settings.runbookBaseUrl, force);
    notifications.push(...flushed.emit);
    if (!flushed.done) caps[sink] = window;
  }
  const alerts: Record<string, AlertRecord> = {};
  for (const [fp, record] of Object.entries(next.alerts)) if (now < record.expiresAt + settings.dedupeWindowMs) alerts[fp] = record;
  return { state: { alerts, groups: next.groups, caps }, notifications, capped };
}

function resolve(settings: AlertPolicySettings, state: PolicyState, candidate: AlertCandidate, fp: string, live: AlertRecord | undefined, now: number, fallback: AlertClass): Decision {
  const dedupeKey = dedupeKeyFor(candidate, fp);
  const known = Object.values(state.alerts).find((record) => record.dedupeKey === dedupeKey && !record.resolve);
  const alertClass = known?.alertClass ?? (candidate.incidentId !== undefined ? 'page' : fallback);
  const quiet = (decision: CandidateDecision, next: PolicyState): Decision => ({ state: next, notifications: [], capped: [], decision, alertClass });
  if (known?.suppressed === true) return quiet('suppressed', state);
  if (live !== undefined) return quiet('deduplicated', withAlert(state, fp, bump(live, now)));
  const next = withAlert(state, fp, newRecord(dedupeKey, stageOf(candidate), alertClass, now, settings, { resolve: true }));
  const sinks = routesFor(settings, alertClass);
  if (sinks.length === 0) return quiet('unrouted', next);
  const notification = alertNotification(candidate, { dedupeKey, stage: stageOf(candidate), alertClass, repeatsBefore: 0, now }, settings.runbookBaseUrl);
  const sent = route(settings, next, sinks, notification, now);
  return { ...sent, decision: 'resolved', alertClass };
}

function routesFor(settings: AlertPolicySettings, alertClass: AlertClass): SinkRoute[] {
  return settings.sinks.filter((sink) => sink.accepts.includes(alertClass));
}

function route(settings: AlertPolicySettings, state: PolicyState, sinks: readonly SinkRoute[], notification: AlertNotification, now: number): PolicyResult {
  const caps: Record<string, CapWindow> = { ...state.caps };
  const notifications: RoutedNotification[] = [];
  const capped: string[] = [];
  for (const sink of sinks) {
    const admission = admit(settings.rateCap, caps[sink.id], sink.id, notification, now, settings.runbookBaseUrl);
    caps[sink.id] = admission.window;
    notifications.push(...admission.emit);
    if (admission.capped) capped.push(sink.id);
  }
  return { state: { ...state, caps }, notifications, capped };
}

function flushGroup(settings: AlertPolicySettings, state: PolicyState, key: string, group: GroupRecord, now: number): PolicyResult {
  const groups = { ...state.groups };
  delete groups[key];
  const next = { ...state, groups };
  if (group.members.length === 0) return { state: next, notifications: [], capped: [] };
  const members: GroupMember[] = group.members.map(({ fingerprint: fp, ...member }) => ({ ...member, count: state.alerts[fp]?.count ?? member.count }));
  const notification = groupNotification(key, { ...group, members }, now);
  return route(settings, next, routesFor(settings, group.alertClass), notification, now);
}

function openGroup(settings: AlertPolicySettings, candidate: AlertCandidate, alertClass: AlertClass, leader: AlertNotification, now: number): GroupRecord {
  const apiKey = primaryKey(candidate);
  return {
    alertClass,
    model: candidate.model,
    rule: candidate.rule,
    ...(apiKey === undefined ? {} : { apiKey }),
    openedAt: now,
    closesAt: now + settings.groupWindowMs,
    leaderKey: leader.dedupeKey,
    runbook: leader.runbook,
    members: [],
    moreMembers: 0,
  };
}

function addMember(group: GroupRecord, fp: string, notification: AlertNotification): GroupRecord {
  if (group.members.length >= ALERT_DEFAULTS.groupMembersListed) return { ...group, moreMembers: group.moreMembers + 1 };
  const member = {
    fingerprint: fp,
    dedupeKey: notification.dedupeKey,
    summary: notification.summary,
    severity: notification.severity,
    ...(notification.version === undefined ? {} : { version: notification.version }),
    at: notification.at,
    count: 1,
  };
  return { ...group, members: [...group.members, member] };
}

/** A live, notified record of another event about the same incident stage (the anomaly that opened it). */
function findLinked(state: PolicyState, dedupeKey: string, stage: string, now: number): [string, AlertRecord] | undefined {
  return Object.entries(state.alerts).find(([, r]) => r.dedupeKey === dedupeKey && r.stage === stage && !r.suppressed && !r.resolve && now < r.expiresAt);
}

function newRecord(dedupeKey: string, stage: string, alertClass: AlertClass, now: number, settings: AlertPolicySettings, flags: { readonly suppressed?: boolean; readonly resolve?: boolean } = {}): AlertRecord {
  return { dedupeKey, stage, alertClass, firstAt: now, lastAt: now, count: 1, expiresAt: now + settings.dedupeWindowMs, suppressed: flags.suppressed ?? false, resolve: flags.resolve ?? false };
}

function bump(record: AlertRecord, now: number): AlertRecord {
  return { ...record, count: record.count + 1, lastAt: now };
}

function withAlert(state: PolicyState, fp: string, record: AlertRecord): PolicyState {
  return { ...state, alerts: { ...state.alerts, [fp]: record } };
}

function withGroup(state: PolicyState, key: string, group: GroupRecord): PolicyState {
  return { ...state, groups: { ...state.groups, [key]: group } };
}

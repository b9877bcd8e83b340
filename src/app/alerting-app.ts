/**
 * @module app/alerting-app
 * Wires alerting: `alerts:` of bulwark.yaml becomes the policy settings, the SLOs and the
 * sinks (webhook, Slack, PagerDuty over undici; log), the dispatcher runs on the store's
 * durable outbox, and one alert event source feeds it. Also the builders that turn the
 * detection engine's anomalies and the orchestrator's alerts and incidents into
 * candidates. `startAlerting()` is the one call a gateway makes (docs/alerting.md, "Wiring").
 */
import type { Registry } from 'prom-client';
import { LogSink } from '../adapters/alerts/log-sink.js';
import { PagerDutySink } from '../adapters/alerts/pagerduty-sink.js';
import { SlackSink } from '../adapters/alerts/slack-sink.js';
import { WebhookSink } from '../adapters/alerts/webhook-sink.js';
import { sinkId } from '../adapters/alerts/sink-id.js';
import { UndiciPoster } from '../adapters/http/undici-poster.js';
import { ALERT_DEFAULTS, AlertDispatcher, outcomeAction, outcomeText, sinkAccepts } from '../alerts/index.js';
import type { AlertCandidate, AlertEventSource, AlertOutbox, AlertPolicySettings, AlertSinkPort, AutomatedAction, BreakerOutcome, DeliverySettings, HttpPoster, SloSettings, SuppressRule, Timers } from '../alerts/index.js';
import type { BulwarkConfig } from '../config/index.js';
import { CONFIG_DEFAULTS, durationMs } from '../config/index.js';
import type { Anomaly } from '../detect/index.js';
import { incidentIdFor } from '../rollback/index.js';
import type { Incident, RollbackAlert } from '../rollback/index.js';
import type { Clock } from '../shared/clock.js';
import { createMemoryStore } from '../store/index.js';

/** What the alerting wiring needs from the app. */
export interface AlertingDeps {
  /** Anomalies, incident events and SLI counts (an `AlertEventBus` the app publishes into). */
  readonly source: AlertEventSource;
  /** The store's outbox (`store.alerts`); without one alerts queue in memory only (logged). */
  readonly outbox?: AlertOutbox;
  readonly clock: Clock;
  readonly timers: Timers;
  /** [0, 1): retry jitter. Default Math.random. */
  readonly random?: () => number;
  readonly onError: (error: Error) => void;
  /** Startup lines, and the writer of `log` sinks (one JSON line per alert). */
  readonly log: (line: string) => void;
  /** Where the `bulwark_alerts_*` metrics go (the admin /metrics registry). */
  readonly registry?: Registry;
  /** Default: undici with ALERT_DEFAULTS.httpTimeoutMs per attempt. */
  readonly http?: HttpPoster;
  /** Tests only: where PagerDuty events go. */
  readonly pagerDutyUrl?: string;
  readonly delivery?: Partial<DeliverySettings>;
  readonly owner?: string;
}

/** Running alerting. */
export interface RunningAlerting {
  readonly dispatcher: AlertDispatcher;
  /** Unsubscribes from the source, then shuts the dispatcher down (idempotent). */
  shutdown(): Promise<void>;
}

/**
 * Starts alerting for `config`: builds the sinks, starts the dispatcher (which first
 * delivers what a previous process left in the outbox) and subscribes it to the source.
 *
 * @example
 * const bus = new AlertEventBus(onError);
 * const alerting = await startAlerting(config, { source: bus, outbox: store.alerts, clock, timers, onError, log, registry: metrics.registry });
 * engine.onAnomaly((a) => bus.publish({ type: 'candidate', candidate: anomalyCandidate(a, config) }));
 * await alerting.shutdown();
 */
export async function startAlerting(config: BulwarkConfig, deps: AlertingDeps): Promise<RunningAlerting> {
  const sinks = alertSinks(config, deps);
  const fallback = deps.outbox === undefined ? createMemoryStore() : undefined;
  if (fallback !== undefined && sinks.length > 0) deps.log('alerting: this store has no alert outbox; alerts are queued in memory and lost on restart');
  const dispatcher = new AlertDispatcher({
    policy: alertPolicySettings(config, sinks),
    slos: sloSettings(config),
    outbox: deps.outbox ?? (fallback as ReturnType<typeof createMemoryStore>).alerts,
    sinks,
    clock: deps.clock,
    timers: deps.timers,
    random: deps.random ?? Math.random,
    onError: deps.onError,
    ...(deps.registry === undefined ? {} : { registry: deps.registry }),
    ...(deps.owner === undefined ? {} : { owner: deps.owner }),
    ...(deps.delivery === undefined ? {} : { delivery: deps.delivery }),
  });
  await dispatcher.start();
  const off = deps.source.subscribe((event) => void dispatcher.handle(event));
  // Said only when there is something to say: a gateway without sinks or SLOs stays quiet.
  if (sinks.length > 0 || (config.alerts.slos?.length ?? 0) > 0) deps.log(`alerting: ${sinks.length === 0 ? 'no sinks' : sinks.map((s) => `${s.id} (${s.accepts.join('/')})`).join(', ')}; ${config.alerts.slos?.length ?? 0} SLO(s)`);
  let stopping: Promise<void> | undefined;
  return {
    dispatcher,
    shutdown() {
      stopping ??= (async () => {
        off();
        await dispatcher.shutdown();
        await fallback?.shutdown();
      })();
      return stopping;
    },
  };
}

/**
 * The sinks of `alerts.sinks`, with stable ids (kind and a hash of the target).
 *
 * @example
 * alertSinks(config, { http, clock, log }).map((s) => s.id); // ['pagerduty-1c2d3e4f', 'slack-9a8b7c6d', 'webhook-3fa9c2d1']
 */
export function alertSinks(config: BulwarkConfig, deps: Pick<AlertingDeps, 'http' | 'clock' | 'log' | 'pagerDutyUrl'>): AlertSinkPort[] {
  const http = deps.http ?? new UndiciPoster({ timeoutMs: ALERT_DEFAULTS.httpTimeoutMs });
  let logs = 0;
  return config.alerts.sinks.map((sink): AlertSinkPort => {
    const accepts = sinkAccepts(sink.kind, sink.for);
    switch (sink.kind) {
      case 'webhook':
        return new WebhookSink({ url: sink.url, ...(sink.secret === undefined ? {} : { secret: sink.secret }), accepts, http, clock: deps.clock });
      case 'slack':
        return new SlackSink({ url: sink.url, accepts, http });
      case 'pagerduty':
        return new PagerDutySink({ routingKey: sink.routingKey, accepts, http, ...(deps.pagerDutyUrl === undefined ? {} : { url: deps.pagerDutyUrl }) });
      case 'log':
        return new LogSink({ id: sinkId('log', String(logs++)), accepts, write: deps.log });
    }
  });
}

/**
 * The policy settings of `alerts:` (durations in ms, suppress windows as clock ms, the
 * defaults of config/defaults.ts for what is absent).
 *
 * @example
 * alertPolicySettings(config, sinks).groupWindowMs; // 60000 by default
 */
export function alertPolicySettings(config: BulwarkConfig, sinks: readonly Pick<AlertSinkPort, 'id' | 'accepts'>[]): AlertPolicySettings {
  const alerts = config.alerts;
  const cap = alerts.rateCap ?? CONFIG_DEFAULTS.alerts.rateCap;
  return {
    dedupeWindowMs: durationMs(alerts.dedupeWindow),
    groupWindowMs: durationMs(alerts.groupWindow ?? CONFIG_DEFAULTS.alerts.groupWindow),
    rateCap: { max: cap.max, windowMs: durationMs(cap.window) },
    suppress: alerts.suppress.map(
      (s): SuppressRule => ({
        ...(s.apiKey === undefined ? {} : { apiKey: s.apiKey }),
        ...(s.model === undefined ? {} : { model: s.model }),
        ...(s.rules === undefined ? {} : { rules: s.rules }),
        ...(s.from === undefined ? {} : { fromMs: startMs(s.from) }),
        ...(s.until === undefined ? {} : { untilMs: endMs(s.until) }),
        ...(s.reason === undefined ? {} : { reason: s.reason }),
      }),
    ),
    sinks: sinks.map((s) => ({ id: s.id, accepts: s.accepts })),
    ...(alerts.runbookBaseUrl === undefined ? {} : { runbookBaseUrl: alerts.runbookBaseUrl }),
  };
}

/** The SLOs of `alerts.slos`. */
export function sloSettings(config: BulwarkConfig): SloSettings[] {
  return (config.alerts.slos ?? []).map((slo) => ({ name: slo.name, signal: slo.signal, objective: slo.objective, minEvents: slo.minEvents, ...(slo.model === undefined ? {} : { model: slo.model }) }));
}

/** A suppress `from`: a date is 00:00 UTC that day. */
function startMs(text: string): number {
  return Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
}

/** A suppress `until` (exclusive): a date is the end of that day, UTC. */
function endMs(text: string): number {
  return text.length === 10 ? Date.parse(`${text}T00:00:00Z`) + 86_400_000 : Date.parse(text);
}

/**
 * The candidate of a detection-engine anomaly. An anomaly whose action is `rollback` (not a
 * dry run) carries the id of the incident the orchestrator opens for it, so that the
 * anomaly and the orchestrator's "rolling back" alert are one alert (one page). `outcome`
 * is what the breaker did about it (alerting-feeds.ts waits for its decision): the summary
 * and the automated action say that, not what the rule asked for, and an anomaly the
 * breaker ignored opens no incident (alert only). Without it, the rule's action is reported.
 *
 * @example
 * engine.onAnomaly((a) => bus.publish({ type: 'candidate', candidate: anomalyCandidate(a) }));
 * anomalyCandidate(a, { kind: 'freeze', reason: 'loop_guard', contained: ['mallory'] }).summary;
 * // '…; automated action: breaker frozen (loop guard) instead of a rollback, API key mallory contained; automation stopped until unfreeze'
 */
export function anomalyCandidate(anomaly: Anomaly, outcome?: BreakerOutcome): AlertCandidate {
  const requested: AutomatedAction | undefined = anomaly.dryRun ? undefined : anomaly.action === 'rollback' ? 'rollback' : anomaly.action === 'contain' ? 'contain' : undefined;
  const decided = requested === 'rollback' ? outcome : undefined;
  const action = decided === undefined ? requested : outcomeAction(decided);
  const clause = decided === undefined ? (requested === undefined ? '' : `; automated action: ${requested}`) : `; ${outcomeText(decided)}`;
  const what = anomaly.kind === 'evaluation_errors' ? `rule ${anomaly.rule} cannot be evaluated` : `rule ${anomaly.rule} fired`;
  const measured = anomaly.observed === undefined ? '' : ` (observed ${round(anomaly.observed)}${anomaly.expected === undefined ? '' : `, expected ${round(anomaly.expected)}`})`;
  return {
    id: anomaly.id,
    source: 'anomaly',
    kind: anomaly.kind,
    model: anomaly.model,
    rule: anomaly.rule,
    version: anomaly.version,
    apiKeys: anomaly.apiKeys,
    severity: anomaly.severity,
    ...(action === undefined ? {} : { action }),
    ...(anomaly.dryRun ? { dryRun: true } : {}),
    ...(requested === 'rollback' && decided?.kind !== 'alert_only' ? { incidentId: incidentIdFor(anomaly.model, anomaly.id) } : {}),
    condition: anomaly.condition,
    summary: `${anomaly.model} ${anomaly.version}: ${what}: ${anomaly.condition}${measured}${clause}`,
    at: anomaly.detectedAt,
    details: {
      onset: anomaly.onset,
      timeToDetectMs: anomaly.timeToDetectMs,
      window: anomaly.window,
      ...(anomaly.observed === undefined ? {} : { observed: anomaly.observed }),
      ...(anomaly.expected === undefined ? {} : { expected: anomaly.expected }),
      sampleRequestIds: anomaly.sampleRequestIds.slice(0, 10),
      ...(anomaly.evidence.reason === undefined ? {} : { reason: anomaly.evidence.reason }),
      ...(decided === undefined ? {} : { breaker: decided }),
    },
  };
}

/**
 * The candidate of an orchestrator alert (`InProcessAlertSink.subscribe`): the incident
 * opened (rolling back), the breaker frozen, or a roll-forward aborted. `incident` (from
 * the store) and `config` enrich it with the rule, versions, keys and the rule's condition.
 *
 * @example
 * alerts.subscribe(async (a) => bus.publish({ type: 'candidate', candidate: rollbackAlertCandidate(a, a.incidentId ? await store.rollback.incidents.get(a.incidentId) : undefined, config) }));
 */
export function rollbackAlertCandidate(alert: RollbackAlert, incident?: Incident, config?: BulwarkConfig): AlertCandidate {
  const frozen = /breaker frozen/.test(alert.summary) || incident?.state === 'frozen';
  const stage = frozen ? 'frozen' : /aborted/.test(alert.summary) ? 'aborted' : 'opened';
  const action: AutomatedAction = stage === 'frozen' ? 'freeze' : stage === 'aborted' ? 'revert' : 'rollback';
  const reason = incident?.frozenReason ?? /breaker frozen \(([a-z ]+)\)/.exec(alert.summary)?.[1]?.replace(/ /g, '_');
  const rule = incident?.anomaly.rule ?? 'breaker';
  const condition = stage === 'frozen' ? reason : config?.models[alert.model]?.rules.find((r) => r.id === rule)?.when;
  return {
    id: alert.id,
    source: 'incident',
    kind: stage,
    model: alert.model,
    rule,
    ...(incident === undefined ? {} : { version: incident.suspect, apiKeys: incident.anomaly.apiKeys ?? [] }),
    severity: alert.severity,
    action,
    ...(alert.incidentId === undefined ? {} : { incidentId: alert.incidentId }),
    ...(condition === undefined ? {} : { condition }),
    summary: alert.summary,
    at: alert.at,
    details: { alertId: alert.id, ...(incident === undefined ? {} : { lkg: incident.lkg, suspect: incident.suspect, state: incident.state }) },
  };
}

/**
 * The resolve of an incident closed by an approval or an unfreeze: PagerDuty resolves the
 * incident's `incident/<id>` alert.
 *
 * @example
 * bus.publish({ type: 'candidate', candidate: incidentResolvedCandidate(incident) });
 */
export function incidentResolvedCandidate(incident: Incident): AlertCandidate {
  const how = incident.resolution === undefined ? 'resolved' : `${incident.resolution.how} by ${incident.resolution.actor}: ${incident.resolution.reason}`;
  return {
    id: `${incident.id}:resolved`,
    source: 'incident',
    kind: 'resolved',
    model: incident.model,
    rule: incident.anomaly.rule,
    version: incident.suspect,
    severity: incident.anomaly.severity,
    incidentId: incident.id,
    resolve: true,
    summary: `${incident.model}: incident ${incident.id} resolved (${how})`,
    at: incident.resolution?.at ?? incident.updatedAt,
    details: { state: incident.state, ...(incident.untrusted === null ? {} : { untrusted: incident.untrusted }) },
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

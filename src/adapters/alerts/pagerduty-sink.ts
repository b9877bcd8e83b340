/**
 * @module adapters/alerts/pagerduty-sink
 * The PagerDuty sink: Events API v2 payloads. `trigger` with `dedup_key` = the alert's
 * dedupe key (so everything about one incident folds into one PagerDuty incident), a
 * summary, severity (page → critical, ticket → warning, info → info), source, component,
 * group, class, `custom_details`, and `links` to the runbook when it is a URL; `resolve`
 * with the same `dedup_key` when the incident is resolved or the burn stops.
 */
import { ALERT_DEFAULTS, httpOutcome } from '../../alerts/index.js';
import type { AlertClass, AlertNotification, AlertSinkPort, DeliveryResult, HttpPoster } from '../../alerts/index.js';
import { sinkId } from './sink-id.js';

const SEVERITY: Readonly<Record<AlertClass, 'critical' | 'warning' | 'info'>> = { page: 'critical', ticket: 'warning', info: 'info' };
/** PagerDuty truncates summaries at 1024 characters. */
const SUMMARY_MAX = 1024;

/** An Events API v2 event. */
export type PagerDutyEvent =
  | {
      readonly routing_key: string;
      readonly event_action: 'trigger';
      readonly dedup_key: string;
      readonly client: 'bulwark';
      readonly payload: {
        readonly summary: string;
        readonly source: string;
        readonly severity: 'critical' | 'warning' | 'info';
        readonly timestamp: string;
        readonly component: string;
        readonly group: string;
        readonly class: string;
        readonly custom_details: Readonly<Record<string, unknown>>;
      };
      readonly links: readonly { readonly href: string; readonly text: string }[];
    }
  | { readonly routing_key: string; readonly event_action: 'resolve'; readonly dedup_key: string };

/**
 * @example
 * pagerDutyEvent('R0UT1NGKEY', notification).dedup_key === notification.dedupeKey; // true
 */
export function pagerDutyEvent(routingKey: string, n: AlertNotification): PagerDutyEvent {
  if (n.action === 'resolve') return { routing_key: routingKey, event_action: 'resolve', dedup_key: n.dedupeKey };
  const runbooks = [n.runbook, ...n.related];
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: n.dedupeKey,
    client: 'bulwark',
    payload: {
      summary: n.summary.length <= SUMMARY_MAX ? n.summary : `${n.summary.slice(0, SUMMARY_MAX - 1)}…`,
      source: `bulwark/${n.model}`,
      severity: SEVERITY[n.severity],
      timestamp: new Date(n.firstSeenAt).toISOString(),
      component: n.model,
      group: n.rule,
      class: `${n.source}:${n.kind}`,
      custom_details: {
        ...n.details,
        type: n.type,
        ...(n.version === undefined ? {} : { version: n.version }),
        ...(n.apiKeys.length > 0 ? { apiKeys: n.apiKeys } : {}),
        ...(n.incidentId === undefined ? {} : { incidentId: n.incidentId }),
        ...(n.automatedAction === undefined ? {} : { automatedAction: n.automatedAction }),
        count: n.count,
        runbook: n.runbook.url,
        ...(n.members === undefined ? {} : { members: n.members.map((m) => m.summary), moreMembers: n.moreMembers ?? 0 }),
        ...(n.heldBack === undefined ? {} : { heldBack: n.heldBack }),
      },
    },
    links: runbooks.filter((r) => /^https?:\/\//.test(r.url)).map((r) => ({ href: r.url, text: `Runbook: ${r.title}` })),
  };
}

/**
 * @example
 * const sink = new PagerDutySink({ routingKey, accepts: ['page'], http });
 */
export class PagerDutySink implements AlertSinkPort {
  readonly id: string;
  readonly kind = 'pagerduty';
  readonly accepts: readonly AlertClass[];
  readonly #routingKey: string;
  readonly #url: string;
  readonly #http: HttpPoster;

  constructor(options: { readonly routingKey: string; readonly accepts: readonly AlertClass[]; readonly http: HttpPoster; readonly url?: string }) {
    this.id = sinkId('pagerduty', options.routingKey);
    this.accepts = options.accepts;
    this.#routingKey = options.routingKey;
    this.#url = options.url ?? ALERT_DEFAULTS.pagerDutyUrl;
    this.#http = options.http;
  }

  async deliver(notification: AlertNotification): Promise<DeliveryResult> {
    const { status, error } = await this.#http.post(this.#url, JSON.stringify(pagerDutyEvent(this.#routingKey, notification)), { 'content-type': 'application/json' });
    return httpOutcome(status, error);
  }
}

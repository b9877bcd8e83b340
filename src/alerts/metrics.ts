/**
 * @module alerts/metrics
 * Alerting's Prometheus metrics, on a registry the app passes in (the admin `/metrics`
 * one). Names start with `bulwark_alerts_`. Labels stay bounded: `sink` is a configured
 * sink id, `severity` page/ticket/info, `outcome` and `decision` small enums. The outbox
 * depth and the SLO burn rates are read at scrape time.
 */
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { OutboxDepth } from './ports.js';

const METRIC_NAMES = [
  'bulwark_alerts_candidates_total',
  'bulwark_alerts_notifications_total',
  'bulwark_alerts_deliveries_total',
  'bulwark_alerts_deliveries_retried_total',
  'bulwark_alerts_dead_lettered_total',
  'bulwark_alerts_capped_total',
  'bulwark_alerts_outbox_depth',
  'bulwark_alerts_slo_burn_rate',
] as const;

/** State read at scrape time. */
export interface AlertMetricsSources {
  depth(): Promise<OutboxDepth>;
  burnRates(): readonly { readonly slo: string; readonly window: string; readonly rate: number }[];
}

/**
 * @example
 * const metrics = new AlertMetrics(registry, { depth: () => outbox.depth(), burnRates: () => dispatcher.burnRates() });
 */
export class AlertMetrics {
  /** Every candidate and what the policy made of it (notified, deduplicated, grouped, suppressed, unrouted, resolved). */
  readonly candidates: Counter<'source' | 'severity' | 'decision'>;
  /** Alert volume: notifications created (alerts, groups, summaries), by severity and type. */
  readonly notifications: Counter<'severity' | 'type'>;
  /** Delivery attempts by sink, severity and outcome (delivered, retry, failed). */
  readonly deliveries: Counter<'sink' | 'severity' | 'outcome'>;
  readonly retried: Counter<'sink'>;
  readonly deadLettered: Counter<'sink' | 'reason'>;
  /** Notifications a sink's rate cap held back (they are summarised, not lost). */
  readonly capped: Counter<'sink'>;

  constructor(registry: Registry, sources: AlertMetricsSources) {
    // A restarted dispatcher in the same process takes the series over.
    for (const name of METRIC_NAMES) registry.removeSingleMetric(name);
    const registers = [registry];
    this.candidates = new Counter({ name: 'bulwark_alerts_candidates_total', help: 'Alert candidates (anomalies, incident events, SLO burns) by source, class and what the policy decided.', labelNames: ['source', 'severity', 'decision'], registers });
    this.notifications = new Counter({ name: 'bulwark_alerts_notifications_total', help: 'Alert volume: notifications created (type alert, group or summary), by class.', labelNames: ['severity', 'type'], registers });
    this.deliveries = new Counter({ name: 'bulwark_alerts_deliveries_total', help: 'Alert delivery attempts by sink, class and outcome (delivered, retry, failed for good).', labelNames: ['sink', 'severity', 'outcome'], registers });
    this.retried = new Counter({ name: 'bulwark_alerts_deliveries_retried_total', help: 'Alert deliveries scheduled for another attempt (429, 5xx, network error).', labelNames: ['sink'], registers });
    this.deadLettered = new Counter({ name: 'bulwark_alerts_dead_lettered_total', help: 'Alert deliveries given up on and kept in the outbox, by reason (permanent, attempts, unknown_sink, corrupt).', labelNames: ['sink', 'reason'], registers });
    this.capped = new Counter({ name: 'bulwark_alerts_capped_total', help: 'Notifications held back by a sink rate cap (sent later in one summary).', labelNames: ['sink'], registers });
    new Gauge({
      name: 'bulwark_alerts_outbox_depth',
      help: 'Queued alert deliveries by status (pending, dead).',
      labelNames: ['status'],
      registers,
      async collect() {
        try {
          const depth = await sources.depth();
          this.set({ status: 'pending' }, depth.pending);
          this.set({ status: 'dead' }, depth.dead);
        } catch {
          // The store is closed or failing: keep the last values rather than fail the scrape.
        }
      },
    });
    new Gauge({
      name: 'bulwark_alerts_slo_burn_rate',
      help: 'Error-budget burn rate of each SLO over each alerting window (1 = spending exactly the budget).',
      labelNames: ['slo', 'window'],
      registers,
      collect() {
        this.reset();
        for (const { slo, window, rate } of sources.burnRates()) this.set({ slo, window }, rate);
      },
    });
  }
}

/**
 * @module control/alert-views
 * Recent alerts as GET /api/v1/alerts shows them: the alert outbox holds one row per
 * notification and sink; rows of one notification (its delivery key) become one alert with
 * its deliveries, newest first. Runbook links carry their repository path too
 * (runbook-views.ts). Pure.
 */
import type { AlertNotification, OutboxItem } from '../alerts/index.js';
import { runbookView } from './runbook-views.js';
import type { RunbookView } from './runbook-views.js';

/** One sink's delivery of an alert. */
export interface AlertDeliveryView {
  readonly sink: string;
  readonly status: OutboxItem['status'];
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: number | null;
  readonly updatedAt: number;
}

/** An alert: the notification, when it was queued, and its deliveries. */
export type AlertView = Omit<AlertNotification, 'runbook' | 'related'> & {
  readonly runbook: RunbookView;
  readonly related: readonly RunbookView[];
  readonly queuedAt: number;
  readonly deliveries: readonly AlertDeliveryView[];
};

/**
 * Groups outbox rows (newest first) into at most `limit` alerts, in the rows' order.
 *
 * @example
 * alertViews(await outbox.list({ order: 'newest', limit: 300 }), 100)[0]?.deliveries.map((d) => d.status); // ['delivered', 'pending']
 */
export function alertViews(rows: readonly OutboxItem[], limit: number): AlertView[] {
  const byKey = new Map<string, { readonly head: OutboxItem; readonly rows: OutboxItem[] }>();
  for (const row of rows) {
    const group = byKey.get(row.key);
    if (group !== undefined) group.rows.push(row);
    else if (byKey.size < limit) byKey.set(row.key, { head: row, rows: [row] });
  }
  return [...byKey.values()].map(({ head, rows: mine }) => {
    const { runbook, related, ...rest } = head.payload;
    return {
      ...rest,
      runbook: runbookView(runbook),
      related: (related ?? []).map(runbookView),
      queuedAt: Math.min(...mine.map((r) => r.createdAt)),
      deliveries: [...mine].sort((a, b) => (a.sink < b.sink ? -1 : a.sink > b.sink ? 1 : 0)).map(deliveryView),
    };
  });
}

function deliveryView(row: OutboxItem): AlertDeliveryView {
  return { sink: row.sink, status: row.status, attempts: row.attempts, nextAttemptAt: row.nextAttemptAt, lastStatus: row.lastStatus, lastError: row.lastError, deliveredAt: row.deliveredAt, updatedAt: row.updatedAt };
}

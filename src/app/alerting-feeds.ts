/**
 * @module app/alerting-feeds
 * Feeds a running gateway's events into alerting (docs/alerting.md, "Wiring"): every
 * anomaly of the detection engine (one whose rule asks for a rollback once the breaker has
 * decided about it, so that its alert says what was done), every alert the rollback
 * orchestrator emits (with its incident), incidents resolved by an approval or an unfreeze,
 * and the SLI counts of the untrusted-request budget (requests per model, summed per
 * second; rows an incident marked untrusted). Returns one function that disconnects
 * everything.
 */
import { AlertEventBus, outcomeFromState, outcomeOfDecision } from '../alerts/index.js';
import type { BreakerOutcome } from '../alerts/index.js';
import type { BulwarkConfig } from '../config/index.js';
import type { Anomaly } from '../detect/index.js';
import type { EventBus, RequestEvent, Timers } from '../gateway/index.js';
import type { InProcessAlertSink, RollbackOrchestrator, RollbackStores } from '../rollback/index.js';
import { anomalyCandidate, incidentResolvedCandidate, rollbackAlertCandidate } from './alerting-app.js';

/** What the feeds read from the running gateway. */
export interface AlertingFeedSources {
  readonly config: () => BulwarkConfig;
  readonly anomalies?: { onAnomaly(listener: (anomaly: Anomaly) => void): () => void };
  readonly rollbackAlerts?: Pick<InProcessAlertSink, 'subscribe'>;
  readonly orchestrator?: Pick<RollbackOrchestrator, 'onDecision' | 'state'>;
  readonly incidents: RollbackStores['incidents'];
  readonly requests: Pick<EventBus<RequestEvent>, 'subscribe'>;
  readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  readonly clock: { now(): number };
  readonly onError: (error: Error) => void;
  /** How long an anomaly's alert waits for the breaker's decision about it, ms (default 1000). */
  readonly decisionWaitMs?: number;
}

/** How often request counts are handed to the SLO evaluator, ms. */
const SLI_FLUSH_MS = 1_000;

/**
 * How long an anomaly's alert waits for the breaker's decision, ms. The breaker decides
 * after the detection engine's listeners returned (its lane awaits the WAL), usually within
 * milliseconds; an anomaly it ignores leaves no decision, so its alert goes out after this
 * wait, with the outcome read off the breaker's state.
 */
const DECISION_WAIT_MS = 1_000;

/** Anomalies of action `rollback` held until the breaker decided about them; the others at once. */
function anomalyFeed(bus: AlertEventBus, s: AlertingFeedSources): { accept(anomaly: Anomaly): void; close(): void } {
  const orchestrator = s.orchestrator;
  const waiting = new Map<string, { readonly anomaly: Anomaly; readonly timer: unknown }>();
  const publish = (anomaly: Anomaly, outcome?: BreakerOutcome): void => bus.publish({ type: 'candidate', candidate: anomalyCandidate(anomaly, outcome) });
  const fromState = (anomaly: Anomaly): BreakerOutcome => outcomeFromState(orchestrator?.state(anomaly.model), anomaly);
  const settle = (id: string, outcome: (anomaly: Anomaly) => BreakerOutcome): void => {
    const held = waiting.get(id);
    if (held === undefined) return;
    waiting.delete(id);
    s.timers.clearTimeout(held.timer);
    publish(held.anomaly, outcome(held.anomaly));
  };
  const off = orchestrator?.onDecision((record) => {
    if (record.command.type !== 'anomaly') return;
    const outcome = outcomeOfDecision(record);
    settle(record.command.anomaly.id, (anomaly) => outcome ?? fromState(anomaly));
  });
  return {
    accept(anomaly) {
      if (orchestrator === undefined || anomaly.action !== 'rollback' || anomaly.dryRun) return publish(anomaly);
      const timer = s.timers.setTimeout(() => settle(anomaly.id, fromState), s.decisionWaitMs ?? DECISION_WAIT_MS);
      waiting.set(anomaly.id, { anomaly, timer });
    },
    close() {
      off?.();
      for (const id of [...waiting.keys()]) settle(id, fromState);
    },
  };
}

/**
 * Connects the sources to `bus`; returns the disconnect function.
 *
 * @example
 * const off = connectAlertingFeeds(bus, { config: () => watcher.current(), anomalies: engine, rollbackAlerts, orchestrator, incidents, requests: gateway.events, timers, clock, onError });
 */
export function connectAlertingFeeds(bus: AlertEventBus, s: AlertingFeedSources): () => void {
  const offs: (() => void)[] = [];
  const fail = (err: unknown): void => s.onError(err instanceof Error ? err : new Error(String(err)));
  if (s.anomalies !== undefined) {
    const anomalies = anomalyFeed(bus, s);
    const off = s.anomalies.onAnomaly((a) => anomalies.accept(a));
    offs.push(() => {
      off();
      anomalies.close();
    });
  }
  if (s.rollbackAlerts !== undefined) {
    offs.push(
      s.rollbackAlerts.subscribe(async (alert) => {
        try {
          const incident = alert.incidentId === undefined ? undefined : await s.incidents.get(alert.incidentId);
          bus.publish({ type: 'candidate', candidate: rollbackAlertCandidate(alert, incident, s.config()) });
          if (incident?.untrusted != null && incident.untrusted.count > 0) {
            bus.publish({ type: 'sli', observation: { signal: 'untrusted_requests', model: incident.model, total: 0, bad: incident.untrusted.count, at: incident.untrusted.fromMs } });
          }
        } catch (err) {
          fail(err);
        }
      }),
    );
  }
  if (s.orchestrator !== undefined) {
    offs.push(
      s.orchestrator.onDecision((record) => {
        if (record.command.type !== 'approve' && record.command.type !== 'unfreeze') return;
        void s.incidents
          .list({ model: record.model, limit: 20 })
          .then((incidents) => {
            for (const incident of incidents) if (incident.state === 'resolved' && incident.resolution?.at === record.at) bus.publish({ type: 'candidate', candidate: incidentResolvedCandidate(incident) });
          })
          .catch(fail);
      }),
    );
  }
  // SLI: every request is an event of the untrusted-request budget, counted per model per second.
  const counts = new Map<string, number>();
  offs.push(
    s.requests.subscribe(
      (event) => {
        if (event.model === undefined) return;
        counts.set(event.model, (counts.get(event.model) ?? 0) + 1);
      },
      { name: 'alerting-sli', queue: 100_000 },
    ),
  );
  let stopped = false;
  let timer: unknown;
  const flush = (): void => {
    const at = s.clock.now();
    for (const [model, total] of counts) bus.publish({ type: 'sli', observation: { signal: 'untrusted_requests', model, total, bad: 0, at } });
    counts.clear();
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = s.timers.setTimeout(() => {
      flush();
      schedule();
    }, SLI_FLUSH_MS);
  };
  schedule();
  return () => {
    stopped = true;
    s.timers.clearTimeout(timer);
    flush();
    for (const off of offs) off();
  };
}

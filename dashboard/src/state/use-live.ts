/**
 * @module dashboard/state/use-live
 * What the on-call and executive views show, kept current: models (routes and breakers),
 * incidents, recent anomalies and recent alerts loaded from the API, then updated from the
 * event stream.
 * An anomaly or alert is added as it arrives; a route change or breaker transition reloads
 * the models and incidents at once (an incident is opened by the breaker's decision), so
 * an incident appears without a reload. A slow poll (every 30 s) covers a lost stream.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Alert, Anomaly, Incident, Model } from '../api/openapi-types';
import { openEventStream } from '../api/event-stream';
import type { AlertEvent, BreakerTransitionEvent, StreamEvent, StreamStatus } from '../api/event-stream';
import type { Session } from '../api/session';

export interface LiveData {
  readonly models: readonly Model[];
  readonly incidents: readonly Incident[];
  /** Newest first: the API's recent anomalies, then the stream's. */
  readonly anomalies: readonly Anomaly[];
  /** Newest first: the API's alerts of the last hour (GET /api/v1/alerts), then the stream's. */
  readonly alerts: readonly AlertEvent[];
  readonly transitions: readonly BreakerTransitionEvent[];
  readonly stream: StreamStatus;
  /** When the last load finished (ms). */
  readonly loadedAt: number | undefined;
  readonly error: string | undefined;
  /** Reloads models and incidents now. */
  refresh(): void;
}

const POLL_MS = 30_000;
const KEEP = 1_000;
const HOUR_MS = 3_600_000;

/**
 * An alert of GET /api/v1/alerts as the stream shows one (the stream's id is the
 * notification's delivery key).
 */
export function alertEvent(alert: Alert): AlertEvent {
  return { ...alert, id: alert.key };
}

/**
 * Merges alerts by id (the fields of both kept), newest first by `at`; an alert without
 * `at` (the stream's carry none) counts as newest, in the order it came. At most KEEP.
 */
export function mergeAlerts(current: readonly AlertEvent[], incoming: readonly AlertEvent[]): AlertEvent[] {
  const byId = new Map<string, AlertEvent>();
  for (const a of [...incoming, ...current]) {
    const seen = byId.get(a.id);
    byId.set(a.id, seen === undefined ? a : { ...a, ...seen });
  }
  const time = (a: AlertEvent): number => (typeof a.at === 'number' ? a.at : Number.POSITIVE_INFINITY);
  return [...byId.values()].sort((a, b) => time(b) - time(a) || 0).slice(0, KEEP);
}

/** Merges anomalies by id, newest first, at most KEEP. */
export function mergeAnomalies(current: readonly Anomaly[], incoming: readonly Anomaly[]): Anomaly[] {
  const byId = new Map<string, Anomaly>();
  for (const a of [...incoming, ...current]) if (!byId.has(a.id)) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => b.detectedAt - a.detectedAt).slice(0, KEEP);
}

/**
 * @example
 * const live = useLive(session);
 * live.incidents.filter((i) => i.state !== 'resolved');
 */
export function useLive(session: Session): LiveData {
  const [models, setModels] = useState<readonly Model[]>([]);
  const [incidents, setIncidents] = useState<readonly Incident[]>([]);
  const [anomalies, setAnomalies] = useState<readonly Anomaly[]>([]);
  const [alerts, setAlerts] = useState<readonly AlertEvent[]>([]);
  const [transitions, setTransitions] = useState<readonly BreakerTransitionEvent[]>([]);
  const [stream, setStream] = useState<StreamStatus>('connecting');
  const [loadedAt, setLoadedAt] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { api } = session;

  const load = useCallback(async (withAnomalies: boolean) => {
    try {
      const [m, i, a, al] = await Promise.all([
        api.call('listModels'),
        api.call('listIncidents', { params: { limit: 500 } }),
        withAnomalies ? api.call('listAnomalies', { params: { since: Date.now() - HOUR_MS, limit: 1000 } }) : Promise.resolve(undefined),
        withAnomalies ? api.call('listAlerts', { params: { limit: 200 } }) : Promise.resolve(undefined),
      ]);
      setModels(m.models);
      setIncidents(i.incidents);
      if (a !== undefined) setAnomalies((current) => mergeAnomalies(current, a.anomalies));
      if (al !== undefined) {
        const since = Date.now() - HOUR_MS;
        setAlerts((current) => mergeAlerts(current, al.alerts.filter((x) => x.at >= since).map(alertEvent)));
      }
      setLoadedAt(Date.now());
      setError(undefined);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [api]);

  // Events come in bursts (a rollback is several transitions): one reload per burst.
  const soon = useCallback((withAnomalies = false) => {
    if (pending.current !== undefined) clearTimeout(pending.current);
    pending.current = setTimeout(() => void load(withAnomalies), 150);
  }, [load]);

  useEffect(() => {
    void load(true);
    const onEvent = (event: StreamEvent): void => {
      switch (event.type) {
        case 'anomaly':
          setAnomalies((current) => mergeAnomalies(current, [event.data]));
          soon();
          break;
        case 'alert':
          setAlerts((current) => mergeAlerts(current, [event.data]));
          break;
        case 'route_change':
          soon();
          break;
        case 'breaker_transition':
          setTransitions((current) => [event.data, ...current].slice(0, 200));
          soon();
          break;
        case 'replay_gap':
          soon(true);
          break;
      }
    };
    const close = openEventStream(api, onEvent, setStream);
    const poll = setInterval(() => void load(true), POLL_MS);
    return () => {
      close();
      clearInterval(poll);
      if (pending.current !== undefined) clearTimeout(pending.current);
    };
  }, [api, load, soon]);

  const refresh = useCallback(() => void load(false), [load]);
  return { models, incidents, anomalies, alerts, transitions, stream, loadedAt, error, refresh };
}

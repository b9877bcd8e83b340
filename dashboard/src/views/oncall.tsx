/**
 * @module dashboard/views/oncall
 * The on-call view: live anomalies and alerts by severity (event stream), each model's
 * route and breaker with the operator commands, the signal × model heatmap of the last hour
 * (anomalies: the API's recent ones and the stream's), and the open incidents with their
 * runbooks (as the API names them) and forensic bundle.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Anomaly, Incident, Model } from '../api/openapi-types';
import type { AlertEvent } from '../api/event-stream';
import type { Session } from '../api/session';
import { IncidentStateBadge, SeverityBadge } from '../components/badges';
import { EmptyState } from '../components/empty-state';
import { HeatmapTable } from '../components/heatmap';
import { formatAgo, formatMs, formatNumber, formatTime, shortId } from '../lib/format';
import { buildHeatmap } from '../lib/heatmap';
import { isOpen } from '../lib/incidents';
import { runbookLink } from '../lib/runbook-links';
import type { LiveData } from '../state/use-live';
import { ModelsPanel } from './oncall-models';

const HOUR_MS = 3_600_000;
const SEVERITIES = ['page', 'ticket', 'soft'] as const;

/** Re-renders every `ms` (relative times, the heatmap's window). */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function OnCallView({ session, live, onOpenBundle }: { readonly session: Session; readonly live: LiveData; readonly onOpenBundle: (digest: string) => void }) {
  const now = useNow(10_000);
  const recent = useMemo(() => live.anomalies.filter((a) => a.detectedAt >= now - HOUR_MS), [live.anomalies, now]);
  const heatmap = useMemo(() => buildHeatmap(live.anomalies, live.models.map((m) => m.name), Math.max(now, Date.now())), [live.anomalies, live.models, now]);
  const open = useMemo(() => live.incidents.filter(isOpen), [live.incidents]);
  // A frozen breaker belongs to one incident: the one frozen, else the model's newest open one.
  const frozenOn = useMemo(() => {
    const ids = new Set<string>();
    for (const m of live.models) {
      if (m.breaker?.kind !== 'frozen') continue;
      const mine = open.filter((i) => i.model === m.name);
      const id = (mine.find((i) => i.state === 'frozen') ?? mine[0])?.id;
      if (id !== undefined) ids.add(id);
    }
    return ids;
  }, [live.models, open]);
  return (
    <>
      <h2 className="view-title">On-call</h2>
      <section aria-labelledby="active-title" className="card">
        <h3 id="active-title">
          Active incidents <span className="count">{open.length}</span>
        </h3>
        {open.length === 0 ? (
          <EmptyState title="No active incident." />
        ) : (
          <ul className="incidents" aria-live="polite">
            {open.map((i) => (
              <IncidentCard key={i.id} incident={i} model={frozenOn.has(i.id) ? live.models.find((m) => m.name === i.model) : undefined} onOpenBundle={onOpenBundle} />
            ))}
          </ul>
        )}
      </section>
      <ModelsPanel session={session} live={live} />
      <section aria-labelledby="severity-title" className="card">
        <h3 id="severity-title">Anomalies and alerts by severity (last hour, live)</h3>
        <div className="severity-board">
          {SEVERITIES.map((s) => (
            <SeverityColumn key={s} severity={s} anomalies={recent.filter((a) => a.severity === s)} alerts={live.alerts.filter((a) => a.severity === s)} now={now} />
          ))}
        </div>
      </section>
      <section aria-labelledby="heatmap-title" className="card">
        <h3 id="heatmap-title">Signal heatmap (last hour)</h3>
        {heatmap.signals.length === 0 ? (
          <EmptyState title="No anomaly in the last hour." />
        ) : (
          <HeatmapTable heatmap={heatmap} caption="Anomalies by the signal their rule measures (rows) and model (columns), last hour" />
        )}
      </section>
    </>
  );
}

function SeverityColumn({ severity, anomalies, alerts, now }: { readonly severity: string; readonly anomalies: readonly Anomaly[]; readonly alerts: readonly AlertEvent[]; readonly now: number }) {
  const headingId = `severity-${severity}`;
  return (
    <section aria-labelledby={headingId} className={`severity-column severity-${severity}`}>
      <h4 id={headingId}>
        <SeverityBadge severity={severity} /> {anomalies.length} anomalies · {alerts.length} alerts
      </h4>
      {anomalies.length + alerts.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ol className="events">
          {alerts.slice(0, 5).map((a) => (
            <li key={`alert-${a.id}`}>
              <span className="event-kind">alert</span> {a.model === undefined || a.summary.startsWith(a.model) ? '' : `${a.model}: `}
              {a.summary}
            </li>
          ))}
          {anomalies.slice(0, 8).map((a) => (
            <li key={a.id} data-anomaly={a.id}>
              <span className="event-kind">{a.action}</span> {a.model} {a.version} · <strong>{a.rule}</strong> observed {formatNumber(a.observed)} vs {formatNumber(a.expected)} · {formatAgo(a.detectedAt, now)}
              {a.apiKeys.length > 0 ? <> · keys {a.apiKeys.join(', ')}</> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** `model`: given when the model's breaker is frozen on this incident's account. */
function IncidentCard({ incident: i, model, onOpenBundle }: { readonly incident: Incident; readonly model: Model | undefined; readonly onOpenBundle: (digest: string) => void }) {
  const breaker = model?.breaker;
  const frozenReason = breaker?.kind === 'frozen' && typeof breaker['reason'] === 'string' ? breaker['reason'] : undefined;
  // The frozen breaker's page, when the breaker is shown on this card.
  const freeze = frozenReason === undefined ? null : (model?.breakerRunbook ?? null);
  // The incident's own runbooks, with the frozen breaker's page after the first (as the server orders an incident that froze).
  const runbooks = freeze === null || i.runbooks.some((r) => r.id === freeze.id) ? i.runbooks : [...i.runbooks.slice(0, 1), freeze, ...i.runbooks.slice(1)];
  return (
    <li className="incident" data-incident={i.id}>
      <div className="incident-head">
        <IncidentStateBadge state={i.state} /> <strong>{i.model}</strong>: <code>{i.anomaly.rule}</code> on {i.suspect}
        {i.suspect === i.lkg ? ', the last-known-good version itself' : `, rolled back to ${i.lkg}`}
        {frozenReason === undefined ? null : <> · breaker frozen ({frozenReason.replace(/_/g, ' ')})</>}
      </div>
      <dl className="facts">
        <div>
          <dt>Incident</dt>
          <dd>
            <code title={i.id}>{i.id}</code>
          </dd>
        </div>
        <div>
          <dt>Detected</dt>
          <dd>{formatTime(i.detectedAt)}</dd>
        </div>
        <div>
          <dt>Time to detect</dt>
          <dd>{formatMs(i.timeToDetectMs)}</dd>
        </div>
        <div>
          <dt>Time to mitigate</dt>
          <dd>{formatMs(i.timeToMitigateMs)}</dd>
        </div>
      </dl>
      <div className="incident-links">
        <span>Runbooks:</span>
        <ul className="inline-list">
          {runbooks.map((runbook) => {
            const link = runbookLink(runbook);
            return (
              <li key={link.id}>
                {link.href === undefined ? (
                  <span title="not bundled with this build">
                    {link.title} (<code>{link.path}</code>)
                  </span>
                ) : (
                  <a href={link.href} target="_blank" rel="noopener noreferrer">
                    {link.title} <span className="sr-only">({link.path}, opens in a new tab)</span>
                  </a>
                )}
              </li>
            );
          })}
        </ul>
        {i.bundleDigest === undefined ? null : (
          <button type="button" className="button link" onClick={() => onOpenBundle(i.bundleDigest as string)}>
            Forensic bundle {shortId(i.bundleDigest)}
          </button>
        )}
      </div>
    </li>
  );
}

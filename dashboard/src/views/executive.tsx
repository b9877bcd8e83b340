/**
 * @module dashboard/views/executive
 * The executive view: how exposed the models are and how fast bulwark acts. Adversarial
 * success rate per model over time (red-team reports), incidents with mean time to detect
 * and to mitigate (GET /api/v1/incidents, live), and the models hit most (incidents,
 * recent anomalies, untrusted requests).
 */
import { useMemo } from 'react';
import type { Session } from '../api/session';
import { EmptyState } from '../components/empty-state';
import { IncidentStateBadge } from '../components/badges';
import { LineChart } from '../components/line-chart';
import { formatMs, formatPercent, formatTime } from '../lib/format';
import { incidentStats, mostAffected, untrustedCount } from '../lib/incidents';
import { rateSeries } from '../lib/redteam';
import type { LiveData } from '../state/use-live';
import { useReports } from '../state/use-reports';

export function ExecutiveView({ session, live }: { readonly session: Session; readonly live: LiveData }) {
  const stats = useMemo(() => incidentStats(live.incidents), [live.incidents]);
  const affected = useMemo(() => mostAffected(live.incidents, live.anomalies), [live.incidents, live.anomalies]);
  return (
    <>
      <h2 className="view-title">Executive</h2>
      <section aria-labelledby="kpi-title" className="card">
        <h3 id="kpi-title">Detection and response</h3>
        <dl className="kpis">
          <Kpi label="Incidents detected" value={String(stats.detected)} />
          <Kpi label="Open incidents" value={String(stats.open)} />
          <Kpi label="Mean time to detect" value={formatMs(stats.meanTimeToDetectMs)} hint="anomaly onset → detection" />
          <Kpi label="Mean time to mitigate" value={formatMs(stats.meanTimeToMitigateMs)} hint="detection → traffic off the suspect version" />
          <Kpi label="Missed attacks reported" value={String(stats.missed)} hint="reported by operators" />
        </dl>
      </section>
      <div className="grid-2">
        <AdversarialSuccess session={session} />
        <ResponseTimes live={live} />
      </div>
      <section aria-labelledby="incidents-title" className="card">
        <h3 id="incidents-title">Incidents</h3>
        {live.incidents.length === 0 ? (
          <EmptyState title="No incidents yet.">An incident opens when an anomaly moves a breaker (a rollback or a freeze).</EmptyState>
        ) : (
          <table className="table">
            <caption className="sr-only">Incidents, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Detected</th>
                <th scope="col">Model</th>
                <th scope="col">Rule</th>
                <th scope="col">Suspect → LKG</th>
                <th scope="col">State</th>
                <th scope="col" className="num">Time to detect</th>
                <th scope="col" className="num">Time to mitigate</th>
                <th scope="col" className="num">Untrusted requests</th>
              </tr>
            </thead>
            <tbody>
              {live.incidents.slice(0, 20).map((i) => (
                <tr key={i.id}>
                  <td>{formatTime(i.detectedAt)}</td>
                  <td>{i.model}</td>
                  <td>{i.kind === 'missed' ? 'missed (reported)' : i.anomaly.rule}</td>
                  <td>
                    {i.suspect} → {i.lkg}
                  </td>
                  <td>
                    <IncidentStateBadge state={i.state} />
                  </td>
                  <td className="num">{formatMs(i.timeToDetectMs)}</td>
                  <td className="num">{formatMs(i.timeToMitigateMs)}</td>
                  <td className="num">{untrustedCount(i)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="affected-title" className="card">
        <h3 id="affected-title">Most affected models</h3>
        {affected.length === 0 ? (
          <EmptyState title="No model has had an incident or an anomaly." />
        ) : (
          <table className="table">
            <caption className="sr-only">Models by incidents, then anomalies in the last hour</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col" className="num">Incidents</th>
                <th scope="col" className="num">Open</th>
                <th scope="col" className="num">Anomalies (last hour)</th>
                <th scope="col" className="num">Untrusted requests</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {affected.map((m) => (
                <tr key={m.model}>
                  <th scope="row">{m.model}</th>
                  <td className="num">{m.incidents}</td>
                  <td className="num">{m.open}</td>
                  <td className="num">{m.anomalies}</td>
                  <td className="num">{m.untrusted}</td>
                  <td>{formatTime(m.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function Kpi({ label, value, hint }: { readonly label: string; readonly value: string; readonly hint?: string }) {
  return (
    <div className="kpi">
      <dt>{label}</dt>
      <dd>
        <span className="kpi-value">{value}</span>
        {hint === undefined ? null : <span className="kpi-hint">{hint}</span>}
      </dd>
    </div>
  );
}

function AdversarialSuccess({ session }: { readonly session: Session }) {
  const reports = useReports(session.api);
  const series = useMemo(() => rateSeries(reports.data ?? []), [reports.data]);
  const labels = useMemo(() => series.models.map((m) => ({ label: m })), [series]);
  const latest = useMemo(() => {
    const out = new Map<string, number>();
    for (const r of reports.data ?? []) if (r.successRate !== null && !out.has(r.model)) out.set(r.model, r.successRate);
    return out;
  }, [reports.data]);
  return (
    <section aria-labelledby="asr-title" className="card">
      <h3 id="asr-title">Adversarial success rate per model</h3>
      {reports.loading && reports.data === undefined ? <p className="loading">Loading red-team reports…</p> : null}
      {reports.error === undefined ? null : <p className="field-error">Red-team reports could not be read: {reports.error}</p>}
      {reports.data !== undefined && series.x.length === 0 ? (
        <EmptyState title="No red-team reports yet.">
          <p>
            Reports are registry documents of kind <code>redteam-report</code>; the red-team suite attaches one to a version on every run (<code>GET /api/v1/redteam/reports</code> is empty until then).
          </p>
        </EmptyState>
      ) : null}
      {series.x.length > 0 ? (
        <LineChart
          caption="Share of adversarial examples that fooled the model, per red-team run (percent)"
          summary={[...latest].map(([m, r]) => `${m}: ${formatPercent(r)} at the latest run`).join('; ')}
          x={series.x}
          y={series.y}
          series={labels}
          yLabel="success %"
        />
      ) : null}
    </section>
  );
}

const TIME_SERIES = [{ label: 'time to detect (ms)' }, { label: 'time to mitigate (ms)' }];

function ResponseTimes({ live }: { readonly live: LiveData }) {
  const detected = useMemo(() => [...live.incidents].filter((i) => i.kind === 'detected').sort((a, b) => a.detectedAt - b.detectedAt), [live.incidents]);
  const x = useMemo(() => detected.map((i) => i.detectedAt / 1000), [detected]);
  const y = useMemo(() => [detected.map((i) => i.timeToDetectMs), detected.map((i) => i.timeToMitigateMs ?? null)], [detected]);
  return (
    <section aria-labelledby="times-title" className="card">
      <h3 id="times-title">Time to detect and to mitigate, per incident</h3>
      {detected.length === 0 ? (
        <EmptyState title="No detected incident yet." />
      ) : (
        <LineChart
          caption="Milliseconds from anomaly onset to detection, and from detection to mitigation"
          summary={`${detected.length} incidents; latest: detected in ${formatMs(detected.at(-1)?.timeToDetectMs)}, mitigated in ${formatMs(detected.at(-1)?.timeToMitigateMs)}`}
          x={x}
          y={y}
          series={TIME_SERIES}
          yLabel="ms"
        />
      )}
    </section>
  );
}

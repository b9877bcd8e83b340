/**
 * @module dashboard/views/debug-bundles
 * The forensic bundle browser (GET /api/v1/forensics, then one bundle with PII redacted by
 * the API): what fired, the routes and versions at the time, the frozen requests page by
 * page, the flagged-input gallery (triggering requests first) and the per-API-key query
 * timeline of the bundle's requests, beside the extraction anomalies raised per key.
 */
import { useMemo, useState } from 'react';
import type { Bundle } from '../api/openapi-types';
import type { Session } from '../api/session';
import { EmptyState } from '../components/empty-state';
import { LineChart } from '../components/line-chart';
import { eventView, flaggedInputs, flags, keyTimeline } from '../lib/bundle-views';
import type { BundleEventView } from '../lib/bundle-views';
import { formatBytes, formatMs, formatNumber, formatTime, shortId } from '../lib/format';
import { useFetch } from '../state/use-fetch';
import type { LiveData } from '../state/use-live';

/** Events read per bundle (the demo's ring holds 2,000). */
const EVENTS_READ = 5_000;
const PAGE = 10;
const GALLERY = 9;

export function BundleBrowser({ session, live, selected, onSelect }: { readonly session: Session; readonly live: LiveData; readonly selected: string | undefined; readonly onSelect: (digest: string) => void }) {
  const list = useFetch((signal) => session.api.call('listBundles', { params: { limit: 100 }, signal }), [session.api, live.incidents.length]);
  const bundles = list.data?.bundles ?? [];
  const current = bundles.find((b) => b.digest === selected || b.incidentId === selected) ?? bundles[0];
  return (
    <section aria-labelledby="bundles-title" className="card">
      <h3 id="bundles-title">Forensic bundles</h3>
      {list.error === undefined ? null : <p className="field-error">The bundle index could not be read: {list.error}</p>}
      {list.data !== undefined && bundles.length === 0 ? <EmptyState title="No forensic bundle yet.">A bundle is written when a breaker trips: the requests the gateway held at that moment.</EmptyState> : null}
      {current === undefined ? null : (
        <div className="bundle-layout">
          <nav aria-label="Bundles" className="bundle-list">
            <ul>
              {bundles.map((b) => (
                <li key={b.digest} data-incident={b.incidentId}>
                  <button type="button" className="bundle-item" aria-current={b.digest === current.digest ? 'true' : undefined} onClick={() => onSelect(b.digest)}>
                    <span className="mono">{shortId(b.digest)}</span>
                    <span className="mono small">{b.incidentId}</span>
                    <span>
                      {b.model} · {formatTime(b.createdAt)} · {formatBytes(b.bytes)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <BundleDetail key={current.digest} session={session} digest={current.digest} />
        </div>
      )}
      <ExtractionAnomalies live={live} />
    </section>
  );
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function BundleDetail({ session, digest }: { readonly session: Session; readonly digest: string }) {
  const fetched = useFetch((signal) => session.api.call('getBundle', { params: { id: digest, limit: EVENTS_READ }, signal }), [session.api, digest]);
  const data = fetched.data;
  const events = useMemo(() => (data?.bundle.events ?? []).map(eventView), [data]);
  if (fetched.error !== undefined) return <p className="field-error">The bundle could not be read: {fetched.error}</p>;
  if (data === undefined) return <p className="loading">Loading bundle {shortId(digest)}…</p>;
  return (
    <div className="bundle-detail">
      <BundleFacts data={data} />
      <EventsTable events={events} total={data.events.total} />
      <Gallery events={events} triggering={(Array.isArray(data.bundle['triggering']) ? data.bundle['triggering'] : []) as Bundle['bundle']['events']} />
      <KeyTimelineChart events={events} />
    </div>
  );
}

function BundleFacts({ data }: { readonly data: Bundle }) {
  const b = data.bundle;
  const anomaly = record(b['anomaly']);
  const context = record(anomaly['context']);
  const evidence = record(context['evidence']);
  const route = record(b['route']);
  const before = record(route['before']);
  const after = record(route['after']);
  const versions = Array.isArray(b['versions']) ? (b['versions'] as Record<string, unknown>[]) : [];
  return (
    <dl className="facts wide">
      <div>
        <dt>Incident</dt>
        <dd>
          <code>{b.incidentId}</code>
        </dd>
      </div>
      <div>
        <dt>Anomaly</dt>
        <dd>
          <code>{String(anomaly['rule'] ?? '?')}</code> on {String(anomaly['version'] ?? '?')} ({String(anomaly['severity'] ?? '?')}, {String(anomaly['action'] ?? '?')})
          {typeof evidence['observed'] === 'number' ? <> · observed {formatNumber(evidence['observed'])}</> : null}
        </dd>
      </div>
      <div>
        <dt>Frozen</dt>
        <dd>{b['ringLost'] === true ? 'ring lost in a restart' : formatTime(typeof b['frozenAt'] === 'number' ? b['frozenAt'] : null)}</dd>
      </div>
      <div>
        <dt>Route</dt>
        <dd>
          {String(before['active'] ?? '?')} → {String(after['active'] ?? '?')}
        </dd>
      </div>
      <div>
        <dt>Versions</dt>
        <dd>{versions.map((v) => `${String(v['version'])} (${String(v['status'] ?? 'unregistered')})`).join(', ') || '–'}</dd>
      </div>
      <div>
        <dt>PII</dt>
        <dd>redacted{b.storedRedactedPii ? ' when stored' : ' by the control plane (stored unredacted)'}</dd>
      </div>
      <div>
        <dt>Requests held</dt>
        <dd>{data.events.total}</dd>
      </div>
    </dl>
  );
}

function EventsTable({ events, total }: { readonly events: readonly BundleEventView[]; readonly total: number }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(events.length / PAGE));
  const shown = events.slice(page * PAGE, page * PAGE + PAGE);
  return (
    <section aria-labelledby="events-title" className="subsection">
      <h4 id="events-title">Requests in the bundle</h4>
      <table className="table compact">
        <caption className="sr-only">Requests held when the breaker tripped, page {page + 1} of {pages}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Request</th>
            <th scope="col">Version</th>
            <th scope="col">API key</th>
            <th scope="col" className="num">Status</th>
            <th scope="col">Flags</th>
            <th scope="col">Input (redacted)</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <tr key={e.requestId}>
              <td>{formatTime(e.at)}</td>
              <td className="mono">{shortId(e.requestId)}</td>
              <td>{e.version}</td>
              <td>{e.apiKeyId ?? '–'}</td>
              <td className="num">{e.status}</td>
              <td>{flags(e).join(', ') || '–'}</td>
              <td className="mono clip">{e.input.slice(0, 120)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        <button type="button" className="button secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <span>
          Page {page + 1} of {pages} ({events.length} of {total} requests read)
        </span>
        <button type="button" className="button secondary" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
          Next
        </button>
      </div>
    </section>
  );
}

function Gallery({ events, triggering }: { readonly events: readonly BundleEventView[]; readonly triggering: Bundle['bundle']['events'] }) {
  const items = useMemo(() => {
    const ids = new Set(triggering.map((t) => t.requestId));
    const known = new Set(events.map((e) => e.requestId));
    // Triggering requests outside the page read are taken from the bundle's own list.
    return flaggedInputs([...triggering.filter((t) => !known.has(t.requestId)).map(eventView), ...events], ids, GALLERY);
  }, [events, triggering]);
  const triggeringIds = useMemo(() => new Set(triggering.map((t) => t.requestId)), [triggering]);
  return (
    <section aria-labelledby="gallery-title" className="subsection">
      <h4 id="gallery-title">Flagged inputs (PII redacted)</h4>
      {items.length === 0 ? (
        <EmptyState title="No request in this bundle was flagged." />
      ) : (
        <ul className="gallery">
          {items.map((e) => (
            <li key={e.requestId} className="gallery-item">
              <div className="gallery-head">
                {triggeringIds.has(e.requestId) ? <span className="badge tone-bad">triggering</span> : null} <span className="mono">{shortId(e.requestId)}</span> · {e.version} · key {e.apiKeyId ?? '–'}
              </div>
              <pre className="input">{e.input.length > 400 ? `${e.input.slice(0, 400)}…` : e.input}</pre>
              <div className="muted small">{flags(e).join(', ') || 'named by the detector'}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function KeyTimelineChart({ events }: { readonly events: readonly BundleEventView[] }) {
  const timeline = useMemo(() => keyTimeline(events), [events]);
  const series = useMemo(() => timeline.keys.map((k) => ({ label: k })), [timeline]);
  const totals = timeline.keys.map((k, i) => `${k}: ${(timeline.y[i] ?? []).reduce((a, b) => a + b, 0)} requests`).join('; ');
  return (
    <section aria-labelledby="timeline-title" className="subsection">
      <h4 id="timeline-title">Queries per API key</h4>
      {timeline.x.length === 0 ? (
        <EmptyState title="No timed request in this bundle." />
      ) : (
        <LineChart caption={`Requests per API key per ${formatMs(timeline.bucketMs)}, over the requests the bundle holds`} summary={totals} x={timeline.x} y={timeline.y} series={series} yLabel="requests" />
      )}
    </section>
  );
}

function ExtractionAnomalies({ live }: { readonly live: LiveData }) {
  const rows = live.anomalies.filter((a) => a.kind === 'extraction_suspected' || a.apiKeys.length > 0).slice(0, 20);
  return (
    <section aria-labelledby="keys-title" className="subsection">
      <h4 id="keys-title">Anomalies that name API keys (extraction, containment)</h4>
      {rows.length === 0 ? (
        <EmptyState title="No anomaly named an API key." />
      ) : (
        <table className="table compact">
          <caption className="sr-only">Recent anomalies that name API keys</caption>
          <thead>
            <tr>
              <th scope="col">Detected</th>
              <th scope="col">Model</th>
              <th scope="col">Rule</th>
              <th scope="col">Keys</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td>{formatTime(a.detectedAt)}</td>
                <td>
                  {a.model} {a.version}
                </td>
                <td>
                  <code>{a.rule}</code>
                </td>
                <td>{a.apiKeys.join(', ')}</td>
                <td>{a.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * @module dashboard/views/debug
 * The debug view: the per-class adversarial success matrix of a red-team report, the
 * forensic bundle browser with its flagged-input gallery and per-API-key query timeline,
 * and a version's provenance from the registry.
 */
import { useMemo, useState } from 'react';
import type { Session } from '../api/session';
import { EmptyState } from '../components/empty-state';
import { formatPercent, formatTime, shortId } from '../lib/format';
import { classMatrix } from '../lib/redteam';
import type { LiveData } from '../state/use-live';
import { useReports } from '../state/use-reports';
import { BundleBrowser } from './debug-bundles';
import { Provenance } from './debug-provenance';

export interface DebugViewProps {
  readonly session: Session;
  readonly live: LiveData;
  /** The bundle to show (digest), e.g. opened from an on-call incident. */
  readonly bundle: string | undefined;
  readonly onSelectBundle: (digest: string) => void;
}

export function DebugView({ session, live, bundle, onSelectBundle }: DebugViewProps) {
  return (
    <>
      <h2 className="view-title">Debug</h2>
      <ClassMatrix session={session} />
      <BundleBrowser session={session} live={live} selected={bundle} onSelect={onSelectBundle} />
      <Provenance session={session} live={live} />
    </>
  );
}

function shade(rate: number | null): string {
  if (rate === null) return 'heat-0';
  return `heat-${Math.min(4, Math.max(1, Math.ceil(rate * 4)))}`;
}

function ClassMatrix({ session }: { readonly session: Session }) {
  const reports = useReports(session.api);
  const withClasses = useMemo(() => (reports.data ?? []).filter((r) => classMatrix(r).classes.length > 0), [reports.data]);
  const [digest, setDigest] = useState<string | undefined>(undefined);
  const report = withClasses.find((r) => r.digest === digest) ?? withClasses[0];
  const matrix = report === undefined ? undefined : classMatrix(report);
  return (
    <section aria-labelledby="matrix-title" className="card">
      <h3 id="matrix-title">Adversarial success by class</h3>
      {reports.loading && reports.data === undefined ? <p className="loading">Loading red-team reports…</p> : null}
      {reports.error === undefined ? null : <p className="field-error">Red-team reports could not be read: {reports.error}</p>}
      {reports.data !== undefined && report === undefined ? (
        <EmptyState title="No red-team report with per-class results yet.">
          <p>
            The matrix reads the attacks of a <code>redteam-report</code> document (per-class rates, or per-sample results with labels). None is attached to any version so far.
          </p>
        </EmptyState>
      ) : null}
      {report === undefined || matrix === undefined ? null : (
        <>
          <label htmlFor="matrix-report">Report</label>
          <select id="matrix-report" value={report.digest} onChange={(e) => setDigest(e.target.value)}>
            {withClasses.map((r) => (
              <option key={r.digest} value={r.digest}>
                {r.model} {r.version} · {formatTime(r.attachedAt)} · {shortId(r.digest)}
              </option>
            ))}
          </select>
          <table className="table heatmap">
            <caption>
              Share of eligible samples of each class (columns) that each attack (rows) turned into a misclassification; {report.model} {report.version}
            </caption>
            <thead>
              <tr>
                <th scope="col">Attack</th>
                {matrix.classes.map((c) => (
                  <th key={c} scope="col" className="num">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.attacks.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.id}</th>
                  {matrix.classes.map((c) => {
                    const rate = a.perClass[c] ?? null;
                    return (
                      <td key={c} className={`num heat ${shade(rate)}`}>
                        {formatPercent(rate)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/**
 * @module dashboard/views/debug-provenance
 * A version's provenance from the registry (GET /api/v1/models/{model}/versions): the
 * artifact's sha256, signature, notes, the dataset manifest it was trained on (a
 * `dataset-manifest` document, by digest), its status history and attached documents, and
 * how it differs from another version of the model (artifact, manifest, baselines).
 * Document contents are not served by the API: digests identify them
 * (`bulwark dataset diff` compares two manifests byte for byte).
 */
import { useMemo, useState } from 'react';
import type { Version } from '../api/openapi-types';
import type { Session } from '../api/session';
import { EmptyState } from '../components/empty-state';
import { formatBytes, formatTime, shortId } from '../lib/format';
import { useFetch } from '../state/use-fetch';
import type { LiveData } from '../state/use-live';

function field(record: Version['record'], name: string): string | undefined {
  const v = record[name];
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return undefined;
}

function manifestOf(v: Version): string | undefined {
  return field(v.record, 'datasetManifestDigest') ?? v.documents.find((d) => d.kind === 'dataset-manifest')?.digest;
}

function digests(v: Version, kind: string): string {
  return v.documents.filter((d) => d.kind === kind).map((d) => shortId(d.digest)).join(', ') || '–';
}

export function Provenance({ session, live }: { readonly session: Session; readonly live: LiveData }) {
  const [model, setModel] = useState<string | undefined>(undefined);
  const chosenModel = model ?? live.models[0]?.name;
  const versions = useFetch((signal) => (chosenModel === undefined ? Promise.resolve({ versions: [] as Version[] }) : session.api.call('listModelVersions', { params: { model: chosenModel }, signal })), [session.api, chosenModel]);
  const list = versions.data?.versions ?? [];
  const [version, setVersion] = useState<string | undefined>(undefined);
  const [other, setOther] = useState<string | undefined>(undefined);
  const current = list.find((v) => v.record.version === version) ?? list.at(-1);
  const compare = list.find((v) => v.record.version === other) ?? list.find((v) => v !== current);
  const rows = useMemo(() => (current === undefined || compare === undefined ? [] : diffRows(current, compare)), [current, compare]);
  return (
    <section aria-labelledby="provenance-title" className="card">
      <h3 id="provenance-title">Version provenance</h3>
      <div className="controls">
        <div>
          <label htmlFor="prov-model">Model</label>
          <select id="prov-model" value={chosenModel ?? ''} onChange={(e) => setModel(e.target.value)}>
            {live.models.map((m) => (
              <option key={m.name}>{m.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="prov-version">Version</label>
          <select id="prov-version" value={current?.record.version ?? ''} onChange={(e) => setVersion(e.target.value)}>
            {list.map((v) => (
              <option key={v.record.version}>{v.record.version}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="prov-other">Compare with</label>
          <select id="prov-other" value={compare?.record.version ?? ''} onChange={(e) => setOther(e.target.value)}>
            {list.map((v) => (
              <option key={v.record.version}>{v.record.version}</option>
            ))}
          </select>
        </div>
      </div>
      {versions.error === undefined ? null : <p className="field-error">The registry could not be read: {versions.error}</p>}
      {versions.data !== undefined && current === undefined ? <EmptyState title="No version of this model is registered.">Register one with <code>bulwark registry add</code>.</EmptyState> : null}
      {current === undefined ? null : (
        <div className="grid-2">
          <dl className="facts wide">
            <div>
              <dt>Status</dt>
              <dd>{current.status}</dd>
            </div>
            <div>
              <dt>Artifact sha256</dt>
              <dd>
                <code className="wrap">{current.record.artifact.digest}</code> ({formatBytes(current.record.artifact.sizeBytes)})
              </dd>
            </div>
            <div>
              <dt>Dataset manifest</dt>
              <dd>{manifestOf(current) === undefined ? 'none registered (bulwark registry add --dataset-manifest)' : <code className="wrap">{manifestOf(current)}</code>}</dd>
            </div>
            <div>
              <dt>Input/output signature</dt>
              <dd className="clip">{field(current.record, 'signature') ?? '–'}</dd>
            </div>
            <div>
              <dt>Notes</dt>
              <dd>{field(current.record, 'notes') ?? '–'}</dd>
            </div>
            <div>
              <dt>Registered</dt>
              <dd>{formatTime(current.record.createdAt)}</dd>
            </div>
          </dl>
          <div>
            <h4>Status history</h4>
            <ol className="history">
              {current.history.map((h) => (
                <li key={h.seq}>
                  {formatTime(h.at)} · <strong>{h.status}</strong> by {h.actor}
                  {typeof h['reason'] === 'string' ? ` (${h['reason']})` : ''}
                </li>
              ))}
            </ol>
            <h4>Documents</h4>
            {current.documents.length === 0 ? (
              <p className="muted">None attached.</p>
            ) : (
              <ul className="history">
                {current.documents.map((d) => (
                  <li key={`${d.kind}-${d.digest}`}>
                    <strong>{d.kind}</strong> <code title={d.digest}>{shortId(d.digest)}</code> · {formatTime(d.attachedAt)} by {d.actor}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
      {rows.length === 0 || current === undefined || compare === undefined ? null : (
        <table className="table compact">
          <caption>
            {current.record.version} compared with {compare.record.version}
          </caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">{current.record.version}</th>
              <th scope="col">{compare.record.version}</th>
              <th scope="col">Same?</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.what}>
                <th scope="row">{r.what}</th>
                <td className="mono">{r.a}</td>
                <td className="mono">{r.b}</td>
                <td>{r.a === r.b ? 'same' : <strong>differs</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function diffRows(a: Version, b: Version): { what: string; a: string; b: string }[] {
  return [
    { what: 'Artifact', a: shortId(a.record.artifact.digest), b: shortId(b.record.artifact.digest) },
    { what: 'Dataset manifest', a: shortId(manifestOf(a) ?? '–'), b: shortId(manifestOf(b) ?? '–') },
    { what: 'Baselines', a: digests(a, 'baseline'), b: digests(b, 'baseline') },
    { what: 'Red-team reports', a: digests(a, 'redteam-report'), b: digests(b, 'redteam-report') },
    { what: 'Status', a: a.status, b: b.status },
  ];
}

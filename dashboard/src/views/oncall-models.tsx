/**
 * @module dashboard/views/oncall-models
 * Each model's route state (active, LKG, canary weights, shadow, epoch) and breaker, with
 * the operator commands: unfreeze a frozen breaker, approve a roll-forward of a rolled-back
 * one. A token whose role may not (GET /api/v1/whoami says so; a viewer) sees the buttons
 * disabled with the reason (the API refuses it with 403 anyway); an operator sees why a
 * command does not apply in the breaker's state.
 */
import { useState } from 'react';
import type { Model } from '../api/openapi-types';
import type { Session } from '../api/session';
import { BreakerBadge } from '../components/badges';
import { CommandDialog } from '../components/command-dialog';
import type { CommandKind } from '../components/command-dialog';
import { EmptyState } from '../components/empty-state';
import { formatTime } from '../lib/format';
import type { LiveData } from '../state/use-live';

function weights(model: Model): string {
  const w = model.route?.weights;
  if (w === undefined) return 'none (all on active)';
  return Object.entries(w).map(([v, p]) => `${v} ${p}%`).join(' · ');
}

function shadow(model: Model): string {
  const s = model.route?.shadow;
  return s === undefined ? '–' : `${s.version} ${s.percent}%`;
}

/** Why an operator cannot use a command now (undefined: they can). */
function blocked(model: Model, kind: CommandKind): string | undefined {
  const state = model.breaker?.kind;
  if (state === undefined) return 'no breaker: the model has no rollback rule';
  if (kind === 'unfreeze') return state === 'frozen' ? undefined : `not frozen (${state.replace(/_/g, ' ')})`;
  if (state === 'rolled_back') return undefined;
  return state === 'frozen' ? 'frozen: unfreeze first, then approve' : `approvals apply to a rolled-back breaker (now ${state.replace(/_/g, ' ')})`;
}

export function ModelsPanel({ session, live }: { readonly session: Session; readonly live: LiveData }) {
  const [dialog, setDialog] = useState<{ model: Model; kind: CommandKind; open: boolean } | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  // Both commands need the operator role today; each button still follows its own permission.
  const mayUnfreeze = session.can.unfreeze;
  const mayApprove = session.can.approve;
  return (
    <section aria-labelledby="models-title" className="card">
      <h3 id="models-title">Models: routes and breakers</h3>
      {mayUnfreeze && mayApprove ? null : (
        <p id="viewer-note" className="note">
          Approve and unfreeze need an <strong>operator</strong> token: you are signed in with a {session.role} token, so they are disabled here (and the API answers it 403).
        </p>
      )}
      <p className="status-line" role="status">
        {notice ?? ''}
      </p>
      {live.models.length === 0 ? (
        <EmptyState title={live.loadedAt === undefined ? 'Loading models…' : 'No model is declared.'} />
      ) : (
        <table className="table">
          <caption className="sr-only">The route in force and the breaker of each model</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Active</th>
              <th scope="col">LKG</th>
              <th scope="col">Canary weights</th>
              <th scope="col">Shadow</th>
              <th scope="col" className="num">Epoch</th>
              <th scope="col">Breaker</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {live.models.map((m) => {
              const unfreeze = mayUnfreeze ? blocked(m, 'unfreeze') : `${session.role} token`;
              const approve = mayApprove ? blocked(m, 'approve') : `${session.role} token`;
              const unfreezeHint = mayUnfreeze && unfreeze !== undefined ? `hint-unfreeze-${m.name}` : undefined;
              const approveHint = mayApprove && approve !== undefined ? `hint-approve-${m.name}` : undefined;
              return (
                <tr key={m.name} data-model={m.name}>
                  <th scope="row">{m.name}</th>
                  <td>{m.route?.active ?? m.declaredRoute.active}</td>
                  <td>{m.route?.lkg ?? '–'}</td>
                  <td>{weights(m)}</td>
                  <td>{shadow(m)}</td>
                  <td className="num">{m.route?.epoch ?? '–'}</td>
                  <td>
                    <BreakerBadge kind={m.breaker?.kind ?? null} />
                    {m.breaker?.kind === 'frozen' && typeof m.breaker['reason'] === 'string' ? <span className="muted"> {m.breaker['reason'].replace(/_/g, ' ')}</span> : null}
                    {m.breaker === null ? null : <div className="muted small">since {formatTime(m.breaker.since)}</div>}
                  </td>
                  <td className="actions">
                    <button type="button" className="button" disabled={unfreeze !== undefined} aria-describedby={mayUnfreeze ? unfreezeHint : 'viewer-note'} onClick={() => setDialog({ model: m, kind: 'unfreeze', open: true })}>
                      Unfreeze…
                    </button>
                    <button type="button" className="button" disabled={approve !== undefined} aria-describedby={mayApprove ? approveHint : 'viewer-note'} onClick={() => setDialog({ model: m, kind: 'approve', open: true })}>
                      Approve roll-forward…
                    </button>
                    {unfreezeHint === undefined ? null : (
                      <div id={unfreezeHint} className="muted small">
                        Unfreeze: {unfreeze}
                      </div>
                    )}
                    {approveHint === undefined ? null : (
                      <div id={approveHint} className="muted small">
                        Approve: {approve}
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {dialog === undefined ? null : (
        <CommandDialog
          session={session}
          model={dialog.model}
          kind={dialog.kind}
          open={dialog.open}
          // Closed but kept mounted: the native dialog's close event gives focus back to the button.
          onClose={() => setDialog({ ...dialog, open: false })}
          onDone={(message) => {
            setNotice(message);
            live.refresh();
          }}
        />
      )}
    </section>
  );
}

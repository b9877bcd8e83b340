/**
 * @module dashboard/components/command-dialog
 * The confirmation dialog of an operator command: approve a roll-forward (to a version) or
 * unfreeze a breaker, with a required reason (it goes to the audit log under the token id).
 * The command is queued by the API (202) and followed (GET /api/v1/commands/{id}) until
 * the orchestrator applied or rejected it; a refusal (409 from the breaker, 403 for a
 * viewer) is shown as the API words it.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { Model, QueuedCommand } from '../api/openapi-types';
import type { Session } from '../api/session';
import { Dialog } from './dialog';

export type CommandKind = 'approve' | 'unfreeze';

export interface CommandDialogProps {
  readonly session: Session;
  readonly model: Model;
  readonly kind: CommandKind;
  readonly open: boolean;
  readonly onClose: () => void;
  /** The command settled (applied or rejected): a line for the page's status area. */
  readonly onDone: (message: string) => void;
}

const FOLLOW_MS = 15_000;

/** The version an approval targets by default: the quarantined suspect, else the first that is not the LKG. */
export function defaultTarget(model: Model): string {
  const suspect = model.breaker?.['suspect'];
  const lkg = model.breaker?.lkg ?? model.route?.lkg;
  if (typeof suspect === 'string' && suspect !== lkg) return suspect;
  return model.versions.find((v) => v !== lkg) ?? model.versions[0] ?? '';
}

async function follow(session: Session, id: number): Promise<QueuedCommand> {
  const deadline = Date.now() + FOLLOW_MS;
  for (;;) {
    const command = await session.api.call('getCommand', { params: { id } });
    if (command.status !== 'pending' || Date.now() > deadline) return command;
    await new Promise((done) => setTimeout(done, 250));
  }
}

export function CommandDialog({ session, model, kind, open, onClose, onDone }: CommandDialogProps) {
  const title = kind === 'approve' ? `Approve a roll-forward of ${model.name}` : `Unfreeze the breaker of ${model.name}`;
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <CommandForm session={session} model={model} kind={kind} onClose={onClose} onDone={onDone} />
    </Dialog>
  );
}

function CommandForm({ session, model, kind, onClose, onDone }: Omit<CommandDialogProps, 'open'>) {
  const lkg = model.breaker?.lkg ?? model.route?.lkg;
  const targets = model.versions.filter((v) => v !== lkg);
  const [version, setVersion] = useState(() => defaultTarget(model));
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (reason.trim() === '') return setProblem('A reason is required: it goes to the audit log with your token id.');
    setProblem(undefined);
    setFailure(undefined);
    setBusy(true);
    try {
      const params = { model: model.name };
      const { command } = kind === 'approve' ? await session.api.call('approveRollForward', { params, body: { version, reason: reason.trim() } }) : await session.api.call('unfreezeBreaker', { params, body: { reason: reason.trim() } });
      const settled = await follow(session, command.id);
      if (settled.status === 'rejected') {
        setFailure(`The orchestrator rejected command #${settled.id}: ${settled.detail ?? 'no detail'}`);
        setBusy(false);
        return;
      }
      onDone(`Command #${settled.id} (${kind === 'approve' ? `approve ${version}` : 'unfreeze'} on ${model.name}) ${settled.status}${settled.detail === null ? '' : `: ${settled.detail}`}`);
      onClose();
    } catch (err) {
      setFailure(err instanceof ApiError ? `${err.code} (${err.status}): ${err.message}` : (err as Error).message);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="command-form">
      <p>
        {kind === 'approve'
          ? `Traffic moves from ${lkg ?? 'the LKG'} to the version you choose in canary steps; any anomaly on it rolls back again.`
          : 'Automation resumes from where the routes are pinned (they do not move); contained API keys are released.'}
      </p>
      {kind === 'approve' ? (
        <>
          <label htmlFor="command-version">Version to roll forward to</label>
          <select id="command-version" value={version} onChange={(e) => setVersion(e.target.value)}>
            {targets.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <label htmlFor="command-reason">Reason (required)</label>
      <textarea
        id="command-reason"
        data-autofocus
        rows={3}
        required
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={problem === undefined ? undefined : true}
        aria-describedby={problem === undefined ? undefined : 'command-reason-error'}
      />
      {problem === undefined ? null : (
        <p id="command-reason-error" className="field-error" role="alert">
          {problem}
        </p>
      )}
      {failure === undefined ? null : (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Sending…' : kind === 'approve' ? 'Approve roll-forward' : 'Unfreeze'}
        </button>
      </div>
    </form>
  );
}

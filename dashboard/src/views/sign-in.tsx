/**
 * @module dashboard/views/sign-in
 * The sign-in form: paste a control-plane token (viewer or operator). It is checked
 * against the API before the dashboard opens, and kept in this tab's sessionStorage only.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api/client';

export function SignIn({ onSignIn }: { readonly onSignIn: (token: string) => Promise<void> }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (token.trim() === '') return setError('Paste a token first.');
    setBusy(true);
    setError(undefined);
    try {
      await onSignIn(token);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'This token is not accepted by the control plane (401).' : (err as Error).message);
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1 className="brand">bulwark</h1>
      <form onSubmit={(e) => void submit(e)} className="card" noValidate>
        <h2>Sign in</h2>
        <p>
          Paste a control-plane token. A <strong>viewer</strong> token shows everything; an <strong>operator</strong> token can also approve a roll-forward and unfreeze a breaker.{' '}
          <code>bulwark demo --keep</code> prints one of each.
        </p>
        <label htmlFor="token">Token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error === undefined ? undefined : true}
          aria-describedby={error === undefined ? 'token-help' : 'token-help token-error'}
        />
        <p id="token-help" className="help">
          Kept in this tab only (sessionStorage); sent as <code>Authorization: Bearer</code>.
        </p>
        {error === undefined ? null : (
          <p id="token-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

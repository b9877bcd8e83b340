/**
 * @module dashboard/app
 * The dashboard shell: sign-in with a token (kept in sessionStorage), then three views in a
 * tablist (executive, on-call, debug; the URL hash remembers which), fed by the live state
 * (API + event stream). The header says who is signed in and whether the stream is live.
 */
import { useCallback, useEffect, useState } from 'react';
import { forgetToken, savedToken, saveToken, signIn } from './api/session';
import type { Session } from './api/session';
import { SignIn } from './views/sign-in';
import { Tabs, tabPanelProps } from './components/tabs';
import { useLive } from './state/use-live';
import { ExecutiveView } from './views/executive';
import { OnCallView } from './views/oncall';
import { DebugView } from './views/debug';

const VIEWS = [
  { id: 'executive', label: 'Executive' },
  { id: 'oncall', label: 'On-call' },
  { id: 'debug', label: 'Debug' },
] as const;

type ViewId = (typeof VIEWS)[number]['id'];

function viewFromHash(): ViewId {
  const id = window.location.hash.replace(/^#/, '').split('?')[0];
  return VIEWS.find((v) => v.id === id)?.id ?? 'oncall';
}

export function App() {
  const [session, setSession] = useState<Session | undefined>(undefined);
  const [restoring, setRestoring] = useState(() => savedToken() !== undefined);

  useEffect(() => {
    const token = savedToken();
    if (token === undefined) return;
    signIn(token)
      .then(setSession)
      .catch(() => forgetToken())
      .finally(() => setRestoring(false));
  }, []);

  const onSignIn = useCallback(async (token: string) => {
    const s = await signIn(token);
    saveToken(token.trim());
    setSession(s);
  }, []);

  const onSignOut = useCallback(() => {
    forgetToken();
    setSession(undefined);
  }, []);

  if (session === undefined) {
    return restoring ? <p className="loading">Signing in…</p> : <SignIn onSignIn={onSignIn} />;
  }
  return <Shell session={session} onSignOut={onSignOut} />;
}

function Shell({ session, onSignOut }: { readonly session: Session; readonly onSignOut: () => void }) {
  const [view, setView] = useState<ViewId>(viewFromHash);
  const [bundle, setBundle] = useState<string | undefined>(undefined);
  const live = useLive(session);

  useEffect(() => {
    const onHash = (): void => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const select = (id: string): void => {
    const next = VIEWS.find((v) => v.id === id)?.id ?? 'oncall';
    setView(next);
    window.history.replaceState(null, '', `#${next}`);
  };
  const openBundle = (digest: string): void => {
    setBundle(digest);
    select('debug');
  };

  return (
    <div className="app">
      <header className="top">
        <h1 className="brand">bulwark</h1>
        <Tabs tabs={VIEWS} selected={view} onSelect={select} label="Dashboard views" />
        <div className="who">
          <span className={`stream stream-${live.stream}`} role="status" aria-live="polite">
            {live.stream === 'live' ? 'Live' : live.stream === 'connecting' ? 'Connecting…' : live.stream === 'reconnecting' ? 'Reconnecting…' : 'Stream closed'}
          </span>
          <span className="role">
            Signed in as <strong>{session.role}</strong>
          </span>
          <button type="button" className="button secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      {live.error === undefined ? null : (
        <p className="banner error" role="alert">
          The control plane did not answer: {live.error}
        </p>
      )}
      <main className="panel">
        <div {...tabPanelProps(view)} className="tabpanel">
          {view === 'executive' ? <ExecutiveView session={session} live={live} /> : null}
          {view === 'oncall' ? <OnCallView session={session} live={live} onOpenBundle={openBundle} /> : null}
          {view === 'debug' ? <DebugView session={session} live={live} bundle={bundle} onSelectBundle={setBundle} /> : null}
        </div>
      </main>
    </div>
  );
}

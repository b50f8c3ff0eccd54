/**
 * The demo's shell: top bar, silent-refresh indicator, session notices and
 * the screen for the current route and session status.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { useAuth } from '@baton/web/react';
import type { Activity } from './activity.js';
import { hrefOf, useRoute } from './router.js';
import { RefreshIndicator } from './components/RefreshIndicator.js';
import { SessionNotice } from './components/SessionNotice.js';
import { AuthForm } from './pages/AuthForm.js';
import { AccountPage } from './pages/AccountPage.js';
import { SessionsPage } from './pages/SessionsPage.js';

/** Props of {@link App}. */
export interface AppProps {
  /** The session activity feed (refreshes, why the session ended). */
  activity: Activity;
}

/** The whole demo app. */
export function App({ activity }: AppProps) {
  const { status, user, logout } = useAuth();
  const [route, navigate] = useRoute();
  const feed = useSyncExternalStore(activity.subscribe, activity.getSnapshot);
  const signedIn = status === 'signedIn';

  // Signed in on an auth screen (after signing in): go to the account.
  useEffect(() => {
    if (signedIn && (route === 'signin' || route === 'signup')) navigate('account');
  }, [signedIn, route, navigate]);

  return (
    <div className="shell" data-status={status}>
      <header className="topbar">
        <a className="brand" href={hrefOf(signedIn ? 'account' : 'signin')}>
          Baton <span>demo</span>
        </a>
        {signedIn && (
          <nav>
            <a href={hrefOf('account')} aria-current={route === 'account' ? 'page' : undefined}>
              Account
            </a>
            <a href={hrefOf('sessions')} aria-current={route === 'sessions' ? 'page' : undefined}>
              Sessions
            </a>
          </nav>
        )}
        <div className="who">
          {signedIn ? (
            <>
              <span className="pill ok" data-testid="signed-in-as">
                {user?.email}
              </span>
              <button className="secondary" onClick={() => void logout()}>
                Sign out
              </button>
            </>
          ) : (
            <span className="pill">{status === 'loading' ? 'Restoring…' : 'Signed out'}</span>
          )}
        </div>
      </header>

      {signedIn && <RefreshIndicator count={feed.refreshCount} at={feed.lastRefreshAt} />}

      <main className="card">
        {status === 'loading' ? (
          <p className="muted" data-testid="restoring">
            Restoring your session…
          </p>
        ) : !signedIn ? (
          <>
            {feed.notice && <SessionNotice kind={feed.notice} />}
            <AuthForm mode={route === 'signup' ? 'signup' : 'signin'} />
          </>
        ) : route === 'sessions' ? (
          <SessionsPage activity={activity} />
        ) : (
          <AccountPage />
        )}
      </main>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { useBatonClient } from '@baton/web/react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { DemoMeDocument } from '../documents.js';
import { clockTime, dateTime } from '../format.js';

/** Seconds until the access token in memory expires (ticks every second), or `null` without one. */
function useTokenSecondsLeft(): number | null {
  const { store } = useBatonClient();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const expiresAt = store.expiresAt();
  return expiresAt === null ? null : Math.round((expiresAt - now) / 1000);
}

/** The protected account page: `me`, loaded from the network on every visit. */
export function AccountPage() {
  const { data, loading, error, refetch } = useQuery(DemoMeDocument, { fetchPolicy: 'network-only', notifyOnNetworkStatusChange: true });
  const secondsLeft = useTokenSecondsLeft();

  return (
    <section data-testid="account-page">
      <h1>Your account</h1>
      {error ? (
        <ErrorMessage error={error} onRetry={() => void refetch().catch(() => {})} />
      ) : !data ? (
        <p className="muted">Loading…</p>
      ) : (
        <dl className="facts" data-testid="me">
          <dt>Email</dt>
          <dd data-testid="me-email">{data.me.email}</dd>
          <dt>Role</dt>
          <dd>{data.me.role}</dd>
          <dt>User id</dt>
          <dd className="mono">{data.me.id}</dd>
          <dt>Member since</dt>
          <dd>{dateTime(data.me.createdAt)}</dd>
        </dl>
      )}
      <div className="row">
        <button className="secondary" onClick={() => void refetch().catch(() => {})} disabled={loading}>
          {loading ? 'Loading…' : 'Reload from the API'}
        </button>
        <span className="muted" data-testid="token-expiry">
          {secondsLeft === null
            ? 'No access token in memory.'
            : secondsLeft > 0
              ? `Access token expires in ${secondsLeft}s (at ${clockTime(new Date(Date.now() + secondsLeft * 1000))}).`
              : 'Access token expired: the next request refreshes it silently.'}
        </span>
      </div>
    </section>
  );
}

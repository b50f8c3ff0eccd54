import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { useAuth } from '@baton/web/react';
import type { Activity } from '../activity.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { DemoLogoutAllDocument, DemoRevokeSessionDocument, DemoSessionsDocument } from '../documents.js';
import { dateTime, describeUserAgent } from '../format.js';

/** The protected sessions page: every live session, revoke one, or sign out everywhere. */
export function SessionsPage({ activity }: { activity: Activity }) {
  const { logout } = useAuth();
  const { data, error, refetch } = useQuery(DemoSessionsDocument, { fetchPolicy: 'network-only' });
  const [revokeSession] = useMutation(DemoRevokeSessionDocument);
  const [logoutAll] = useMutation(DemoLogoutAllDocument);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const act = async (key: string, action: () => Promise<unknown>) => {
    setBusy(key);
    setActionError(null);
    try {
      await action();
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusy(null);
    }
  };

  const revoke = (id: string) =>
    act(id, async () => {
      await revokeSession({ variables: { id } });
      await refetch();
    });

  const signOutEverywhere = () =>
    act('all', async () => {
      await logoutAll();
      activity.markSignedOutEverywhere();
      await logout();
    });

  return (
    <section data-testid="sessions-page">
      <div className="heading">
        <h1>Sessions</h1>
        <button className="danger" onClick={() => void signOutEverywhere()} disabled={busy !== null} data-testid="logout-all">
          Sign out everywhere
        </button>
      </div>
      <p className="muted">Every browser or device signed in to your account. Revoking one signs it out at its next request.</p>
      {actionError !== null && <ErrorMessage error={actionError} />}
      {error ? (
        <ErrorMessage error={error} onRetry={() => void refetch().catch(() => {})} />
      ) : !data ? (
        <p className="muted">Loading…</p>
      ) : (
        <table className="sessions" data-testid="sessions">
          <thead>
            <tr>
              <th>Device</th>
              <th>Signed in</th>
              <th>Last active</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {data.sessions.map((s) => (
              <tr key={s.id} data-testid="session-row" data-current={s.current}>
                <td>
                  {describeUserAgent(s.userAgent)}
                  {s.current && <span className="pill ok">this browser</span>}
                </td>
                <td className="when">{dateTime(s.createdAt)}</td>
                <td className="when">{dateTime(s.lastUsedAt)}</td>
                <td className="actions">
                  <button className="secondary" onClick={() => void revoke(s.id)} disabled={busy !== null} data-testid="revoke">
                    {busy === s.id ? 'Revoking…' : 'Revoke'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

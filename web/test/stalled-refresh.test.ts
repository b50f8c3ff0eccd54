/**
 * A refresh request that never answers (a stalled connection; HttpLink has
 * no timeout) must not hold the session hostage: logout aborts it, and a
 * timeout fails it, so the next refresh can run.
 */
import { MeDocument, createBatonClient } from '../src/index.js';
import { alice } from './fake-api.js';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const payload = (accessToken: string) => ({ accessToken, accessTokenExpiresAt: '2099-01-01T00:00:00Z', user: alice });

/** Through the real HttpLink: the first refresh stalls until aborted, later ones answer. */
function stallingFetch() {
  const log: string[] = [];
  let refreshes = 0;
  const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body));
    log.push(body.operationName);
    switch (body.operationName) {
      case 'BatonLogin':
        return json({ data: { login: payload('login-token') } });
      case 'BatonLogout':
        return json({ data: { logout: true } });
      case 'BatonRefreshToken':
        if (++refreshes === 1) {
          return new Promise<Response>((_resolve, reject) => {
            init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          });
        }
        return json({ data: { refreshToken: payload('fresh-token') } });
      default: {
        const auth = new Headers(init?.headers).get('authorization');
        return auth === 'Bearer fresh-token'
          ? json({ data: { me: alice } })
          : json({ data: null, errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' } }] });
      }
    }
  }) as typeof globalThis.fetch;
  return { fetch, log, refreshes: () => refreshes };
}

test('logout aborts a stalled refresh, so after signing in again the next refresh is not stuck behind it', async () => {
  const wire = stallingFetch();
  const baton = createBatonClient({ uri: 'https://api.test/graphql', fetch: wire.fetch, coordination: false, leewaySeconds: 0 });
  await baton.login('alice@example.com', 'correct horse');
  const first = baton.client.query({ query: MeDocument, fetchPolicy: 'network-only' });
  await new Promise((r) => setTimeout(r, 20));
  expect(wire.refreshes()).toBe(1); // stalled

  await baton.logout();
  await expect(first).rejects.toBeTruthy(); // cancelled, not hanging

  await baton.login('alice@example.com', 'correct horse');
  const { data } = await baton.client.query({ query: MeDocument, fetchPolicy: 'network-only' });
  expect(data?.me.email).toBe(alice.email);
  expect(wire.refreshes()).toBe(2);
  baton.stop();
});

test('a refresh that does not answer within refreshTimeoutMs fails instead of hanging', async () => {
  const wire = stallingFetch();
  const ended = jest.fn();
  const baton = createBatonClient({ uri: 'https://api.test/graphql', fetch: wire.fetch, coordination: false, leewaySeconds: 0, refreshTimeoutMs: 50, onSessionEnd: ended });
  await baton.login('alice@example.com', 'correct horse');
  await expect(baton.client.query({ query: MeDocument, fetchPolicy: 'network-only' })).rejects.toMatchObject({ code: 'REFRESH_FAILED' });
  expect(ended).toHaveBeenCalledTimes(1);
  baton.stop();
});

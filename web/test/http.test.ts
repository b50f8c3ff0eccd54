import { TOKEN_TRANSPORT_HEADER } from '@baton/shared';
import { MeDocument, createBatonClient } from '../src/index.js';
import { alice } from './fake-api.js';

/** A fake `fetch` in front of the real HttpLink: records what would go over the wire. */
function fakeFetch() {
  const calls: { headers: Record<string, string>; credentials?: RequestCredentials; body: { operationName: string; variables?: object } }[] = [];
  let refreshes = 0;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = jest.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = JSON.parse(String(init?.body));
    calls.push({ headers, credentials: init?.credentials, body });
    const payload = (accessToken: string) => ({ accessToken, accessTokenExpiresAt: '2099-01-01T00:00:00Z', user: alice });
    switch (body.operationName) {
      case 'BatonLogin':
        return json(200, { data: { login: payload('first') } });
      case 'BatonRefreshToken':
        refreshes++;
        return json(200, { data: { refreshToken: payload('second') } });
      default:
        // a gateway in front of the API rejects the stale token with a non-GraphQL 401
        return headers.authorization === 'Bearer second' ? json(200, { data: { me: alice } }) : new Response('Unauthorized', { status: 401 });
    }
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls, refreshes: () => refreshes };
}

test('through the real HttpLink: cookie mode, credentials include, a 401 is refreshed and retried with the new header', async () => {
  const wire = fakeFetch();
  const baton = createBatonClient({ uri: 'https://api.test/graphql', fetch: wire.fetch, coordination: false });
  await baton.login('alice@example.com', 'correct horse');
  const { data } = await baton.client.query({ query: MeDocument });
  expect(data?.me.email).toBe(alice.email);
  expect(wire.refreshes()).toBe(1);
  expect(wire.calls.map((c) => [c.body.operationName, c.headers.authorization, c.headers[TOKEN_TRANSPORT_HEADER], c.credentials])).toEqual([
    ['BatonLogin', undefined, 'cookie', 'include'],
    ['BatonMe', 'Bearer first', undefined, 'include'],
    ['BatonRefreshToken', undefined, 'cookie', 'include'],
    ['BatonMe', 'Bearer second', undefined, 'include'],
  ]);
  expect(wire.calls[2]!.body.variables ?? {}).toEqual({});
  baton.stop();
});

/**
 * The issue-2 end-to-end proof: a real ApolloClient with createAuthLink and
 * HttpLink against a real Baton server (real HTTP, real SQLite file), with
 * 2-second access tokens. After the token expires, 20 concurrent distinct
 * queries must cause exactly one refreshToken call and all return data.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql, type TypedDocumentNode } from '@apollo/client';
import { createAuthLink } from '../../src/link/auth-link.js';
import { startTestServer, type TestServer, registerUser } from '../../../api/test/support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ ACCESS_TOKEN_TTL: '2s', JWT_CLOCK_TOLERANCE: '0s' });
});
afterAll(() => t.stop());

/** A fetch that counts the refreshToken mutations it sends, as the server sees them. */
function countingFetch() {
  const calls = { refresh: 0, total: 0 };
  const fetchImpl: typeof fetch = (input, init) => {
    calls.total++;
    if (typeof init?.body === 'string' && /refreshToken\s*\(/.test(init.body)) calls.refresh++;
    return fetch(input, init);
  };
  return { calls, fetchImpl };
}

const REFRESH: TypedDocumentNode<{ refreshToken: { accessToken: string; refreshToken: string } }, { refreshToken: string }> = gql`
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) { accessToken refreshToken }
  }
`;

it('20 concurrent queries with an expired access token cause exactly one refresh and all return data', async () => {
  const user = await registerUser(t);
  let accessToken = user.accessToken;
  let refreshToken = user.refreshToken;
  const { calls, fetchImpl } = countingFetch();

  // The refresh goes through the same client: the link must let it pass
  // (it is a credential operation) instead of queueing it behind itself.
  const client: ApolloClient = new ApolloClient({
    cache: new InMemoryCache(),
    link: ApolloLink.from([
      createAuthLink({
        getAccessToken: () => accessToken,
        refresh: async () => {
          const { data } = await client.mutate({ mutation: REFRESH, variables: { refreshToken } });
          accessToken = data!.refreshToken.accessToken;
          refreshToken = data!.refreshToken.refreshToken;
          return accessToken;
        },
      }),
      new HttpLink({ uri: t.url, fetch: fetchImpl }),
    ]),
  });

  // Distinct operations: same field, 20 different operation names and aliases.
  const queries = Array.from({ length: 20 }, (_, i) => gql(`query Me${i} { me${i}: me { id email } }`));
  const warm = await client.query({ query: queries[0], fetchPolicy: 'network-only' });
  expect((warm.data as any).me0.id).toBe(user.user.id);

  await new Promise((r) => setTimeout(r, 2_300)); // let the 2 s access token expire
  const before = { ...calls };
  const results = await Promise.all(queries.map((query) => client.query({ query, fetchPolicy: 'network-only' })));

  expect(calls.refresh - before.refresh).toBe(1);
  results.forEach((r, i) => expect((r.data as any)[`me${i}`]).toMatchObject({ id: user.user.id, email: user.email }));
  // The rotated family has exactly one rotation in the database.
  const rows = await t.server.services.db.refreshTokens.find({ where: {} });
  const sessionRows = rows.filter((row) => row.rotatedAt !== null);
  expect(sessionRows).toHaveLength(1);
  await client.stop();
});

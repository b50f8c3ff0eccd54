/**
 * Document size: a huge document of repeated, unaliased fields slips past the
 * alias and depth limits but costs the event loop ~1 s to validate. The
 * parser's token cap (MAX_QUERY_TOKENS) refuses it first.
 */
import { startTestServer, type TestServer } from './support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

it('a document over MAX_QUERY_TOKENS (default 5000) is refused as GRAPHQL_PARSE_FAILED, not validated', async () => {
  const query = `{ ${'__typename '.repeat(6000)}}`; // 6002 tokens, ~66 KB: under the body limit
  const r = await t.gql(query);
  expect(r.status).toBe(400);
  expect(r.body.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
  expect(r.body.errors![0].message).toMatch(/5000 tokens/);
});

it('a document under the cap is served', async () => {
  const r = await t.gql(`{ ${'__typename '.repeat(400)}}`);
  expect(r.body.errors).toBeUndefined();
  expect(r.status).toBe(200);
  expect(r.body.data.__typename).toBe('Query');
});

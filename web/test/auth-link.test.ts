import { ApolloClient, ApolloLink, CombinedGraphQLErrors, InMemoryCache, ServerError, gql } from '@apollo/client';
import { AuthCancelledError, AuthRefreshError, createAuthLink, isCredentialOperation, type AuthLinkOptions } from '../src/index.js';
import {
  ItemQuery,
  RefreshMutation,
  deferred,
  flush,
  http401,
  jwt,
  nowSeconds,
  run,
  scriptedLink,
  unauthenticated,
  type Script,
} from './helpers.js';

const ok = (id = '1'): ApolloLink.Result => ({ data: { item: { __typename: 'Item', id } } });

/** A server accepting only `valid` (a mutable reference), failing others with UNAUTHENTICATED. */
function server(accepted: { token: string }) {
  const script: Script = (req) =>
    req.authorization === `Bearer ${accepted.token}` ? ok(String(req.variables.id ?? '1')) : unauthenticated();
  return scriptedLink(script);
}

/** An auth link over a token variable, with a controllable refresh. */
function setup(overrides: Partial<AuthLinkOptions> = {}, terminating = server({ token: 'new' })) {
  const tokens = { current: 'old' as string | null };
  const pending = deferred<string | null>();
  const refresh = jest.fn(async () => {
    const token = await pending.promise;
    tokens.current = token;
    return token;
  });
  const onRefreshFailure = jest.fn();
  const auth = createAuthLink({ getAccessToken: () => tokens.current, refresh, onRefreshFailure, ...overrides });
  return { tokens, pending, refresh, onRefreshFailure, auth, link: ApolloLink.from([auth, terminating.link]), requests: terminating.requests };
}

describe('createAuthLink', () => {
  test('attaches Authorization: Bearer <token> read before each operation', async () => {
    const term = server({ token: 'old' });
    const { link, requests, tokens } = setup({}, term);
    await run(link).done;
    tokens.current = 'old';
    await run(link, ItemQuery, { id: '2' }).done;
    expect(requests.map((r) => r.authorization)).toEqual(['Bearer old', 'Bearer old']);
  });

  test('sends no Authorization header when there is no token', async () => {
    const term = scriptedLink(() => ok());
    const { link, requests, tokens } = setup({}, term);
    tokens.current = null;
    const { done } = run(link);
    expect((await done).values).toEqual([ok()]);
    expect(requests[0]!.authorization).toBeUndefined();
  });

  test('N concurrent auth failures cause exactly one refresh and N successful retries', async () => {
    const { link, refresh, pending, requests } = setup();
    const ops = [1, 2, 3, 4, 5].map((id) => run(link, ItemQuery, { id: String(id) }));
    await flush();
    expect(requests).toHaveLength(5);
    pending.resolve('new');
    const results = await Promise.all(ops.map((op) => op.done));
    expect(refresh).toHaveBeenCalledTimes(1);
    results.forEach((seen, i) => {
      expect(seen.values).toEqual([ok(String(i + 1))]); // the failed first result was suppressed
      expect(seen.completed).toBe(true);
    });
    expect(requests.slice(5).map((r) => r.authorization)).toEqual(Array(5).fill('Bearer new'));
  });

  test('an operation started during a refresh waits and goes out with the new token', async () => {
    const { link, pending, requests, refresh } = setup();
    const first = run(link);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
    const late = run(link, ItemQuery, { id: '2' });
    await flush();
    expect(requests.filter((r) => r.variables.id === '2')).toHaveLength(0); // still waiting
    pending.resolve('new');
    expect((await late.done).values).toEqual([ok('2')]);
    await first.done;
    expect(requests.filter((r) => r.variables.id === '2').map((r) => r.authorization)).toEqual(['Bearer new']);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  test('a retry that fails with an auth error again is surfaced without a second refresh', async () => {
    const { link, pending, refresh, requests } = setup({}, server({ token: 'never-valid' }));
    const op = run(link);
    await flush();
    pending.resolve('new');
    const seen = await op.done;
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(requests).toHaveLength(2);
    expect(seen.values).toEqual([unauthenticated()]);
    expect(seen.completed).toBe(true);
  });

  test('a retried transport 401 is surfaced as the ServerError it was', async () => {
    const { link, pending, refresh } = setup({}, scriptedLink(() => http401()));
    const op = run(link);
    await flush();
    pending.resolve('new');
    const seen = await op.done;
    expect(ServerError.is(seen.error)).toBe(true);
    expect((seen.error as ServerError).statusCode).toBe(401);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  test('a failed refresh errors every waiting operation, calls onRefreshFailure once, completes none empty', async () => {
    const { link, pending, onRefreshFailure, requests } = setup();
    const ops = [1, 2, 3].map((id) => run(link, ItemQuery, { id: String(id) }));
    await flush();
    const late = run(link, ItemQuery, { id: '4' }); // queued during the refresh
    const cause = new Error('refresh cookie expired');
    pending.reject(cause);
    const results = await Promise.all([...ops, late].map((op) => op.done));
    for (const seen of results) {
      expect(seen.completed).toBe(false);
      expect(seen.values).toEqual([]);
      expect(seen.error).toBeInstanceOf(AuthRefreshError);
      expect((seen.error as AuthRefreshError).code).toBe('REFRESH_FAILED');
      expect((seen.error as AuthRefreshError).cause).toBe(cause);
    }
    expect(onRefreshFailure).toHaveBeenCalledTimes(1);
    expect(onRefreshFailure.mock.calls[0]![0]).toBe(results[0]!.error);
    expect(requests.filter((r) => r.variables.id === '4')).toHaveLength(0);
  });

  test('a refresh resolving with null counts as failed', async () => {
    const { link, pending, onRefreshFailure } = setup();
    const op = run(link);
    await flush();
    pending.resolve(null);
    const seen = await op.done;
    expect(AuthRefreshError.is(seen.error)).toBe(true);
    expect(onRefreshFailure).toHaveBeenCalledTimes(1);
  });

  test('unsubscribing a waiting operation removes it: it is never sent', async () => {
    const { link, pending, requests } = setup();
    const first = run(link);
    await flush();
    const waiting = run(link, ItemQuery, { id: 'gone' });
    await flush();
    waiting.subscription.unsubscribe();
    pending.resolve('new');
    await first.done;
    await flush();
    expect(requests.some((r) => r.variables.id === 'gone')).toBe(false);
    expect(waiting.seen.values).toEqual([]);
  });

  test('unsubscribing an operation whose retry waits for the refresh means it is not retried', async () => {
    const { link, pending, requests } = setup();
    const op = run(link);
    await flush();
    op.subscription.unsubscribe();
    pending.resolve('new');
    await flush();
    expect(requests).toHaveLength(1);
  });

  test('an HTTP 401 ServerError (non-GraphQL body) triggers refresh and retry', async () => {
    const term = scriptedLink((req) => (req.authorization === 'Bearer new' ? ok() : http401()));
    const { link, pending, refresh, requests } = setup({}, term);
    const op = run(link);
    await flush();
    pending.resolve('new');
    const seen = await op.done;
    expect(seen.values).toEqual([ok()]);
    expect(seen.error).toBeUndefined();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(requests.map((r) => r.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  test('other errors pass through untouched, without refresh', async () => {
    const boom = new Error('network down');
    const { link, refresh } = setup({}, scriptedLink(() => boom));
    const seen = await run(link).done;
    expect(seen.error).toBe(boom);
    expect(refresh).not.toHaveBeenCalled();
  });

  test('a custom isAuthError decides what triggers a refresh', async () => {
    const term = scriptedLink((req) =>
      req.authorization === 'Bearer new' ? ok() : { data: null, errors: [{ message: 'x', extensions: { code: 'SESSION_GONE' } }] },
    );
    const isAuthError = jest.fn((e: unknown) => CombinedGraphQLErrors.is(e) && e.errors[0]!.extensions?.code === 'SESSION_GONE');
    const { link, pending } = setup({ isAuthError }, term);
    const op = run(link);
    await flush();
    pending.resolve('new');
    expect((await op.done).values).toEqual([ok()]);
    expect(isAuthError).toHaveBeenCalled();
  });

  test('skip: the refresh mutation goes through the same link without looping or deadlocking', async () => {
    const tokens = { current: 'old' };
    const term = scriptedLink((req) => {
      if (req.operationName === 'Refresh') return { data: { refreshToken: { accessToken: 'new' } } };
      return req.authorization === 'Bearer new' ? ok() : unauthenticated();
    });
    let client!: ApolloClient;
    const refresh = jest.fn(async () => {
      const { data } = await client.mutate<{ refreshToken: { accessToken: string } }>({ mutation: RefreshMutation, fetchPolicy: 'no-cache' });
      tokens.current = data!.refreshToken.accessToken;
      return tokens.current;
    });
    const auth = createAuthLink({ getAccessToken: () => tokens.current, refresh });
    client = new ApolloClient({ link: ApolloLink.from([auth, term.link]), cache: new InMemoryCache() });
    const { data } = await client.query({ query: ItemQuery, variables: { id: '1' } });
    expect(data).toEqual({ item: { __typename: 'Item', id: '1' } });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(term.requests.map((r) => [r.operationName, r.authorization])).toEqual([
      ['Item', 'Bearer old'],
      ['Refresh', undefined], // passed through untouched: no header, not queued behind its own refresh
      ['Item', 'Bearer new'],
    ]);
  });

  test('isCredentialOperation recognises credential root fields, also behind fragments', () => {
    const op = (source: string) => ({ query: gql(source), operationName: undefined });
    expect(isCredentialOperation(op('mutation { login(email: "a", password: "b") { accessToken } }'))).toBe(true);
    expect(isCredentialOperation(op('mutation { logout }'))).toBe(true);
    expect(isCredentialOperation(op('mutation { ... on Mutation { refreshToken { accessToken } } }'))).toBe(true);
    expect(isCredentialOperation(op('mutation { ...F } fragment F on Mutation { register(email: "a", password: "b") { accessToken } }'))).toBe(true);
    expect(isCredentialOperation(op('query { me { id } }'))).toBe(false);
    expect(isCredentialOperation(op('query { item(id: "login") { login: id } }'))).toBe(false); // aliases don't count
  });

  test('a retry never carries the stale header and keeps the other headers', async () => {
    const custom = new ApolloLink((operation, forward) => {
      operation.setContext(({ headers }) => ({ headers: { ...headers, 'x-trace': 't1' } }));
      return forward(operation);
    });
    const term = scriptedLink((req) => (req.authorization === 'Bearer new' ? ok() : unauthenticated()));
    const rest = setup({}, term);
    const chain = ApolloLink.from([custom, rest.auth, term.link]);
    const op = run(chain);
    await flush();
    rest.pending.resolve('new');
    await op.done;
    expect(term.requests.map((r) => r.headers)).toEqual([
      { 'x-trace': 't1', authorization: 'Bearer old' },
      { 'x-trace': 't1', authorization: 'Bearer new' },
    ]);
  });

  test('an operation that fails after another one already refreshed retries with that token, no second refresh', async () => {
    const answers = [deferred<ApolloLink.Result>(), deferred<ApolloLink.Result>()];
    const term = scriptedLink((req, i) => (i < 2 ? answers[i]!.promise : req.authorization === 'Bearer new' ? ok() : unauthenticated()));
    const { link, pending, refresh, requests } = setup({}, term);
    const a = run(link);
    const b = run(link, ItemQuery, { id: '2' });
    await flush();
    answers[0]!.resolve(unauthenticated());
    await flush();
    pending.resolve('new');
    await a.done;
    answers[1]!.resolve(unauthenticated()); // b was sent with 'old' and fails only now
    expect((await b.done).values).toEqual([ok()]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(requests.map((r) => r.authorization)).toEqual(['Bearer old', 'Bearer old', 'Bearer new', 'Bearer new']);
  });

  test('proactive refresh: a token expiring within leewaySeconds is refreshed before sending', async () => {
    const expiring = jwt({ exp: nowSeconds() + 10 });
    const fresh = jwt({ exp: nowSeconds() + 900 });
    const term = scriptedLink(() => ok());
    const { link, tokens, pending, refresh, requests } = setup({ leewaySeconds: 30 }, term);
    tokens.current = expiring;
    const op = run(link);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(requests).toHaveLength(0); // nothing went out with the expiring token
    pending.resolve(fresh);
    expect((await op.done).values).toEqual([ok()]);
    expect(requests.map((r) => r.authorization)).toEqual([`Bearer ${fresh}`]);
    await run(link).done; // the fresh token is far from expiry: no new refresh
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  test('proactive refresh leaves a fresh token whose whole lifetime is shorter than the leeway alone', async () => {
    const term = scriptedLink(() => ok());
    const { link, tokens, refresh, requests } = setup({ leewaySeconds: 30 }, term);
    const iat = nowSeconds();
    tokens.current = jwt({ iat, exp: iat + 20 }); // 20 s TTL, just issued
    await run(link).done;
    expect(refresh).not.toHaveBeenCalled();
    tokens.current = jwt({ iat: iat - 15, exp: iat + 5 }); // past half its lifetime
    const op = run(link);
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
    op.subscription.unsubscribe();
    expect(requests).toHaveLength(1);
  });

  test('proactive refresh is off without leewaySeconds', async () => {
    const term = scriptedLink(() => ok());
    const { link, tokens, refresh, requests } = setup({}, term);
    tokens.current = jwt({ exp: nowSeconds() + 5 });
    await run(link).done;
    expect(refresh).not.toHaveBeenCalled();
    expect(requests).toHaveLength(1);
  });

  test('cancel() while a refresh is pending rejects waiting operations as cancelled and ignores the late result', async () => {
    const { link, auth, pending, onRefreshFailure, requests } = setup();
    const op = run(link);
    await flush();
    const waiting = run(link, ItemQuery, { id: '2' });
    await flush();
    auth.cancel();
    const [a, b] = await Promise.all([op.done, waiting.done]);
    for (const seen of [a, b]) {
      expect(seen.error).toBeInstanceOf(AuthCancelledError);
      expect((seen.error as AuthCancelledError).code).toBe('CANCELLED');
      expect(seen.values).toEqual([]);
    }
    pending.resolve('new'); // late
    await flush();
    expect(requests).toHaveLength(1); // nothing was retried with the late token
    expect(onRefreshFailure).not.toHaveBeenCalled();
  });

  test('refresh() joins the refresh in flight', async () => {
    const { link, auth, pending, refresh } = setup();
    const op = run(link);
    await flush();
    const manual = auth.refresh();
    pending.resolve('new');
    await expect(manual).resolves.toBe('new');
    await op.done;
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  test('with ApolloClient, a failed refresh rejects the query with AuthRefreshError, not "completed without emitting"', async () => {
    const { auth, pending } = setup();
    const client = new ApolloClient({ link: ApolloLink.from([auth, server({ token: 'new' }).link]), cache: new InMemoryCache() });
    const query = client.query({ query: ItemQuery, variables: { id: '1' } });
    await flush();
    pending.reject(new Error('no cookie'));
    const error = await query.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthRefreshError);
    expect(String((error as Error).message)).not.toMatch(/without emitting/);
  });

  test('with ApolloClient, a watched query is retried transparently after a refresh', async () => {
    const { auth, pending } = setup();
    const client = new ApolloClient({ link: ApolloLink.from([auth, server({ token: 'new' }).link]), cache: new InMemoryCache() });
    const query = client.query({ query: ItemQuery, variables: { id: '7' } });
    await flush();
    pending.resolve('new');
    const { data, error } = await query;
    expect(error).toBeUndefined();
    expect(data).toEqual({ item: { __typename: 'Item', id: '7' } });
  });

  test('each link keeps its own state: a refresh in one does not hold operations of another', async () => {
    const one = setup();
    const two = setup({}, scriptedLink(() => ok()));
    const op1 = run(one.link);
    await flush();
    expect(one.refresh).toHaveBeenCalledTimes(1);
    const seen = await run(two.link).done; // not queued behind link one's refresh
    expect(seen.values).toEqual([ok()]);
    expect(two.refresh).not.toHaveBeenCalled();
    one.pending.resolve('new');
    await op1.done;
  });
});

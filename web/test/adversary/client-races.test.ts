/**
 * Adversary: client-side races and hangs in createAuthLink / createBatonClient.
 * Every test bounds its wait: a hang is reported as a failure, not a timeout.
 */
import { ApolloLink } from '@apollo/client';
import { AuthRefreshError, MeDocument, createAuthLink, createBatonClient } from '../../src/index.js';
import { alice, fakeApi } from '../fake-api.js';
import { deferred, flush, run, scriptedLink, unauthenticated, type Deferred } from '../helpers.js';

const HANG = Symbol('hang');
const within = <T>(promise: Promise<T>, ms = 1500): Promise<T | typeof HANG> =>
  Promise.race([promise, new Promise<typeof HANG>((resolve) => setTimeout(() => resolve(HANG), ms))]);

const payload = (accessToken: string) => ({ __typename: 'AuthPayload', accessToken, accessTokenExpiresAt: '2099-01-01T00:00:00.000Z', user: alice });

describe('adversary: createBatonClient', () => {
  test('overriding authLink.skip (a documented option) must not deadlock the cookie refresh', async () => {
    const { api, link } = fakeApi();
    // A plausible override: "never attach tokens to my public Ping query". It
    // replaces the default skip, so the client's own refreshToken mutation now
    // goes through the auth link and waits for… the refresh it is.
    const baton = createBatonClient({ link, coordination: false, authLink: { skip: (op) => op.operationName === 'Ping' } });
    await baton.login('alice@example.com', 'correct horse');
    api.valid.clear(); // the access token expired
    const outcome = await within(
      baton.client.query({ query: MeDocument, fetchPolicy: 'network-only' }).then(
        (r) => r.data?.me.id,
        (e: unknown) => e,
      ),
    );
    expect(outcome).not.toBe(HANG);
    expect(outcome).toBe('u1');
    baton.stop();
  });

  test('a stale refresh failing after a fresh login must not sign the new session out', async () => {
    const refreshAnswer: Deferred<void> = deferred<void>();
    let issued = 0;
    const valid = new Set<string>();
    const { link } = scriptedLink(async (req) => {
      switch (req.operationName) {
        case 'BatonLogin': {
          const token = `at-${++issued}`;
          valid.add(token);
          return { data: { login: payload(token) } };
        }
        case 'BatonRefreshToken':
          // The request carried the old, dead cookie: the server refuses it
          // (and, in a browser, would even clear the cookie).
          await refreshAnswer.promise;
          return unauthenticated('REFRESH_TOKEN_EXPIRED');
        case 'BatonMe': {
          const token = req.authorization?.replace(/^Bearer /, '');
          return token && valid.has(token) ? { data: { me: alice } } : unauthenticated();
        }
        default:
          return { data: { logout: true } };
      }
    });
    const onSessionEnd = jest.fn();
    const baton = createBatonClient({ link, coordination: false, onSessionEnd });
    await baton.login('alice@example.com', 'correct horse'); // at-1
    valid.clear(); // session idle-expired server-side
    const pending = baton.client.query({ query: MeDocument, fetchPolicy: 'network-only' }).catch((e: unknown) => e);
    await flush();
    // Meanwhile the user signs in again (e.g. the app showed the login form).
    await baton.login('alice@example.com', 'correct horse'); // at-2, a brand new session
    expect(baton.store.get()).toBe('at-2');
    refreshAnswer.resolve(); // the stale refresh now fails
    await within(pending);
    await flush();
    expect(baton.getSession().status).toBe('signedIn');
    expect(baton.store.get()).toBe('at-2');
    expect(onSessionEnd).not.toHaveBeenCalled();
    baton.stop();
  });
});

describe('adversary: createAuthLink', () => {
  test('cancel() during a refresh must not let a second refresh() run concurrently with the first', async () => {
    let active = 0;
    let maxActive = 0;
    const answers: Deferred<string>[] = [];
    const refresh = () => {
      active++;
      maxActive = Math.max(maxActive, active);
      const d = deferred<string>();
      answers.push(d);
      return d.promise.finally(() => active--);
    };
    let token = 'old';
    const auth = createAuthLink({ getAccessToken: () => token, refresh });
    const { link: terminating } = scriptedLink((req) => (req.authorization === 'Bearer fresh' ? { data: { item: { id: '1' } } } : unauthenticated()));
    const link = ApolloLink.from([auth, terminating]);

    const first = run(link);
    await flush();
    expect(answers).toHaveLength(1); // refresh #1 in flight
    auth.cancel(); // logout: waiting operations are rejected, the late result ignored
    await first.done;

    token = 'stale-after-relogin';
    const second = run(link);
    await flush();
    // Contract: refresh() is called "at most once at a time". Refresh #1 has not settled.
    expect(maxActive).toBe(1);

    answers.forEach((d) => d.resolve('fresh'));
    token = 'fresh';
    await within(second.done);
    second.subscription.unsubscribe();
  });

  test('getAccessToken throwing synchronously on the retry must error the operation, not hang it', async () => {
    let calls = 0;
    const auth = createAuthLink({
      getAccessToken: () => {
        if (++calls > 1) throw new Error('storage unavailable');
        return 'a';
      },
      refresh: async () => 'b',
    });
    const { link: terminating } = scriptedLink(() => unauthenticated());
    const op = run(ApolloLink.from([auth, terminating]));
    const seen = await within(op.done);
    expect(seen).not.toBe(HANG);
    expect((op.seen.error as Error | undefined)?.message).toBe('storage unavailable');
  });

  test('a refresh failure is reported once, and AuthRefreshError reaches every waiter', async () => {
    // Control: this one holds (kept to document what was covered).
    const onRefreshFailure = jest.fn();
    const auth = createAuthLink({ getAccessToken: () => 'a', refresh: async () => null, onRefreshFailure });
    const { link: terminating } = scriptedLink(() => unauthenticated());
    const link = ApolloLink.from([auth, terminating]);
    const ops = [run(link), run(link), run(link)];
    await Promise.all(ops.map((o) => within(o.done)));
    expect(ops.every((o) => AuthRefreshError.is(o.seen.error))).toBe(true);
    expect(onRefreshFailure).toHaveBeenCalledTimes(1);
  });
});

/**
 * Round 3 — cross-tab sign-in (`adoptRemoteToken`) and refresh abort/timeout.
 * Each test asserts the correct behaviour.
 */
import { ApolloLink } from '@apollo/client';
import { TOKEN_TRANSPORT_HEADER } from '@baton/shared';
import { Observable } from 'rxjs';
import { MeDocument, createBatonClient, createCoordinator, createTokenStore } from '../../src/index.js';
import { alice } from '../fake-api.js';
import { deferred, fakeChannelHub, fakeLock, scriptedLink, unauthenticated, type Deferred } from '../helpers.js';

const until = async (check: () => boolean, ms = 1000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const payload = (accessToken: string) => ({
  __typename: 'AuthPayload',
  accessToken,
  accessTokenExpiresAt: '2099-01-01T00:00:00.000Z',
  user: alice,
});

/** A tiny API: `me` accepts `valid`; refresh answers by `refreshAnswer` (may be held). */
function api() {
  const state = {
    valid: new Set<string>(),
    cookie: true,
    holdRefresh: null as Deferred<void> | null,
    issued: 0,
  };
  const { link, requests } = scriptedLink(async (req) => {
    switch (req.operationName) {
      case 'BatonRefreshToken': {
        const hold = state.holdRefresh;
        state.holdRefresh = null;
        const cookie = state.cookie; // the cookie the request carried when it was sent
        if (hold) await hold.promise;
        if (!cookie || req.headers[TOKEN_TRANSPORT_HEADER] !== 'cookie') return unauthenticated('REFRESH_TOKEN_INVALID');
        const token = `rt-${++state.issued}`;
        state.valid.add(token);
        return { data: { refreshToken: payload(token) } };
      }
      case 'BatonMe': {
        const token = req.authorization?.replace(/^Bearer /, '');
        return token && state.valid.has(token) ? { data: { me: alice } } : unauthenticated();
      }
      case 'BatonLogout':
        return { data: { logout: true } };
      default:
        return { data: null, errors: [{ message: `unknown ${req.operationName}` }] };
    }
  });
  return { state, link, requests };
}

test('a signed-out tab whose `me` for an adopted token needed a refresh still signs in', async () => {
  // The broadcast token is already stale for `me` (e.g. rejected once): the link
  // refreshes through the cookie and retries `me`, which succeeds with the new
  // token. The tab must end signed in — not signed out holding a valid token.
  const server = api();
  const hub = fakeChannelHub();
  const lock = fakeLock();
  const tabB = createBatonClient({ link: server.link, coordination: { lock, channel: hub.connect() } });
  server.state.cookie = false;
  await tabB.restore();
  expect(tabB.getSession().status).toBe('signedOut');
  server.state.cookie = true;

  const tabA = createCoordinator({ store: createTokenStore(), lock, channel: hub.connect() });
  tabA.publishToken('stale-token'); // `me` rejects it; the cookie refresh works
  await until(() => server.requests.filter((r) => r.operationName === "BatonMe").length >= 2);
  await sleep(20);
  expect(tabB.store.get()).toBe('rt-1');
  expect(tabB.getSession()).toEqual({ status: 'signedIn', user: alice });
  tabB.stop();
  tabA.close();
});

test('a token adopted during restore() is not thrown away when restore\'s own cookie refresh fails', async () => {
  const server = api();
  const hub = fakeChannelHub();
  const lock = fakeLock();
  server.state.cookie = false; // this tab has no session yet
  const held = (server.state.holdRefresh = deferred<void>());
  const tabB = createBatonClient({ link: server.link, coordination: { lock, channel: hub.connect() } });
  const restored = tabB.restore();
  await sleep(10); // restore's refresh is in flight

  // Meanwhile another tab signs in and broadcasts its token.
  server.state.valid.add('login-token');
  const tabA = createCoordinator({ store: createTokenStore(), lock, channel: hub.connect() });
  tabA.publishToken('login-token');
  await sleep(10);
  held.resolve(); // restore's refresh fails (it carried no cookie)
  await restored;
  await sleep(20);
  expect(tabB.store.get()).toBe('login-token');
  expect(tabB.getSession()).toEqual({ status: 'signedIn', user: alice });
  tabB.stop();
  tabA.close();
});

test('two quick broadcasts: the tab ends on the user of the token it holds, not of an older `me` answering last', async () => {
  const bob = { ...alice, id: 'u2', email: 'bob@example.com' };
  const answers = new Map<string, Deferred<ApolloLink.Result>>();
  const { link } = scriptedLink(async (req) => {
    if (req.operationName === 'BatonMe') {
      const d = deferred<ApolloLink.Result>();
      answers.set(req.authorization!.replace('Bearer ', ''), d);
      return d.promise;
    }
    return unauthenticated('REFRESH_TOKEN_INVALID');
  });
  const hub = fakeChannelHub();
  const lock = fakeLock();
  const tabB = createBatonClient({ link, coordination: { lock, channel: hub.connect() } });
  await tabB.restore();
  const tabA = createCoordinator({ store: createTokenStore(), lock, channel: hub.connect() });
  tabA.publishToken('bob-token');
  await until(() => answers.has('bob-token'));
  tabA.publishToken('alice-token'); // someone else signs in right after
  await sleep(10);
  answers.get('bob-token')!.resolve({ data: { me: bob } }); // the older `me` answers
  await sleep(10);
  answers.get('alice-token')?.resolve({ data: { me: alice } }); // (only if `me` was asked again for alice's token)
  await sleep(20);
  expect(tabB.store.get()).toBe('alice-token');
  expect(tabB.getSession().user?.id).toBe(alice.id);
  tabB.stop();
  tabA.close();
});

/** A terminating link that never answers refreshToken and ignores abort signals (a custom transport). */
function deafLink() {
  let refreshes = 0;
  const link = new ApolloLink((operation) => {
    if (operation.operationName === 'BatonRefreshToken') {
      refreshes++;
      return new Observable(() => {});
    }
    if (operation.operationName === 'BatonLogin') {
      return new Observable((o) => {
        o.next({ data: { login: payload('login-token') } });
        o.complete();
      });
    }
    return new Observable((o) => {
      o.next({ data: { logout: true } });
      o.complete();
    });
  });
  return { link, refreshes: () => refreshes };
}

test('refreshTimeoutMs fails a stalled refresh even when the terminating link ignores the abort signal', async () => {
  const wire = deafLink();
  const baton = createBatonClient({ link: wire.link, coordination: false, refreshTimeoutMs: 50 });
  const outcome = baton.refresh().then(
    () => 'resolved',
    () => 'rejected',
  );
  const result = await Promise.race([outcome, sleep(500).then(() => 'still hanging')]);
  expect(result).toBe('rejected');
  baton.stop();
});

test('with a custom link, logout releases a stalled refresh: the next session can refresh (and the Web Lock is free)', async () => {
  const wire = deafLink();
  const lock = fakeLock();
  const baton = createBatonClient({ link: wire.link, coordination: { lock, channel: null }, refreshTimeoutMs: 60_000 });
  await baton.login('alice@example.com', 'correct horse');
  void baton.refresh().catch(() => {});
  await sleep(10);
  expect(wire.refreshes()).toBe(1);
  await baton.logout();
  await baton.login('alice@example.com', 'correct horse');
  void baton.refresh().catch(() => {});
  await sleep(50);
  expect(wire.refreshes()).toBe(2); // not stuck behind the first
  baton.stop();
});

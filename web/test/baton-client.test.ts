import { CombinedGraphQLErrors } from '@apollo/client';
import { TOKEN_TRANSPORT_HEADER } from '@baton/shared';
import { AuthCancelledError, AuthRefreshError, MeDocument, createBatonClient, type BatonClientOptions } from '../src/index.js';
import { alice, fakeApi } from './fake-api.js';
import { fakeChannelHub, fakeLock, flush } from './helpers.js';

function setup(options: BatonClientOptions = {}) {
  const { api, link } = fakeApi();
  const onSessionEnd = jest.fn();
  const baton = createBatonClient({ link, onSessionEnd, coordination: false, ...options });
  return { api, baton, onSessionEnd };
}

const me = (baton: ReturnType<typeof setup>['baton']) => baton.client.query({ query: MeDocument, fetchPolicy: 'network-only' });

describe('createBatonClient', () => {
  test('login goes in cookie mode, stores the token and signs in; later queries carry it', async () => {
    const { api, baton } = setup();
    const user = await baton.login('alice@example.com', 'correct horse');
    expect(user.email).toBe(alice.email);
    expect(api.named('BatonLogin')[0]!.headers[TOKEN_TRANSPORT_HEADER]).toBe('cookie');
    expect(baton.store.get()).toBe('at-1');
    expect(baton.getSession()).toEqual({ status: 'signedIn', user: alice });
    const { data } = await me(baton);
    expect(data?.me.id).toBe('u1');
    expect(api.named('BatonMe')[0]!.authorization).toBe('Bearer at-1');
  });

  test('bad credentials reject login with the API error and leave the session signed out', async () => {
    const { baton } = setup();
    const error = await baton.login('alice@example.com', 'wrong').catch((e: unknown) => e);
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect(baton.store.get()).toBeNull();
    expect(baton.getSession().status).not.toBe('signedIn');
  });

  test('register signs in like login', async () => {
    const { api, baton } = setup();
    await baton.register('alice@example.com', 'correct horse');
    expect(api.named('BatonRegister')[0]!.headers[TOKEN_TRANSPORT_HEADER]).toBe('cookie');
    expect(baton.getSession().status).toBe('signedIn');
  });

  test('an expired token is refreshed through the cookie (no argument, transport header) and the query retried', async () => {
    const { api, baton } = setup();
    await baton.login('alice@example.com', 'correct horse');
    api.valid.clear(); // the access token expired server-side
    const { data } = await me(baton);
    expect(data?.me.id).toBe('u1');
    const [refresh] = api.named('BatonRefreshToken');
    expect(refresh!.headers[TOKEN_TRANSPORT_HEADER]).toBe('cookie');
    expect(refresh!.variables).toEqual({});
    expect(refresh!.authorization).toBeUndefined();
    expect(baton.store.get()).toBe('at-2');
    expect(api.named('BatonMe').map((r) => r.authorization)).toEqual(['Bearer at-1', 'Bearer at-2']);
  });

  test('a failed refresh ends the session once: store cleared, signed out, onSessionEnd("refresh-failed")', async () => {
    const { api, baton, onSessionEnd } = setup();
    await baton.login('alice@example.com', 'correct horse');
    api.valid.clear();
    api.cookie = false; // refresh token revoked
    const results = await Promise.allSettled([me(baton), baton.client.query({ query: MeDocument, fetchPolicy: 'no-cache' })]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect(AuthRefreshError.is((r as PromiseRejectedResult).reason)).toBe(true);
    }
    expect(api.named('BatonRefreshToken')).toHaveLength(1);
    expect(onSessionEnd).toHaveBeenCalledTimes(1);
    expect(onSessionEnd.mock.calls[0]![0]).toMatchObject({ reason: 'refresh-failed' });
    expect(AuthRefreshError.is(onSessionEnd.mock.calls[0]![0].error)).toBe(true);
    expect(baton.store.get()).toBeNull();
    expect(baton.getSession()).toEqual({ status: 'signedOut', user: null });
  });

  test('logout while a refresh is pending cancels the waiting operations and ignores the late refresh result', async () => {
    const { api, baton, onSessionEnd } = setup();
    await baton.login('alice@example.com', 'correct horse');
    api.valid.clear();
    const held = api.hold();
    const query = me(baton).catch((e: unknown) => e);
    await flush();
    expect(api.named('BatonRefreshToken')).toHaveLength(1); // refresh in flight
    await baton.logout();
    const error = await query;
    expect(error).toBeInstanceOf(AuthCancelledError);
    expect((error as AuthCancelledError).code).toBe('CANCELLED');
    api.cookie = true;
    held.resolve(); // the refresh answers late, with a new token
    await flush(50);
    expect(baton.store.get()).toBeNull(); // not stored
    expect(baton.getSession().status).toBe('signedOut');
    expect(api.named('BatonLogout')).toHaveLength(1);
    expect(api.named('BatonMe')).toHaveLength(1); // never retried
    expect(onSessionEnd.mock.calls.map((c) => c[0].reason)).toEqual(['logout']);
  });

  test('stop() while a refresh is pending cancels the waiting operations and ignores the late refresh result', async () => {
    const { api, baton } = setup();
    await baton.login('alice@example.com', 'correct horse');
    api.valid.clear();
    const held = api.hold();
    const query = me(baton).catch((e: unknown) => e);
    await flush();
    const tokenBefore = baton.store.get();
    baton.stop();
    expect(await query).toBeInstanceOf(AuthCancelledError);
    held.resolve();
    await flush(50);
    expect(baton.store.get()).toBe(tokenBefore);
    expect(api.named('BatonMe')).toHaveLength(1);
  });

  test('restore() signs in silently through the refresh cookie and loads me', async () => {
    const { api, baton, onSessionEnd } = setup();
    api.cookie = true; // a refresh cookie from a previous visit
    const session = await baton.restore();
    expect(session).toEqual({ status: 'signedIn', user: alice });
    expect(api.requests.map((r) => r.operationName)).toEqual(['BatonRefreshToken', 'BatonMe']);
    expect(onSessionEnd).not.toHaveBeenCalled();
  });

  test('restore() without a valid cookie ends signed out, without a session-end event', async () => {
    const { baton, onSessionEnd } = setup();
    const listener = jest.fn();
    baton.subscribe(listener);
    expect(baton.getSession().status).toBe('loading');
    expect((await baton.restore()).status).toBe('signedOut');
    expect(listener).toHaveBeenCalled();
    expect(onSessionEnd).not.toHaveBeenCalled();
  });

  test('two clients are isolated: tokens, sessions and refreshes are per instance', async () => {
    const one = setup();
    const two = setup();
    await one.baton.login('alice@example.com', 'correct horse');
    expect(two.baton.store.get()).toBeNull();
    expect(two.baton.getSession().status).toBe('loading');
    await Promise.allSettled([me(one.baton), me(two.baton)]);
    expect(one.api.named('BatonMe')[0]!.authorization).toBe('Bearer at-1');
    expect(two.api.named('BatonMe')[0]!.authorization).toBeUndefined();
    expect(one.onSessionEnd).not.toHaveBeenCalled();
  });

  test('logout in one tab ends the session in the other (remote-logout)', async () => {
    const hub = fakeChannelHub();
    const lock = fakeLock();
    const a = setup({ coordination: { lock, channel: hub.connect() } });
    const b = setup({ coordination: { lock, channel: hub.connect() } });
    await a.baton.login('alice@example.com', 'correct horse');
    expect(b.baton.store.get()).toBe('at-1'); // the login token was shared
    b.api.valid.add('at-1');
    await b.baton.restore();
    expect(b.baton.getSession().status).toBe('signedIn');
    await a.baton.logout();
    expect(hub.sent.at(-1)).toEqual({ type: 'logout' });
    expect(b.baton.store.get()).toBeNull();
    expect(b.baton.getSession().status).toBe('signedOut');
    expect(b.onSessionEnd.mock.calls.map((c) => c[0].reason)).toEqual(['remote-logout']);
  });
});

import { ApolloLink } from '@apollo/client';
import { createAuthLink, createCoordinator, createMutex, createTokenStore, type TokenStore } from '../src/index.js';
import { deferred, fakeChannelHub, fakeLock, flush, run, scriptedLink, unauthenticated } from './helpers.js';

const ok = { data: { item: { __typename: 'Item', id: '1' } } };

/** One "tab": a store, a coordinator on the shared lock/channel, an auth link and a terminating link. */
function tab(store: TokenStore, lock: ReturnType<typeof fakeLock>, hub: ReturnType<typeof fakeChannelHub>, refresh: () => Promise<string | null>) {
  const coordinator = createCoordinator({ store, lock, channel: hub.connect() });
  const term = scriptedLink((req) => (req.authorization === 'Bearer new' ? ok : unauthenticated()));
  const auth = createAuthLink({ getAccessToken: () => store.get(), refresh, coordinator });
  return { coordinator, requests: term.requests, link: ApolloLink.from([auth, term.link]) };
}

describe('cross-tab coordination', () => {
  test('two links sharing one store and one lock, failing at once: exactly one refresh, the second adopts the token', async () => {
    const store = createTokenStore({ token: 'old' });
    const lock = fakeLock();
    const hub = fakeChannelHub();
    const pending = deferred<string>();
    const refresh = jest.fn(() => pending.promise);
    const a = tab(store, lock, hub, refresh);
    const b = tab(store, lock, hub, refresh);
    const opA = run(a.link);
    const opB = run(b.link);
    await flush();
    expect(lock.requests).toHaveLength(2); // both links tried to refresh…
    pending.resolve('new');
    const [seenA, seenB] = await Promise.all([opA.done, opB.done]);
    expect(refresh).toHaveBeenCalledTimes(1); // …but only one did
    expect(seenA.values).toEqual([ok]);
    expect(seenB.values).toEqual([ok]);
    expect(b.requests.map((r) => r.authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(store.get()).toBe('new');
  });

  test('two tabs with their own stores: the token is broadcast and the waiting tab adopts it', async () => {
    const lock = fakeLock();
    const hub = fakeChannelHub();
    const storeA = createTokenStore({ token: 'old' });
    const storeB = createTokenStore({ token: 'old' });
    const pending = deferred<string>();
    const refreshA = jest.fn(() => pending.promise);
    const refreshB = jest.fn(async () => 'should-not-happen');
    const a = tab(storeA, lock, hub, refreshA);
    const b = tab(storeB, lock, hub, refreshB);
    const opA = run(a.link);
    const opB = run(b.link);
    await flush();
    pending.resolve('new');
    await Promise.all([opA.done, opB.done]);
    expect(refreshA).toHaveBeenCalledTimes(1);
    expect(refreshB).not.toHaveBeenCalled();
    expect(storeB.get()).toBe('new');
    expect(hub.sent).toEqual([{ type: 'token', token: 'new' }]);
    expect(b.requests.at(-1)!.authorization).toBe('Bearer new');
  });

  test('the lock reaches the waiting tab before the token broadcast does: it waits for the token instead of refreshing again', async () => {
    const lock = createMutex(); // has isHeld, like navigator.locks
    const hub = fakeChannelHub({ delayMs: 20 }); // the message lands after the lock is handed over
    const storeA = createTokenStore({ token: 'old' });
    const storeB = createTokenStore({ token: 'old' });
    const pending = deferred<string>();
    const refreshA = jest.fn(() => pending.promise);
    const refreshB = jest.fn(async () => 'second-refresh');
    const a = createAuthLink({ getAccessToken: () => storeA.get(), refresh: refreshA, coordinator: createCoordinator({ store: storeA, lock, channel: hub.connect() }) });
    const b = createAuthLink({ getAccessToken: () => storeB.get(), refresh: refreshB, coordinator: createCoordinator({ store: storeB, lock, channel: hub.connect() }) });
    const tokenA = a.refresh();
    await flush();
    const tokenB = b.refresh(); // starts while A holds the lock
    await flush();
    pending.resolve('new');
    await expect(tokenA).resolves.toBe('new');
    await expect(tokenB).resolves.toBe('new');
    expect(refreshA).toHaveBeenCalledTimes(1);
    expect(refreshB).not.toHaveBeenCalled();
  });

  test('a waiting tab refreshes itself when the other tab’s refresh failed (after the settle time)', async () => {
    const lock = createMutex();
    const hub = fakeChannelHub();
    const storeA = createTokenStore({ token: 'old' });
    const storeB = createTokenStore({ token: 'old' });
    const pending = deferred<string | null>();
    const a = createAuthLink({ getAccessToken: () => storeA.get(), refresh: () => pending.promise, coordinator: createCoordinator({ store: storeA, lock, channel: hub.connect() }) });
    const refreshB = jest.fn(async () => 'b-token');
    const b = createAuthLink({ getAccessToken: () => storeB.get(), refresh: refreshB, coordinator: createCoordinator({ store: storeB, lock, channel: hub.connect(), settleMs: 10 }) });
    const tokenA = a.refresh();
    await flush();
    const tokenB = b.refresh();
    await flush();
    pending.resolve(null); // A's refresh fails: no token is broadcast
    await expect(tokenA).rejects.toMatchObject({ code: 'REFRESH_FAILED' });
    await expect(tokenB).resolves.toBe('b-token');
    expect(refreshB).toHaveBeenCalledTimes(1);
  });

  test('a logout broadcast clears the other tab and tells its listeners', () => {
    const hub = fakeChannelHub();
    const storeA = createTokenStore({ token: 't' });
    const storeB = createTokenStore({ token: 't' });
    const a = createCoordinator({ store: storeA, lock: createMutex(), channel: hub.connect() });
    const b = createCoordinator({ store: storeB, lock: createMutex(), channel: hub.connect() });
    const onLogout = jest.fn();
    b.onLogout(onLogout);
    a.publishLogout();
    expect(storeB.get()).toBeNull();
    expect(onLogout).toHaveBeenCalledTimes(1);
    expect(storeA.get()).toBe('t'); // the sender ends its own session itself
  });

  test('a closed coordinator no longer reacts to messages', () => {
    const hub = fakeChannelHub();
    const store = createTokenStore({ token: 't' });
    const a = createCoordinator({ store: createTokenStore(), lock: createMutex(), channel: hub.connect() });
    const b = createCoordinator({ store, lock: createMutex(), channel: hub.connect() });
    b.close();
    a.publishLogout();
    expect(store.get()).toBe('t');
  });

  test('createMutex runs callbacks one at a time, in order', async () => {
    const mutex = createMutex();
    const log: string[] = [];
    const first = deferred<void>();
    const p1 = mutex.request('x', async () => {
      log.push('1 start');
      await first.promise;
      log.push('1 end');
    });
    const p2 = mutex.request('x', async () => void log.push('2'));
    await flush();
    expect(log).toEqual(['1 start']);
    first.resolve();
    await Promise.all([p1, p2]);
    expect(log).toEqual(['1 start', '1 end', '2']);
  });

  test('without a browser, no BroadcastChannel is opened (no cross-user leaks on a server)', () => {
    const store = createTokenStore();
    const spy = jest.spyOn(globalThis as unknown as { BroadcastChannel: typeof BroadcastChannel }, 'BroadcastChannel');
    const coordinator = createCoordinator({ store });
    expect(spy).not.toHaveBeenCalled();
    coordinator.close();
    spy.mockRestore();
  });
});

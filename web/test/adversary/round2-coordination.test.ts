/**
 * Adversary round 2: the settle wait of createCoordinator (a tab that queued
 * behind another tab's refresh waits up to `settleMs` for its broadcast) and
 * late token broadcasts. Every wait is bounded.
 */
import { createCoordinator, createMutex, createTokenStore } from '../../src/index.js';
import { deferred, fakeChannelHub, flush, jwt, nowSeconds } from '../helpers.js';

describe('adversary round 2: coordinator', () => {
  test('a tab waiting behind another tab must not refresh after a logout was broadcast meanwhile', async () => {
    const lock = createMutex(); // has isHeld, like navigator.locks
    const hub = fakeChannelHub();
    const storeA = createTokenStore({ token: 'old' });
    const storeB = createTokenStore({ token: 'old' });
    const a = createCoordinator({ store: storeA, lock, channel: hub.connect() });
    const b = createCoordinator({ store: storeB, lock, channel: hub.connect(), settleMs: 50 });
    const pendingA = deferred<string | null>();
    const runA = a.run(() => pendingA.promise); // tab A refreshes…
    await flush();
    const refreshB = jest.fn(async () => 'resurrected');
    const runB = b.run(refreshB); // …tab B queues behind it
    await flush();
    // The user logs out in tab A while its refresh is in flight: A's refresh
    // is superseded (fails), no token is broadcast, a logout is.
    a.publishLogout();
    pendingA.reject(new Error('superseded by logout'));
    await expect(runA).rejects.toThrow('superseded');
    const outcome = await runB.catch((e: unknown) => e);
    // B was told the session ended: it must not start a new refresh (with a
    // cookie that the logout request may not have revoked yet), and must not
    // hand a token to the link or the other tabs.
    expect(refreshB).not.toHaveBeenCalled();
    expect(outcome).not.toBe('resurrected');
    expect(storeB.get()).toBeNull();
    expect(hub.sent.filter((m) => m.type === 'token')).toEqual([]);
  });

  test('a tab that logged out itself does not refresh when its queued turn comes', async () => {
    const lock = createMutex();
    const hub = fakeChannelHub();
    const storeA = createTokenStore({ token: 'old' });
    const storeB = createTokenStore({ token: 'old' });
    const a = createCoordinator({ store: storeA, lock, channel: hub.connect() });
    const b = createCoordinator({ store: storeB, lock, channel: hub.connect(), settleMs: 50 });
    const pendingA = deferred<string | null>();
    const runA = a.run(() => pendingA.promise);
    await flush();
    const refreshB = jest.fn(async () => 'resurrected');
    const runB = b.run(refreshB);
    await flush();
    // Tab B logs out locally (createBatonClient: store cleared, logout published).
    storeB.clear();
    b.publishLogout();
    pendingA.resolve(null);
    await runA;
    await runB.catch(() => undefined);
    expect(refreshB).not.toHaveBeenCalled();
    expect(storeB.get()).toBeNull();
  });

  test('a late broadcast of an older token does not replace the newer token a tab holds', () => {
    const hub = fakeChannelHub();
    const t = nowSeconds();
    const older = jwt({ sub: 'u1', sid: 's1', iat: t - 120, exp: t + 780 });
    const newer = jwt({ sub: 'u1', sid: 's1', iat: t, exp: t + 900 });
    const store = createTokenStore({ token: newer });
    const sender = createCoordinator({ store: createTokenStore(), lock: createMutex(), channel: hub.connect() });
    createCoordinator({ store, lock: createMutex(), channel: hub.connect() });
    sender.publishToken(older); // delivered late, after the tab got `newer`
    expect(store.get()).toBe(newer);
  });
});

import { createTokenStore, type TokenStorage } from '../src/index.js';
import { deferred, flush, jwt, nowSeconds } from './helpers.js';

describe('createTokenStore', () => {
  test('keeps the token in memory and notifies subscribers of changes only', () => {
    const store = createTokenStore();
    const listener = jest.fn();
    const unsubscribe = store.subscribe(listener);
    expect(store.get()).toBeNull();
    store.set('a');
    store.set('a'); // unchanged: no event
    store.clear();
    unsubscribe();
    store.set('b');
    expect(listener.mock.calls).toEqual([['a'], [null]]);
    expect(store.get()).toBe('b');
  });

  test('decodes the expiry from the JWT exp claim', () => {
    const exp = nowSeconds() + 600;
    const store = createTokenStore({ token: jwt({ exp }) });
    expect(store.expiresAt()).toBe(exp * 1000);
    store.set('not-a-jwt');
    expect(store.expiresAt()).toBeNull();
  });

  test('never touches localStorage by default', () => {
    const setItem = jest.fn();
    const getItem = jest.fn();
    (globalThis as { localStorage?: unknown }).localStorage = { setItem, getItem };
    try {
      const store = createTokenStore();
      store.set('secret');
      expect(store.get()).toBe('secret');
      expect(setItem).not.toHaveBeenCalled();
      expect(getItem).not.toHaveBeenCalled();
    } finally {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });

  test('a storage adapter is loaded once and saved on every change', async () => {
    const saved: (string | null)[] = [];
    const storage: TokenStorage = { load: async () => 'persisted', save: (t) => void saved.push(t) };
    const store = createTokenStore({ storage });
    await store.ready;
    expect(store.get()).toBe('persisted');
    store.set('next');
    store.clear();
    await flush();
    expect(saved).toEqual(['next', null]);
  });

  test('a set() before the adapter finished loading wins over the loaded value', async () => {
    const loaded = deferred<string | null>();
    const store = createTokenStore({ storage: { load: () => loaded.promise, save: () => {} } });
    store.set('fresh');
    loaded.resolve('stale');
    await store.ready;
    expect(store.get()).toBe('fresh');
  });

  test('two stores share nothing', () => {
    const a = createTokenStore();
    const b = createTokenStore();
    const onB = jest.fn();
    b.subscribe(onB);
    a.set('alice');
    expect(b.get()).toBeNull();
    expect(onB).not.toHaveBeenCalled();
  });
});

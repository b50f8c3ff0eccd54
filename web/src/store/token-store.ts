/**
 * The access-token store: one per session holder (a browser tab, a server
 * request). Memory by default; nothing is module-level, so two stores — and
 * the clients built on them — never share a token.
 */
import { accessTokenExpiresAt } from '../jwt.js';

/**
 * Where a {@link TokenStore} persists its token (React Native's secure
 * storage, a Node session…). Not needed in browsers: the access token lives
 * in memory and the session survives reloads through the httpOnly refresh
 * cookie. Avoid `localStorage`: any script on the page can read it.
 */
export interface TokenStorage {
  /** Returns the persisted token, if any. Called once, when the store is created. */
  load(): string | null | undefined | Promise<string | null | undefined>;
  /** Persists `token` (`null`: forget it). */
  save(token: string | null): void | Promise<void>;
}

/** Called with the new token (`null` when cleared) whenever it changes. */
export type TokenListener = (token: string | null) => void;

/** Holds one access token. Create one with {@link createTokenStore}. */
export interface TokenStore {
  /** The current access token, or `null`. */
  get(): string | null;
  /** Replaces the token (`null` clears it); listeners run only if it changed. */
  set(token: string | null): void;
  /** Same as `set(null)`. */
  clear(): void;
  /** The token's expiry (its `exp` claim, decoded not verified) in ms since the epoch, or `null`. */
  expiresAt(): number | null;
  /** Calls `listener` on every change; returns the function that unsubscribes it. */
  subscribe(listener: TokenListener): () => void;
  /** Resolves once the storage adapter's `load()` has been applied (immediately without one). */
  readonly ready: Promise<void>;
}

/** Options of {@link createTokenStore}. */
export interface TokenStoreOptions {
  /** Initial token. Default `null`. */
  token?: string | null;
  /** Persistence adapter. Default: none (memory only). */
  storage?: TokenStorage;
  /** Called when the storage adapter's `load` or `save` fails. Default: ignore. */
  onStorageError?(error: unknown): void;
}

/** Creates an independent {@link TokenStore}. */
export function createTokenStore(options: TokenStoreOptions = {}): TokenStore {
  const { storage, onStorageError = () => {} } = options;
  const listeners = new Set<TokenListener>();
  let token: string | null = options.token ?? null;
  let changed = false; // set() ran before load() finished: keep that newer value
  let saving: Promise<void> = Promise.resolve();

  const apply = (next: string | null) => {
    if (next === token) return false;
    token = next;
    for (const listener of [...listeners]) listener(token);
    return true;
  };

  const store: TokenStore = {
    get: () => token,
    set(next) {
      changed = true;
      if (apply(next || null) && storage) {
        const value = token;
        saving = saving.then(() => storage.save(value)).catch(onStorageError); // in order
      }
    },
    clear: () => store.set(null),
    expiresAt: () => accessTokenExpiresAt(token),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    ready: storage
      ? Promise.resolve()
          .then(() => storage.load())
          .then((loaded) => void (changed || apply(loaded ?? null)), onStorageError)
      : Promise.resolve(),
  };
  return store;
}

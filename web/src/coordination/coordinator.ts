/**
 * One refresh across all tabs of an origin, and logout everywhere.
 *
 * A tab refreshes under a lock (Web Locks when present, an in-process mutex
 * otherwise). After taking the lock it first checks whether another tab
 * refreshed while it waited — learned through a broadcast channel that keeps
 * every tab's store up to date — and adopts that token instead of presenting
 * an already rotated refresh token (which the API treats as theft).
 *
 * Lock and channel are interfaces, so tests (or other runtimes) can inject
 * their own. Nothing here runs at import time, and nothing is module-level.
 */
import type { RefreshCoordinator } from '../link/auth-link.js';
import type { TokenStore } from '../store/token-store.js';
import { decodeAccessToken } from '../jwt.js';

/** What tabs tell each other. */
export type CoordinationMessage =
  /** A tab obtained a new access token (refresh or login). */
  | { type: 'token'; token: string }
  /** A tab logged out: every tab ends its session. */
  | { type: 'logout' };

/** An exclusive lock shared by the parties to coordinate (the shape of `navigator.locks`). */
export interface CoordinationLock {
  /** Runs `callback` while holding the lock `name`; resolves with its result. */
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
  /**
   * Whether some party holds the lock `name` right now. Optional; lets a
   * waiter know that the holder's result is on its way (see `settleMs`).
   */
  isHeld?(name: string): Promise<boolean>;
}

/** A message bus to the other parties (the sender does not receive its own messages). */
export interface CoordinationChannel {
  /** Sends `message` to every other party. */
  postMessage(message: CoordinationMessage): void;
  /** Calls `listener` for each message from another party; returns the function that unsubscribes it. */
  subscribe(listener: (message: CoordinationMessage) => void): () => void;
  /** Releases the channel. */
  close?(): void;
}

/** Options of {@link createCoordinator}. */
export interface CoordinatorOptions {
  /** The store to keep in sync with the other tabs. */
  store: TokenStore;
  /** Name of the lock and the channel. Default `'baton-auth'`. */
  name?: string;
  /** Default: {@link webLocks} when available, else {@link createMutex} (this coordinator only). */
  lock?: CoordinationLock;
  /** Default: {@link broadcastChannel} in a browser, else none (no cross-tab messages). */
  channel?: CoordinationChannel | null;
  /**
   * How long a tab that waited behind another tab's refresh waits, once it
   * holds the lock, for that tab's token message before refreshing itself.
   * Why: browsers hand the lock over and deliver the broadcast independently,
   * so the lock can arrive a few milliseconds before the token does.
   * Default 1000 ms; only spent when the other tab's refresh failed.
   */
  settleMs?: number;
}

/** Refresh serialisation plus cross-tab session events. Create with {@link createCoordinator}. */
export interface Coordinator extends RefreshCoordinator {
  /** Tells the other tabs about a token this tab obtained (e.g. at login). */
  publishToken(token: string): void;
  /** Tells the other tabs this tab logged out. */
  publishLogout(): void;
  /**
   * Calls `listener` with a token another tab obtained (login or refresh),
   * after the store adopted it; returns the unsubscribe function.
   */
  onToken(listener: (token: string) => void): () => void;
  /** Calls `listener` when another tab logs out (the store is already cleared); returns the unsubscribe function. */
  onLogout(listener: () => void): () => void;
  /** Stops listening and closes the channel. */
  close(): void;
}

/** An in-process mutex with the {@link CoordinationLock} shape (FIFO). */
export function createMutex(): CoordinationLock {
  let tail: Promise<unknown> = Promise.resolve();
  let held = false;
  return {
    request(_name, callback) {
      const run = tail.then(async () => {
        held = true;
        try {
          return await callback();
        } finally {
          held = false;
        }
      });
      tail = run.catch(() => {});
      return run;
    },
    isHeld: async () => held,
  };
}

/** `navigator.locks` as a {@link CoordinationLock}, or `undefined` where the Web Locks API is absent (SSR, old browsers). */
export function webLocks(): CoordinationLock | undefined {
  const locks = typeof navigator !== 'undefined' ? (navigator as { locks?: LockManager }).locks : undefined;
  if (!locks?.request) return undefined;
  return {
    request: (name, callback) => locks.request(name, () => callback()),
    isHeld: async (name) => !!(await locks.query()).held?.some((lock) => lock.name === name),
  };
}

/**
 * A `BroadcastChannel` as a {@link CoordinationChannel}, or `undefined`
 * outside a browser. (Node has a global `BroadcastChannel` too, shared by all
 * threads of a process: a server must not broadcast one user's token.)
 */
export function broadcastChannel(name: string): CoordinationChannel | undefined {
  if (typeof window === 'undefined' || typeof BroadcastChannel === 'undefined') return undefined;
  const bc = new BroadcastChannel(name);
  return {
    postMessage: (message) => bc.postMessage(message),
    subscribe(listener) {
      const onMessage = (event: MessageEvent) => listener(event.data as CoordinationMessage);
      bc.addEventListener('message', onMessage);
      return () => bc.removeEventListener('message', onMessage);
    },
    close: () => bc.close(),
  };
}

/**
 * Resolves with the store's next token other than `before`, or `null` after
 * `ms` — or at once when the store is cleared (a logout: nothing to wait for).
 */
function nextToken(store: TokenStore, before: string | null, ms: number): Promise<string | null> {
  return new Promise((resolve) => {
    const done = (token: string | null) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(token);
    };
    const timer = setTimeout(() => done(null), ms);
    const unsubscribe = store.subscribe((token) => {
      if (!token || token !== before) done(token);
    });
  });
}

/**
 * Whether a broadcast `incoming` token is older than the `current` one (an
 * earlier `iat`, or the same `iat` and an earlier `exp`; decoded, not
 * verified). A late message must not replace a newer token. Tokens that do
 * not decode are never "older".
 */
function isOlder(incoming: string, current: string | null): boolean {
  if (!current) return false;
  const a = decodeAccessToken(incoming);
  const b = decodeAccessToken(current);
  if (typeof a?.iat !== 'number' || typeof b?.iat !== 'number') return false;
  if (a.iat !== b.iat) return a.iat < b.iat;
  return typeof a.exp === 'number' && typeof b.exp === 'number' && a.exp < b.exp;
}

/** Creates a {@link Coordinator} for `store`. Pass it as the auth link's `coordinator`. */
export function createCoordinator(options: CoordinatorOptions): Coordinator {
  const { store, name = 'baton-auth', settleMs = 1000 } = options;
  const lock = options.lock ?? webLocks() ?? createMutex();
  const channel = options.channel === undefined ? broadcastChannel(name) : options.channel ?? undefined;
  const logoutListeners = new Set<() => void>();
  const tokenListeners = new Set<(token: string) => void>();
  /** Bumped by every logout, here or in another tab: a refresh queued before one must not run after it. */
  let logouts = 0;

  const unsubscribe = channel?.subscribe((message) => {
    if (message?.type === 'token' && typeof message.token === 'string') {
      if (isOlder(message.token, store.get())) return;
      store.set(message.token);
      for (const listener of [...tokenListeners]) listener(message.token);
    } else if (message?.type === 'logout') {
      logouts++;
      store.clear();
      for (const listener of [...logoutListeners]) listener();
    }
  });

  return {
    async run(refresh) {
      const key = `${name}:refresh`;
      const before = store.get();
      const startedAt = logouts;
      // Another tab is refreshing now: its token will reach us by broadcast.
      const behindAnother = (await lock.isHeld?.(key)) ?? false;
      return lock.request(key, async () => {
        const now = store.get();
        if (now && now !== before) return now; // another tab refreshed while we waited
        if (behindAnother && logouts === startedAt) {
          const adopted = await nextToken(store, before, settleMs);
          if (adopted) return adopted;
        }
        // The session ended (here or in another tab) while we waited: do not
        // start a refresh for it — the logout request may not have revoked
        // the cookie yet, and its token would resurrect a signed-out session.
        if (logouts !== startedAt) return null;
        const token = await refresh();
        if (token) {
          store.set(token);
          channel?.postMessage({ type: 'token', token });
        }
        return token;
      });
    },
    publishToken: (token) => channel?.postMessage({ type: 'token', token }),
    publishLogout: () => {
      logouts++;
      channel?.postMessage({ type: 'logout' });
    },
    onToken(listener) {
      tokenListeners.add(listener);
      return () => void tokenListeners.delete(listener);
    },
    onLogout(listener) {
      logoutListeners.add(listener);
      return () => void logoutListeners.delete(listener);
    },
    close() {
      unsubscribe?.();
      channel?.close?.();
      logoutListeners.clear();
      tokenListeners.clear();
    },
  };
}

/**
 * `createBatonClient`: an `ApolloClient` wired to Baton — token store, auth
 * link, cookie-mode refresh, cross-tab coordination, login/logout helpers and
 * a session state the React bindings (or anything else) can subscribe to.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { TOKEN_TRANSPORT_HEADER } from '@baton/shared';
import {
  createCoordinator,
  type Coordinator,
  type CoordinatorOptions,
} from '../coordination/coordinator.js';
import { AuthCancelledError, type AuthRefreshError } from '../errors.js';
import { decodeAccessToken } from '../jwt.js';
import { createAuthLink, isCredentialOperation, type AuthLink, type AuthLinkOptions } from '../link/auth-link.js';
import { createTokenStore, type TokenStore } from '../store/token-store.js';
import {
  LoginDocument,
  LogoutDocument,
  MeDocument,
  RefreshTokenDocument,
  RegisterDocument,
  type AuthPayloadFields,
  type BatonUser,
} from './documents.js';

/** Where the session stands: being restored, signed in, or signed out. */
export type AuthStatus = 'loading' | 'signedIn' | 'signedOut';

/** The client's session state. A new object on every change, the same one otherwise. */
export interface BatonSession {
  /** `'loading'` until `restore()`, `login()` or `register()` settles it. */
  status: AuthStatus;
  /** The signed-in user (`null` unless `status` is `'signedIn'`). */
  user: BatonUser | null;
}

/** Why a session ended. */
export type SessionEndReason =
  /** The access token could not be refreshed (refresh token expired, revoked, reused…). */
  | 'refresh-failed'
  /** `logout()` was called on this client. */
  | 'logout'
  /** Another tab of the origin logged out. */
  | 'remote-logout';

/** What `onSessionEnd` listeners receive. */
export interface SessionEndEvent {
  /** Why it ended. */
  reason: SessionEndReason;
  /** With `'refresh-failed'`: the refresh error (its `cause` is what the refresh rejected with). */
  error?: AuthRefreshError;
}

/** Listens for the end of the session. */
export type SessionEndListener = (event: SessionEndEvent) => void;

/** Options of {@link createBatonClient}. */
export interface BatonClientOptions {
  /** The GraphQL endpoint. Default `'/graphql'`. */
  uri?: string;
  /** `fetch` for the HttpLink (Node without a global fetch, tests). Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Extra HTTP headers for every request. */
  headers?: Record<string, string>;
  /** Replaces the terminating `HttpLink` (tests, batching, a custom transport). `uri`, `fetch` and `headers` are then unused. */
  link?: ApolloLink;
  /** The access-token store. Default: a new in-memory store (`createTokenStore()`). */
  tokenStore?: TokenStore;
  /**
   * Cross-tab coordination: `true` (default in browsers; Web Locks and
   * BroadcastChannel), `false` (default elsewhere, e.g. SSR), options for
   * `createCoordinator` (inject a lock/channel), or a ready `Coordinator`.
   */
  coordination?: boolean | Omit<CoordinatorOptions, 'store'> | Coordinator;
  /** Refresh this many seconds before the access token expires. Default `30`. */
  leewaySeconds?: number;
  /**
   * A refresh request that has not answered after this many milliseconds is
   * aborted and counts as failed. The link never runs two refreshes at once,
   * so a stalled one would otherwise hold every later refresh. Default 30 000.
   */
  refreshTimeoutMs?: number;
  /** Called when the session ends (refresh failed, logout here or in another tab). */
  onSessionEnd?: SessionEndListener;
  /** The Apollo cache. Default: a new `InMemoryCache`. */
  cache?: ApolloClient.Options['cache'];
  /** Other `ApolloClient` options (`ssrMode`, `defaultOptions`, `devtools`…). */
  clientOptions?: Partial<Omit<ApolloClient.Options, 'link' | 'cache'>>;
  /** Overrides of the auth link's `isAuthError` / `skip`. */
  authLink?: Pick<AuthLinkOptions, 'isAuthError' | 'skip'>;
}

/** What {@link createBatonClient} returns. Its functions are bound: destructure freely. */
export interface BatonClient {
  /** The Apollo Client: `client.query`, `useQuery`… */
  client: ApolloClient;
  /** The access-token store. */
  store: TokenStore;
  /** The auth link inside `client`. */
  link: AuthLink;
  /** Signs in (cookie mode: the refresh token becomes an httpOnly cookie). Rejects with Apollo's error on bad credentials. */
  login(email: string, password: string): Promise<BatonUser>;
  /** Creates an account and signs in (cookie mode). */
  register(email: string, password: string): Promise<BatonUser>;
  /**
   * Ends the session: cancels operations waiting for a refresh (they reject
   * with `AuthCancelledError`; a late refresh result is ignored), clears the
   * token and the cache, tells the other tabs, and asks the API to revoke the
   * session (a network failure there is ignored: the local session is over).
   */
  logout(): Promise<void>;
  /** Refreshes the access token now (cookie mode), sharing the refresh in flight if any. */
  refresh(): Promise<string>;
  /**
   * Restores the session silently: refreshes through the cookie if there is
   * no token, then loads `me`. Resolves with the session (`signedIn` or
   * `signedOut`); does nothing unless `status` is `'loading'`.
   */
  restore(): Promise<BatonSession>;
  /** The current session state. */
  getSession(): BatonSession;
  /** Calls `listener` after every session change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Adds a session-end listener; returns the function that removes it. */
  onSessionEnd(listener: SessionEndListener): () => void;
  /** Tears down: cancels waiting operations, closes the channel, stops the Apollo Client. */
  stop(): void;
}

const COOKIE_MODE = { headers: { [TOKEN_TRANSPORT_HEADER]: 'cookie' } };
const SIGNED_OUT: BatonSession = Object.freeze({ status: 'signedOut', user: null });

/**
 * Creates a Baton client. The common case:
 *
 * ```ts
 * const baton = createBatonClient({ uri: 'https://api.example.com/graphql' });
 * await baton.login(email, password);
 * const { data } = await baton.client.query({ query: MyQuery });
 * ```
 */
export function createBatonClient(options: BatonClientOptions = {}): BatonClient {
  const store = options.tokenStore ?? createTokenStore();
  const sessionListeners = new Set<() => void>();
  const endListeners = new Set<SessionEndListener>(options.onSessionEnd ? [options.onSessionEnd] : []);
  let session: BatonSession = { status: 'loading', user: null };
  let epoch = 0; // bumped when the session ends locally: refreshes started before are ignored
  /** The logout request in flight: a token broadcast crossing it waits until the server has revoked the session. */
  let loggingOut: Promise<unknown> = Promise.resolve();
  let adoptions = 0; // bumped by every token broadcast from another tab: only the latest one's `me` counts
  let stopped = false;
  let restoring: Promise<BatonSession> | null = null;

  const { coordination = typeof window !== 'undefined' } = options;
  const given = typeof coordination === 'object' && 'run' in coordination ? coordination : undefined;
  const ownCoordinator = !!coordination && !given;
  const coordinator: Coordinator | undefined =
    given ??
    (ownCoordinator ? createCoordinator({ ...(typeof coordination === 'object' ? coordination : {}), store }) : undefined);

  const setSession = (next: BatonSession) => {
    if (next.status === session.status && next.user === session.user) return;
    session = next;
    for (const listener of [...sessionListeners]) listener();
  };

  const endSession = (reason: SessionEndReason, error?: AuthRefreshError) => {
    const was = session.status;
    store.clear();
    setSession(SIGNED_OUT);
    if (!stopped) void client.clearStore().catch(() => {});
    if (was === 'signedIn' || (was === 'loading' && !restoring && reason !== 'logout')) {
      const event: SessionEndEvent = error ? { reason, error } : { reason };
      for (const listener of [...endListeners]) listener(event);
    }
  };

  /** Cancels everything waiting for a refresh and makes a late refresh result void. */
  const cancelPending = () => {
    epoch++;
    abortRefresh?.();
    link.cancel(new AuthCancelledError());
  };

  /** Aborts the refresh request in flight (logout, stop, timeout): a stalled fetch must not hold the next refresh. */
  let abortRefresh: (() => void) | undefined;

  const refreshViaCookie = async () => {
    const started = epoch;
    const adoptedBefore = adoptions;
    const controller = new AbortController();
    abortRefresh = () => controller.abort();
    // Rejects on abort even when the terminating link ignores `fetchOptions.signal`
    // (a custom `link`): otherwise a stalled refresh would still hold the link and the lock.
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(new Error('The refresh request was aborted (logout, stop or refreshTimeoutMs)')), {
        once: true,
      }),
    );
    /** This refresh failed, but another tab's token arrived meanwhile (a sign-in there): use it rather than end the session. */
    const adopted = () => (!stopped && adoptions !== adoptedBefore ? store.get() : null);
    const timer = setTimeout(abortRefresh, options.refreshTimeoutMs ?? 30_000);
    /** A refresh that started before the session changed (a login since): its outcome is not this session's. */
    const superseded = () => {
      const current = !stopped && started !== epoch ? store.get() : null;
      if (current) return current; // signed in anew meanwhile: waiters retry with that session's token
      throw new AuthCancelledError('The refresh finished after the session ended');
    };
    let data;
    try {
      ({ data } = await Promise.race([
        client.mutate({
          mutation: RefreshTokenDocument,
          context: { ...COOKIE_MODE, fetchOptions: { signal: controller.signal } },
          fetchPolicy: 'no-cache',
        }),
        aborted,
      ]));
    } catch (error) {
      if (started !== epoch || stopped) return superseded();
      const other = adopted();
      if (other) return other;
      throw error;
    } finally {
      clearTimeout(timer);
    }
    if (started !== epoch || stopped) return superseded();
    const payload = data?.refreshToken;
    if (!payload?.accessToken) return adopted();
    store.set(payload.accessToken);
    if (session.status === 'signedIn') setSession({ status: 'signedIn', user: payload.user });
    return payload.accessToken;
  };

  const userSkip = options.authLink?.skip;
  const link = createAuthLink({
    ...options.authLink,
    // The client's own credential mutations (refreshToken above all) always
    // bypass the link, whatever `skip` the caller gives: a refresh queued
    // behind itself would deadlock every operation.
    skip: (operation) => isCredentialOperation(operation) || (userSkip?.(operation) ?? false),
    getAccessToken: async () => {
      await store.ready;
      return store.get();
    },
    refresh: refreshViaCookie,
    onRefreshFailure: (error) => endSession('refresh-failed', error),
    leewaySeconds: options.leewaySeconds ?? 30,
    coordinator,
  });

  const terminating =
    options.link ??
    new HttpLink({ uri: options.uri ?? '/graphql', fetch: options.fetch, headers: options.headers, credentials: 'include' });

  const client = new ApolloClient({
    ...options.clientOptions,
    link: ApolloLink.from([link, terminating]),
    cache: options.cache ?? new InMemoryCache(),
  });

  /**
   * Another tab signed in (or refreshed) and this tab adopted its token. A
   * signed-out tab joins that session; a tab showing another user (someone
   * else signed in on this browser) drops that user's cached data first.
   */
  const adoptRemoteToken = (token: string) => {
    const mine = ++adoptions; // a newer broadcast, a login or a logout here voids this adoption
    const started = epoch;
    const current = () => !stopped && mine === adoptions && started === epoch;
    const subject = decodeAccessToken(token)?.sub;
    if (session.status === 'signedIn' && session.user?.id === subject) return; // same session: nothing to do
    const previous = Promise.all([session.status === 'signedIn' ? client.clearStore() : undefined, loggingOut]);
    void previous
      .then(() =>
        current()
          ? // not deduplicated onto a `me` still in flight for an earlier (maybe another user's) token
            client.query({ query: MeDocument, fetchPolicy: 'network-only', context: { queryDeduplication: false } })
          : undefined,
      )
      .then((result) => {
        // `me` may have refreshed and retried meanwhile: its user is the one of the token the store holds now.
        const me = result?.data?.me;
        if (me && current() && store.get()) setSession({ status: 'signedIn', user: me });
      })
      .catch(() => {}); // the next operation will find out
  };
  const unsubscribeToken = coordinator?.onToken(adoptRemoteToken);

  const unsubscribeLogout = coordinator?.onLogout(() => {
    cancelPending();
    endSession('remote-logout');
  });

  const signIn = (payload: AuthPayloadFields | undefined) => {
    if (!payload?.accessToken) throw new Error('The API returned no access token');
    epoch++; // a refresh still in flight belongs to the previous session: its outcome must not touch this one
    store.set(payload.accessToken);
    coordinator?.publishToken(payload.accessToken);
    setSession({ status: 'signedIn', user: payload.user });
    return payload.user;
  };

  return {
    client,
    store,
    link,
    login: async (email, password) => {
      const { data } = await client.mutate({
        mutation: LoginDocument,
        variables: { email, password },
        context: COOKIE_MODE,
        fetchPolicy: 'no-cache',
      });
      return signIn(data?.login);
    },
    register: async (email, password) => {
      const { data } = await client.mutate({
        mutation: RegisterDocument,
        variables: { email, password },
        context: COOKIE_MODE,
        fetchPolicy: 'no-cache',
      });
      return signIn(data?.register);
    },
    logout: async () => {
      cancelPending();
      endSession('logout');
      coordinator?.publishLogout();
      if (stopped) return;
      // The local session is over either way; if the request fails, the refresh cookie expires on its own.
      loggingOut = client.mutate({ mutation: LogoutDocument, context: COOKIE_MODE, fetchPolicy: 'no-cache' }).catch(() => {});
      await loggingOut;
    },
    refresh: () => link.refresh(),
    restore: () => {
      if (session.status !== 'loading') return Promise.resolve(session);
      return (restoring ??= (async () => {
        try {
          await store.ready;
          if (!store.get()) await link.refresh();
          const { data } = await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
          if (session.status === 'loading' && data?.me) setSession({ status: 'signedIn', user: data.me });
        } catch {
          // No session to restore (or the API is unreachable): signed out.
        } finally {
          restoring = null;
        }
        if (session.status === 'loading') setSession(SIGNED_OUT);
        return session;
      })());
    },
    getSession: () => session,
    subscribe: (listener) => {
      sessionListeners.add(listener);
      return () => void sessionListeners.delete(listener);
    },
    onSessionEnd: (listener) => {
      endListeners.add(listener);
      return () => void endListeners.delete(listener);
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      cancelPending();
      unsubscribeLogout?.();
      unsubscribeToken?.();
      if (ownCoordinator) coordinator?.close();
      client.stop();
      sessionListeners.clear();
      endListeners.clear();
    },
  };
}

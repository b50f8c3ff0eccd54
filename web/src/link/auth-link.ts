/**
 * `createAuthLink`: attaches the access token to every operation, refreshes it
 * once when operations fail with an auth error, and retries them once.
 *
 * Modelled on urql's `authExchange`: one file, documented options and the
 * queue state spelled out (`AuthLinkState`), kept per link instance.
 */
import { ApolloLink, CombinedGraphQLErrors, ServerError } from '@apollo/client';
import { CREDENTIAL_FIELDS, ErrorCode } from '@baton/shared';
import { Kind, type SelectionSetNode } from 'graphql';
import { Observable, type Subscription } from 'rxjs';
import { AuthCancelledError, AuthRefreshError } from '../errors.js';
import { decodeAccessToken } from '../jwt.js';

/** A value or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Serialises refreshes beyond one link, e.g. across the tabs of an origin
 * (see `createCoordinator`). The link calls `run` instead of `refresh`
 * directly; `run` may return a token another party obtained meanwhile.
 */
export interface RefreshCoordinator {
  /** Runs `refresh` under the shared lock, or adopts a token refreshed by someone else while waiting for it. */
  run(refresh: () => Promise<string | null | undefined>): Promise<string | null | undefined>;
}

/** Options of {@link createAuthLink}. */
export interface AuthLinkOptions {
  /**
   * Returns the current access token. Called before every operation (and
   * every retry), so it must be cheap: read memory, not the network.
   * `null`/`undefined`: send the operation without `Authorization`.
   */
  getAccessToken(): MaybePromise<string | null | undefined>;
  /**
   * Obtains a new access token and returns it. The link stores nothing: store
   * the token yourself so that `getAccessToken` returns it afterwards.
   * Resolving with `null`/`undefined` or rejecting means the refresh failed.
   * Called at most once at a time, however many operations fail together.
   */
  refresh(): Promise<string | null | undefined>;
  /**
   * Called exactly once per failed refresh, after every waiting operation has
   * errored with the {@link AuthRefreshError}. Typically: end the session.
   */
  onRefreshFailure?(error: AuthRefreshError): void;
  /**
   * Whether an operation's failure calls for a refresh and a retry. `error` is
   * what the operation failed with: a `CombinedGraphQLErrors` built from a
   * result carrying `errors`, or the error of the transport (e.g. `ServerError`).
   * Default: {@link isUnauthenticatedError}.
   */
  isAuthError?(error: unknown, operation: ApolloLink.Operation): boolean;
  /**
   * Operations for which this returns `true` pass through untouched: no
   * `Authorization` header, never refreshed, never retried, never queued.
   * Default: {@link isCredentialOperation} (root fields `login`, `register`,
   * `refreshToken`, `logout`) — which also lets the refresh mutation itself
   * go through the same client without deadlocking on the pending refresh.
   */
  skip?(operation: ApolloLink.Operation): boolean;
  /**
   * Proactive refresh: when the access token's `exp` (decoded, not verified)
   * is less than this many seconds away, refresh before sending instead of
   * waiting for the server to reject it. Default: `undefined` = off (`0`
   * refreshes tokens that have already expired). Capped at half the token's
   * lifetime (`exp - iat`). `createBatonClient` uses 30.
   */
  leewaySeconds?: number;
  /** Optional lock around refreshes shared with other links or tabs (see `createCoordinator`). */
  coordinator?: RefreshCoordinator;
}

/** A party waiting for the refresh in flight: an operation, or a call to `AuthLink.refresh()`. */
interface Waiter {
  resolve(token: string): void;
  reject(error: Error): void;
}

/** The queue state of one link. Nothing is shared between links. */
interface AuthLinkState {
  /** The refresh in flight, or `null`. */
  refreshing: Promise<void> | null;
  /**
   * Settles when the last `refresh()` call itself settles — even a cancelled
   * one, whose waiters were already released. The next refresh starts only
   * after it: `refresh` is never called twice at a time.
   */
  lastCall: Promise<unknown>;
  /** Everyone waiting for `refreshing` to settle. */
  waiting: Set<Waiter>;
  /** Bumped by `cancel()`; a refresh started under an older epoch is ignored. */
  epoch: number;
  /** The token the last successful refresh returned (never refreshed proactively again). */
  lastRefreshed: string | null;
}

/** The link {@link createAuthLink} returns: an `ApolloLink` with two controls. */
export interface AuthLink extends ApolloLink {
  /**
   * Refreshes now, or joins the refresh in flight. Resolves with the new
   * token; rejects with {@link AuthRefreshError} or {@link AuthCancelledError}.
   */
  refresh(): Promise<string>;
  /**
   * Rejects every operation waiting for a refresh with `error` (default an
   * {@link AuthCancelledError}) and ignores the result of the refresh in
   * flight. Call it when the session ends locally (logout, teardown).
   */
  cancel(error?: Error): void;
}

/**
 * Default `isAuthError`: a GraphQL error with `extensions.code`
 * `UNAUTHENTICATED`, or an HTTP 401 from the transport.
 */
export function isUnauthenticatedError(error: unknown): boolean {
  return ServerError.is(error)
    ? error.statusCode === 401
    : CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === ErrorCode.UNAUTHENTICATED);
}

/**
 * Default `skip`: whether the operation's root fields include one of
 * `CREDENTIAL_FIELDS` (`login`, `register`, `refreshToken`, `logout`).
 */
export function isCredentialOperation(operation: Pick<ApolloLink.Operation, 'query' | 'operationName'>): boolean {
  const fragments = new Map<string, SelectionSetNode>();
  let root: SelectionSetNode | undefined;
  for (const d of operation.query.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
    else if (d.kind === Kind.OPERATION_DEFINITION && !root && (!operation.operationName || d.name?.value === operation.operationName))
      root = d.selectionSet;
  }
  const has = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((s) =>
      s.kind === Kind.FIELD
        ? CREDENTIAL_FIELDS.includes(s.name.value)
        : has(s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : fragments.get(s.name.value)),
    );
  return has(root);
}

/**
 * Creates the token-aware link. Put it before the terminating link:
 * `ApolloLink.from([createAuthLink({...}), new HttpLink({...})])`.
 *
 * - Sends `Authorization: Bearer <token>`, set on each attempt (a retry carries the new token).
 * - On an auth error: one refresh for all operations in flight; each retried once.
 * - Operations starting during a refresh wait for it; a failed refresh errors all of them.
 */
export function createAuthLink(options: AuthLinkOptions): AuthLink {
  const { getAccessToken, refresh, onRefreshFailure, coordinator, leewaySeconds } = options;
  const isAuthError = options.isAuthError ?? isUnauthenticatedError;
  const skip = options.skip ?? isCredentialOperation;
  const state: AuthLinkState = { refreshing: null, lastCall: Promise.resolve(), waiting: new Set(), epoch: 0, lastRefreshed: null };
  /** `getAccessToken()` as a promise: a synchronous throw becomes a rejection (the operation errors instead of hanging). */
  const readToken = () => new Promise<string | null | undefined>((resolve) => resolve(getAccessToken()));

  /** Settles every waiter (they are removed first, so a waiter may queue again). */
  const flush = (settle: (w: Waiter) => void) => {
    const waiters = [...state.waiting];
    state.waiting.clear();
    state.refreshing = null;
    waiters.forEach(settle);
  };

  /** Queues `waiter` for the refresh in flight, starting one if there is none. */
  const wait = (waiter: Waiter) => {
    state.waiting.add(waiter);
    if (state.refreshing) return;
    const epoch = state.epoch;
    const current = () => epoch === state.epoch;
    const call = state.lastCall.then(() => (coordinator ? coordinator.run(refresh) : refresh()));
    state.lastCall = call.catch(() => undefined);
    state.refreshing = call
      .then((token) => {
        if (!token) throw new AuthRefreshError('refresh() returned no access token');
        return token;
      })
      .then(
        (token) => {
          if (!current()) return;
          state.lastRefreshed = token;
          flush((w) => w.resolve(token));
        },
        (cause) => {
          if (!current()) return; // cancelled: the late outcome is ignored
          const error = AuthRefreshError.is(cause) ? cause : new AuthRefreshError(undefined, { cause });
          flush((w) => w.reject(error));
          onRefreshFailure?.(error);
        },
      );
  };

  /**
   * Whether `token` should be refreshed before it is sent: it expires within
   * the leeway (capped at half its lifetime, so a TTL shorter than the leeway
   * does not refresh every fresh token) and is not what the last refresh gave.
   */
  const expiring = (token: string | null | undefined) => {
    if (leewaySeconds == null || !token || token === state.lastRefreshed) return false;
    const { exp, iat } = decodeAccessToken(token) ?? {};
    if (typeof exp !== 'number') return false;
    const lead = typeof iat === 'number' ? Math.min(leewaySeconds, (exp - iat) / 2) : leewaySeconds;
    return (exp - lead) * 1000 <= Date.now();
  };

  const link = new ApolloLink((operation, forward) => {
    if (skip(operation)) return forward(operation);

    return new Observable<ApolloLink.Result>((observer) => {
      let closed = false; // the consumer is done: errored, completed or unsubscribed
      let retried = false; // the one retry has been used
      let emitted = false; // a result went to the consumer: a retry would duplicate it
      let attempt = 0; // id of the attempt whose events are forwarded; 0 = none
      let inner: Subscription | undefined;

      const fail = (error: unknown) => {
        if (closed) return;
        closed = true;
        observer.error(error);
      };
      const waiter: Waiter = { resolve: (token) => send(token), reject: fail };
      const queue = () => !closed && wait(waiter);

      /** Sends one attempt with `token`, read at send time, never a stale header. */
      const send = (token: string | null | undefined) => {
        if (closed) return;
        inner?.unsubscribe();
        const id = ++attempt;
        operation.setContext(({ headers }) => ({
          headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
        }));
        const authFailed = (error: unknown) => !retried && !emitted && isAuthError(error, operation);
        inner = forward(operation).subscribe({
          next(result) {
            if (id !== attempt) return;
            if (result.errors?.length && authFailed(new CombinedGraphQLErrors(result))) return retry(token);
            emitted = true;
            observer.next(result);
          },
          error(error) {
            if (id !== attempt) return;
            if (authFailed(error)) return retry(token);
            fail(error);
          },
          complete() {
            if (id !== attempt || closed) return;
            closed = true;
            observer.complete();
          },
        });
      };

      /** The attempt sent with `used` failed with an auth error: retry once with a fresher token. */
      const retry = (used: string | null | undefined) => {
        retried = true;
        attempt = 0; // ignore the rest of the failed attempt (its result is suppressed)
        readToken().then((token) => {
          if (closed) return;
          // Someone refreshed since this attempt went out: retry with that token.
          if (!state.refreshing && token && token !== used) send(token);
          else queue();
        }, fail);
      };

      if (state.refreshing) queue();
      else
        readToken().then((token) => {
          if (closed) return;
          if (state.refreshing || expiring(token)) queue();
          else send(token);
        }, fail);

      return () => {
        closed = true;
        state.waiting.delete(waiter);
        inner?.unsubscribe();
      };
    });
  }) as AuthLink;

  link.refresh = () => new Promise((resolve, reject) => wait({ resolve, reject }));
  link.cancel = (error = new AuthCancelledError()) => {
    state.epoch++;
    flush((w) => w.reject(error));
  };
  return link;
}

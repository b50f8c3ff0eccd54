/**
 * Typed errors of `@baton/web`, modelled on `jose`: each has a stable,
 * machine-readable `code` (branch on it) and a human `message` (may change).
 */

/** Stable codes of the errors `@baton/web` raises. */
export type BatonClientErrorCode = 'REFRESH_FAILED' | 'CANCELLED';

/** Base class of every error `@baton/web` raises. */
export abstract class BatonClientError extends Error {
  /** Stable, machine-readable code. */
  abstract readonly code: BatonClientErrorCode;
}

/**
 * The access token could not be refreshed: `refresh()` rejected or resolved
 * with no token. Every operation waiting for that refresh errors with it;
 * `cause` holds what `refresh()` rejected with, if anything.
 */
export class AuthRefreshError extends BatonClientError {
  readonly code = 'REFRESH_FAILED' as const;
  override name = 'AuthRefreshError';
  constructor(message = 'The access token could not be refreshed', options?: { cause?: unknown }) {
    super(message, options);
  }
  /** Whether `error` is an {@link AuthRefreshError} (works across bundles, unlike `instanceof`). */
  static is(error: unknown): error is AuthRefreshError {
    return (error as AuthRefreshError | null)?.code === 'REFRESH_FAILED';
  }
}

/**
 * The operation was waiting for a refresh when the session was ended locally
 * (`logout()`, `stop()`, a logout in another tab, or `AuthLink.cancel()`).
 * The refresh's late result, if any, is ignored.
 */
export class AuthCancelledError extends BatonClientError {
  readonly code = 'CANCELLED' as const;
  override name = 'AuthCancelledError';
  constructor(message = 'The operation was cancelled because the session ended') {
    super(message);
  }
  /** Whether `error` is an {@link AuthCancelledError} (works across bundles, unlike `instanceof`). */
  static is(error: unknown): error is AuthCancelledError {
    return (error as AuthCancelledError | null)?.code === 'CANCELLED';
  }
}

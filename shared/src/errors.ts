/**
 * Error codes and reasons that Baton's API puts in `extensions.code` and
 * `extensions.reason`. Both the server and the client import them from here,
 * so a rename is a compile error on both sides instead of a silent mismatch.
 *
 * Modelled on `jose`'s typed errors: the code is stable and machine-readable,
 * the message is for humans and may change.
 */

/** Stable values of `extensions.code` in Baton's GraphQL errors. */
export const ErrorCode = {
  /** Missing, expired, malformed or forged credentials; failed login or refresh. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Signed in, but without the role the field needs. */
  FORBIDDEN: 'FORBIDDEN',
  /** An argument is invalid (email format, password length, unknown id…). */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** Too many attempts; `extensions.retryAfterSeconds` says when to try again. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The request itself is malformed (unparsable JSON, too large, too deep…). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The query failed GraphQL validation (including Baton's depth and alias limits). */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** Something went wrong on the server. Details are logged, never returned. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** One of {@link ErrorCode}'s values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Stable values of `extensions.reason`: which of the ways to fail a code
 * covers happened. Clients may branch on them (e.g. show "session ended").
 */
export const ErrorReason = {
  // --- access tokens (code UNAUTHENTICATED) ---
  /** The field needs an access token and none was sent. */
  TOKEN_MISSING: 'TOKEN_MISSING',
  /** The access token's `exp` has passed. Refreshing fixes it. */
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  /** The access token is malformed, forged, of the wrong type or audience. */
  TOKEN_INVALID: 'TOKEN_INVALID',
  /** The access token belongs to a session that was revoked or has ended. */
  SESSION_REVOKED: 'SESSION_REVOKED',

  // --- login and password (code UNAUTHENTICATED) ---
  /** Unknown email or wrong password: deliberately indistinguishable. */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',

  // --- refresh tokens (code UNAUTHENTICATED) ---
  /** No refresh token in the argument nor in the cookie. */
  REFRESH_TOKEN_MISSING: 'REFRESH_TOKEN_MISSING',
  /** Unknown refresh token, or one whose session was revoked. */
  REFRESH_TOKEN_INVALID: 'REFRESH_TOKEN_INVALID',
  /** The refresh token or its session is past its idle or absolute lifetime. */
  REFRESH_TOKEN_EXPIRED: 'REFRESH_TOKEN_EXPIRED',
  /** An already rotated refresh token was presented: the whole session was revoked. */
  REFRESH_TOKEN_REUSED: 'REFRESH_TOKEN_REUSED',

  // --- input (code BAD_USER_INPUT) ---
  /** The email address is not valid. */
  INVALID_EMAIL: 'INVALID_EMAIL',
  /** The password is too short or too long. */
  INVALID_PASSWORD: 'INVALID_PASSWORD',
  /** An account with that email already exists. */
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  /** No such session among the caller's sessions. */
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',

  // --- roles (code FORBIDDEN) ---
  /** The caller lacks the role the field needs. */
  MISSING_ROLE: 'MISSING_ROLE',
} as const;

/** One of {@link ErrorReason}'s values. */
export type ErrorReason = (typeof ErrorReason)[keyof typeof ErrorReason];

/** The `extensions` Baton puts on its errors. */
export interface BatonErrorExtensions {
  code: ErrorCode;
  reason?: ErrorReason;
  /** With `RATE_LIMITED`: seconds until the next attempt may succeed. */
  retryAfterSeconds?: number;
  /** With `BAD_USER_INPUT`: the argument at fault. */
  field?: string;
}

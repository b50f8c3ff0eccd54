/**
 * What an access token says, and the names both sides use to move tokens.
 */

/** Roles a user can have; the GraphQL `enum Role`. */
export type Role = 'USER' | 'ADMIN';

/**
 * The claims of a Baton access token (a JWT). Clients may decode them without
 * verifying (e.g. to read `exp` for proactive refresh); only the API and
 * services holding the verification key may trust them.
 */
export interface AccessTokenClaims {
  /** The user's id. */
  sub: string;
  /** The session (refresh-token family) the token was issued for. */
  sid: string;
  /** The user's role when the token was issued. */
  role: Role;
  /** Issuer, `JWT_ISSUER` (default `baton`). */
  iss: string;
  /** Audience, `JWT_AUDIENCE` (default `baton-api`). */
  aud: string | string[];
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Not before, seconds since the epoch. */
  nbf: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Unique token id. */
  jti: string;
}

/** The JOSE header `typ` of access tokens (RFC 9068), checked on verify. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Name of the httpOnly cookie that carries the refresh token in cookie mode. */
export const REFRESH_COOKIE_NAME = 'baton_refresh';

/**
 * Request header that selects how the refresh token travels. Send
 * `X-Baton-Token-Transport: cookie` with `login`, `register`, `refreshToken`
 * and `changePassword` to receive it as an httpOnly cookie (and
 * `AuthPayload.refreshToken` null) instead of in the response body.
 */
export const TOKEN_TRANSPORT_HEADER = 'x-baton-token-transport';

/** Root fields that obtain or end credentials: the client link never refreshes or retries them. */
export const CREDENTIAL_FIELDS: readonly string[] = ['login', 'register', 'refreshToken', 'logout'];

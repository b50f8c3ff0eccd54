import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Refresh tokens are opaque: 256 random bits, base64url. The database keeps
 * only their SHA-256 (a fast hash is right for high-entropy secrets: there is
 * nothing to brute-force).
 */
export function generateRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The hex SHA-256 stored in place of a refresh token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The token a refresh token rotates into: HMAC-SHA256 under the server's
 * refresh secret, over the token and its database row's random id.
 * Deterministic on purpose: when the predecessor is presented again inside
 * the grace window (two tabs, a retried request), the server can hand back
 * the very same successor without ever storing it in the clear. Computing it
 * takes the secret, the token *and* the row id: a leaked secret plus an old
 * token cannot be walked forward to the live token.
 */
export function deriveSuccessor(token: string, rowId: string, secret: string): string {
  return createHmac('sha256', secret).update('baton-refresh-successor:').update(rowId).update(':').update(token).digest('base64url');
}

/** Cheap shape check before touching the database: 43 base64url characters. */
export function looksLikeRefreshToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

import type { AccessTokenClaims } from '@baton/shared';

/**
 * Decodes (does NOT verify) the payload of a JWT. Use it only to read hints
 * such as `exp`; never to make a security decision.
 *
 * @returns the claims, or `null` when `token` is not a decodable JWT.
 */
export function decodeAccessToken(token: string | null | undefined): Partial<AccessTokenClaims> | null {
  try {
    const payload = token!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload + '='.repeat((4 - (payload.length % 4)) % 4)));
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/**
 * The expiry of a JWT (its `exp` claim) in milliseconds since the epoch, or
 * `null` when the token is absent, undecodable or has no numeric `exp`.
 */
export function accessTokenExpiresAt(token: string | null | undefined): number | null {
  const exp = decodeAccessToken(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : null;
}

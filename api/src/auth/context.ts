import type { IncomingMessage } from 'node:http';
import { ErrorReason, type AccessTokenClaims } from '@baton/shared';
import type { AccessTokens } from './access-tokens.js';

/** Who is calling, resolved once per request from `Authorization: Bearer …`. */
export type AuthState =
  | { status: 'anonymous' }
  | { status: 'invalid'; reason: ErrorReason }
  | { status: 'authenticated'; claims: AccessTokenClaims };

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

/**
 * Resolves the auth state of a request. Never throws: a bad token is an
 * `invalid` state, so fields that need no authentication keep working and
 * fields that do answer `UNAUTHENTICATED` with the reason.
 */
export function resolveAuth(req: IncomingMessage, tokens: AccessTokens): AuthState {
  const values = req.headersDistinct?.authorization ?? (req.headers.authorization ? [req.headers.authorization] : []);
  if (values.length === 0) return { status: 'anonymous' };
  // Node keeps only the first of duplicated Authorization headers; refuse the
  // ambiguity instead of guessing which one a proxy meant.
  if (values.length > 1) return { status: 'invalid', reason: ErrorReason.TOKEN_INVALID };
  const match = BEARER.exec(values[0].trim());
  if (!match) return { status: 'invalid', reason: ErrorReason.TOKEN_INVALID };
  const result = tokens.verify(match[1]);
  return result.ok ? { status: 'authenticated', claims: result.claims } : { status: 'invalid', reason: result.reason };
}

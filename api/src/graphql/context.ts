import type { Request, Response } from 'express';
import { ErrorReason, type AccessTokenClaims } from '@baton/shared';
import type { AuthState } from '../auth/context.js';
import type { UserEntity } from '../db/entities/user.entity.js';
import type { Services } from '../services.js';
import { AuthenticationError } from '../errors.js';

/** How the caller wants its refresh token: in the response body, or as an httpOnly cookie. */
export type TokenTransport = 'body' | 'cookie';

/** What every resolver receives. Built once per request in http/app.ts. */
export interface GraphQLContext {
  auth: AuthState;
  services: Services;
  req: Request;
  res: Response;
  transport: TokenTransport;
  client: { address: string; userAgent: string | null };
}

/** The caller's verified access-token claims; throws `UNAUTHENTICATED` with the reason otherwise. */
export function requireClaims(ctx: GraphQLContext): AccessTokenClaims {
  if (ctx.auth.status === 'authenticated') return ctx.auth.claims;
  throw new AuthenticationError(ctx.auth.status === 'invalid' ? ctx.auth.reason : ErrorReason.TOKEN_MISSING);
}

/**
 * Like {@link requireClaims}, and also checks in the database that the
 * token's session is still live — for fields where a revoked session's
 * remaining access-token lifetime must not count (me, sessions, password).
 */
export async function requireLiveSession(ctx: GraphQLContext): Promise<AccessTokenClaims> {
  const claims = requireClaims(ctx);
  if (!(await ctx.services.sessions.isLive(claims.sid))) throw new AuthenticationError(ErrorReason.SESSION_REVOKED);
  return claims;
}

/**
 * The caller's claims and user, checking in one query that the token's
 * session is live and belongs to that user; `UNAUTHENTICATED` /
 * `SESSION_REVOKED` otherwise.
 */
export async function requireLiveUser(ctx: GraphQLContext): Promise<{ claims: AccessTokenClaims; user: UserEntity }> {
  const claims = requireClaims(ctx);
  const user = await ctx.services.sessions.liveUser(claims.sid);
  if (!user || user.id !== claims.sub) throw new AuthenticationError(ErrorReason.SESSION_REVOKED);
  return { claims, user };
}

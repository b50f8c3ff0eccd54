import { REFRESH_COOKIE_NAME } from '@baton/shared';
import type { CookieOptions } from 'express';
import type { AuthResult } from '../auth/accounts.js';
import { parseCookies } from '../http/cookies.js';
import type { GraphQLContext, TokenTransport } from './context.js';
import { AuthPayload } from './types/auth-payload.js';
import { toUser } from './types/user.js';

/** The GraphQL path the refresh cookie is scoped to: it is sent nowhere else. */
export const GRAPHQL_PATH = '/graphql';

function cookieOptions(ctx: GraphQLContext, expires?: Date): CookieOptions {
  return {
    httpOnly: true, // scripts (and so XSS) can never read it
    secure: ctx.services.config.cookieSecure,
    sameSite: 'strict', // never sent on cross-site requests: no CSRF through it
    path: GRAPHQL_PATH,
    ...(expires ? { expires } : {}),
  };
}

/**
 * Turns fresh credentials into the `AuthPayload`, delivering the refresh
 * token as the caller asked (`transport`, by default the request's header):
 * in the body, or as an httpOnly cookie (and `refreshToken: null` in the body).
 */
export function deliver(ctx: GraphQLContext, result: AuthResult, transport: TokenTransport = ctx.transport): AuthPayload {
  const inCookie = transport === 'cookie';
  if (inCookie) ctx.res.cookie(REFRESH_COOKIE_NAME, result.refreshToken, cookieOptions(ctx, result.refreshTokenExpiresAt));
  return Object.assign(new AuthPayload(), {
    accessToken: result.accessToken,
    accessTokenExpiresAt: result.accessTokenExpiresAt,
    refreshToken: inCookie ? null : result.refreshToken,
    refreshTokenExpiresAt: result.refreshTokenExpiresAt,
    user: toUser(result.user),
  });
}

/** The refresh token the caller presents: the argument when given, else the cookie. */
export function presentedRefreshToken(ctx: GraphQLContext, argument: string | null | undefined): string | undefined {
  if (argument) return argument;
  return refreshCookie(ctx);
}

/** The refresh token in the request's cookie, if any. */
export function refreshCookie(ctx: GraphQLContext): string | undefined {
  return parseCookies(ctx.req.headers.cookie).get(REFRESH_COOKIE_NAME) || undefined;
}

/** Deletes the refresh cookie (after logout, or when the token it held is dead). */
export function clearRefreshCookie(ctx: GraphQLContext): void {
  if (ctx.req.headers.cookie?.includes(REFRESH_COOKIE_NAME)) ctx.res.clearCookie(REFRESH_COOKIE_NAME, cookieOptions(ctx));
}

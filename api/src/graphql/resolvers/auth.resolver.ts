import { Arg, Authorized, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import { ErrorReason } from '@baton/shared';
import { AuthenticationError } from '../../errors.js';
import { requireLiveSession, type GraphQLContext } from '../context.js';
import { clearRefreshCookie, deliver, presentedRefreshToken } from '../credentials.js';
import { AuthPayload } from '../types/auth-payload.js';

/** Sign-up, sign-in, refresh, sign-out and password change. */
@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Creates an account and signs it in.' })
  async register(@Arg('email') email: string, @Arg('password') password: string, @Ctx() ctx: GraphQLContext): Promise<AuthPayload> {
    return deliver(ctx, await ctx.services.accounts.register(email, password, ctx.client));
  }

  @Mutation(() => AuthPayload, { description: 'Signs in; starts a new session.' })
  async login(@Arg('email') email: string, @Arg('password') password: string, @Ctx() ctx: GraphQLContext): Promise<AuthPayload> {
    return deliver(ctx, await ctx.services.accounts.login(email, password, ctx.client));
  }

  @Mutation(() => AuthPayload, {
    description: 'Exchanges a refresh token (argument, or the httpOnly cookie when omitted) for new credentials. The old refresh token stops working.',
  })
  async refreshToken(
    @Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AuthPayload> {
    const presented = presentedRefreshToken(ctx, refreshToken);
    if (!presented) throw new AuthenticationError(ErrorReason.REFRESH_TOKEN_MISSING);
    // A token read from the cookie is answered through the cookie even without
    // the transport header: putting its successor in the body would hand a
    // script the very token the cookie keeps from it, and leave a dead cookie.
    const transport = refreshToken ? ctx.transport : 'cookie';
    try {
      return deliver(ctx, await ctx.services.accounts.refresh(presented), transport);
    } catch (error) {
      if (!refreshToken) clearRefreshCookie(ctx); // the cookie held a dead token
      throw error;
    }
  }

  @Mutation(() => Boolean, {
    description: 'Ends the session of the given refresh token (or cookie, or else of the access token). True when a session was ended.',
  })
  async logout(@Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const presented = presentedRefreshToken(ctx, refreshToken);
    clearRefreshCookie(ctx);
    if (presented) return (await ctx.services.sessions.revokeByToken(presented)) !== undefined;
    if (ctx.auth.status === 'authenticated') return ctx.services.sessions.revoke(ctx.auth.claims.sid, 'LOGOUT');
    return false;
  }

  @Authorized()
  @Mutation(() => Int, { description: 'Ends every session of the caller, this one included. Returns how many were ended.' })
  async logoutAll(@Ctx() ctx: GraphQLContext): Promise<number> {
    const claims = await requireLiveSession(ctx);
    clearRefreshCookie(ctx);
    return ctx.services.sessions.revokeAllOf(claims.sub, 'LOGOUT_ALL');
  }

  @Authorized()
  @Mutation(() => AuthPayload, { description: 'Changes the password, ends every session and returns a fresh one for the caller.' })
  async changePassword(
    @Arg('currentPassword') currentPassword: string,
    @Arg('newPassword') newPassword: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AuthPayload> {
    const claims = await requireLiveSession(ctx);
    return deliver(ctx, await ctx.services.accounts.changePassword(claims.sub, currentPassword, newPassword, ctx.client));
  }
}

import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ErrorReason } from '@baton/shared';
import { InputError } from '../../errors.js';
import { requireLiveSession, type GraphQLContext } from '../context.js';
import { Session } from '../types/session.js';

/** The caller's sessions: list and revoke. */
@Resolver()
export class SessionResolver {
  @Authorized()
  @Query(() => [Session], { description: "The caller's live sessions, most recently used first." })
  async sessions(@Ctx() ctx: GraphQLContext): Promise<Session[]> {
    const claims = await requireLiveSession(ctx);
    const sessions = await ctx.services.sessions.listLive(claims.sub);
    return sessions.map((s) =>
      Object.assign(new Session(), {
        id: s.id, createdAt: s.createdAt, lastUsedAt: s.lastUsedAt, expiresAt: s.expiresAt, userAgent: s.userAgent, current: s.id === claims.sid,
      }),
    );
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends one of the caller’s sessions (e.g. a lost phone). Its refresh tokens stop working at once.' })
  async revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const claims = await requireLiveSession(ctx);
    const owned = await ctx.services.db.sessions.findOneBy({ id: String(id).slice(0, 64), userId: claims.sub });
    if (!owned || owned.revokedAt) throw new InputError(ErrorReason.SESSION_NOT_FOUND, 'id', 'No such session.');
    return ctx.services.sessions.revoke(owned.id, 'REVOKED');
  }
}

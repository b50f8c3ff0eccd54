import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ErrorReason } from '@baton/shared';
import { InputError } from '../../errors.js';
import { requireLiveSession, type GraphQLContext } from '../context.js';
import { Session } from '../types/session.js';

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    // Session ids are UUIDs: anything else (e.g. a NUL, which PostgreSQL refuses) is simply not found.
    const wanted = String(id);
    const owned = SESSION_ID.test(wanted) ? await ctx.services.db.sessions.findOneBy({ id: wanted, userId: claims.sub }) : null;
    if (!owned || owned.revokedAt) throw new InputError(ErrorReason.SESSION_NOT_FOUND, 'id', 'No such session.');
    return ctx.services.sessions.revoke(owned.id, 'REVOKED');
  }
}

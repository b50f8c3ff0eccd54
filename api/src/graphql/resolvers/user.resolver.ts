import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { ForbiddenError } from '../../errors.js';
import { requireLiveUser, type GraphQLContext } from '../context.js';
import { Role, toUser, User } from '../types/user.js';

/** The signed-in user, and the admin-only user list. */
@Resolver()
export class UserResolver {
  @Authorized()
  @Query(() => User, { description: 'The signed-in user. Needs a valid access token of a live session.' })
  async me(@Ctx() ctx: GraphQLContext): Promise<User> {
    const { user } = await requireLiveUser(ctx);
    return toUser(user);
  }

  @Authorized(Role.ADMIN)
  @Query(() => [User], { description: 'Every account, newest first (ADMIN only).' })
  async users(@Ctx() ctx: GraphQLContext): Promise<User[]> {
    // The role in the token is as old as the token: check the stored one, so
    // a demoted admin (or a revoked session) loses access at once.
    const { user: caller } = await requireLiveUser(ctx);
    if (caller.role !== Role.ADMIN) throw new ForbiddenError();
    const users = await ctx.services.db.users.find({ order: { createdAt: 'DESC' }, take: 1000 });
    return users.map(toUser);
  }
}

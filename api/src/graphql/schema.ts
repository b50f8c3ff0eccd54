import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker } from 'type-graphql';
import { ForbiddenError } from '../errors.js';
import { requireClaims, type GraphQLContext } from './context.js';
import { AuthResolver } from './resolvers/auth.resolver.js';
import { SessionResolver } from './resolvers/session.resolver.js';
import { UserResolver } from './resolvers/user.resolver.js';

/**
 * `@Authorized()` checks. Throwing our own errors (instead of returning
 * false) gives `UNAUTHENTICATED` *with the reason* for a bad token, and
 * `FORBIDDEN` — not type-graphql's `UNAUTHORIZED` — for a missing role.
 */
export const authChecker: AuthChecker<GraphQLContext> = ({ context }, roles) => {
  const claims = requireClaims(context);
  if (roles.length > 0 && !roles.includes(claims.role)) throw new ForbiddenError();
  return true;
};

/** Every resolver of Baton's schema. */
export const RESOLVERS = [AuthResolver, UserResolver, SessionResolver] as const;

/** Builds the executable schema from the type-graphql resolvers. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    // Arguments are validated by hand with stable reasons; class-validator's
    // errors would echo values (passwords) back to the client.
    validate: false,
  });
}

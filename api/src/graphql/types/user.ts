import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { Role as RoleName } from '@baton/shared';

/** The GraphQL `enum Role`; values mirror `@baton/shared`'s `Role`. */
export enum Role {
  USER = 'USER',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role', description: 'What a user may do.' });

/** A user as the API shows it (never the password hash). */
@ObjectType({ description: 'An account.' })
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field(() => Role)
  role: RoleName;

  @Field()
  createdAt: Date;
}

/** Copies the public fields of a user entity. */
export function toUser(entity: { id: string; email: string; role: RoleName; createdAt: Date }): User {
  return Object.assign(new User(), { id: entity.id, email: entity.email, role: entity.role, createdAt: entity.createdAt });
}

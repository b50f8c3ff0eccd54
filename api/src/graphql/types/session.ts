import { Field, ID, ObjectType } from 'type-graphql';

/** One of the caller's signed-in sessions (a device or browser). */
@ObjectType({ description: 'A signed-in session: one login and its rotating refresh tokens.' })
export class Session {
  @Field(() => ID)
  id: string;

  @Field()
  createdAt: Date;

  @Field()
  lastUsedAt: Date;

  @Field({ description: 'The absolute end of the session, whatever the refreshes.' })
  expiresAt: Date;

  @Field(() => String, { nullable: true })
  userAgent: string | null;

  @Field({ description: 'True for the session of the access token making this request.' })
  current: boolean;
}

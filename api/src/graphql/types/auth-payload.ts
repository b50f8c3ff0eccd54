import { Field, ObjectType } from 'type-graphql';
import { User } from './user.js';

/** What sign-in, registration, refresh and password change return. */
@ObjectType({ description: 'Fresh credentials for a session.' })
export class AuthPayload {
  @Field({ description: 'A short-lived JWT: send it as `Authorization: Bearer <accessToken>`.' })
  accessToken: string;

  @Field()
  accessTokenExpiresAt: Date;

  @Field(() => String, {
    nullable: true,
    description: 'The rotating refresh token; null when it was set as an httpOnly cookie (X-Baton-Token-Transport: cookie).',
  })
  refreshToken: string | null;

  @Field({ description: 'When the refresh token expires if unused (never past the session’s absolute end).' })
  refreshTokenExpiresAt: Date;

  @Field(() => User)
  user: User;
}

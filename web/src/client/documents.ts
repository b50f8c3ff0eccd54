/**
 * The GraphQL documents the Baton client sends, typed by GraphQL Code
 * Generator (`npm run codegen` → `web/src/gql/`). Keep every document of the
 * library in this one file.
 */
import { graphql } from '../gql/index.js';
import type { BatonAuthPayloadFieldsFragment, BatonUserFieldsFragment } from '../gql/graphql.js';

/** A Baton user, as the client reads it (`id`, `email`, `role`, `createdAt` as ISO 8601). */
export type BatonUser = BatonUserFieldsFragment;

/** What login, register and refresh return to the client (the refresh token stays in its httpOnly cookie). */
export type AuthPayloadFields = BatonAuthPayloadFieldsFragment;

graphql(`
  fragment BatonUserFields on User {
    id
    email
    role
    createdAt
  }
`);

graphql(`
  fragment BatonAuthPayloadFields on AuthPayload {
    accessToken
    accessTokenExpiresAt
    user {
      ...BatonUserFields
    }
  }
`);

/** `login(email, password)`, sent in cookie mode. */
export const LoginDocument = graphql(`
  mutation BatonLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      ...BatonAuthPayloadFields
    }
  }
`);

/** `register(email, password)`, sent in cookie mode. */
export const RegisterDocument = graphql(`
  mutation BatonRegister($email: String!, $password: String!) {
    register(email: $email, password: $password) {
      ...BatonAuthPayloadFields
    }
  }
`);

/** `refreshToken` without argument: the API reads the refresh token from its cookie and sets the rotated one. */
export const RefreshTokenDocument = graphql(`
  mutation BatonRefreshToken {
    refreshToken {
      ...BatonAuthPayloadFields
    }
  }
`);

/** `logout` without argument: the API revokes the session of the refresh cookie and clears it. */
export const LogoutDocument = graphql(`
  mutation BatonLogout {
    logout
  }
`);

/** `me`: the signed-in user. */
export const MeDocument = graphql(`
  query BatonMe {
    me {
      ...BatonUserFields
    }
  }
`);

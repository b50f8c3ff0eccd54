/**
 * The GraphQL documents the Baton client sends. Hand-written for now; a
 * later step replaces them with GraphQL Code Generator's typed documents
 * (keep every document in this one file).
 */
import { gql, type TypedDocumentNode } from '@apollo/client';
import type { Role } from '@baton/shared';

/** A Baton user, as the client reads it. */
export interface BatonUser {
  /** The user's id (the access token's `sub`). */
  id: string;
  /** The sign-in email address. */
  email: string;
  /** `USER` or `ADMIN`. */
  role: Role;
  /** ISO 8601 date-time. */
  createdAt: string;
}

/** What login, register and refresh return to the client (the refresh token stays in its httpOnly cookie). */
export interface AuthPayloadFields {
  /** The short-lived access token (a JWT). */
  accessToken: string;
  /** ISO 8601 date-time. */
  accessTokenExpiresAt: string;
  /** The signed-in user. */
  user: BatonUser;
}

const USER_FIELDS = gql`
  fragment BatonUserFields on User {
    id
    email
    role
    createdAt
  }
`;

const AUTH_PAYLOAD_FIELDS = gql`
  fragment BatonAuthPayloadFields on AuthPayload {
    accessToken
    accessTokenExpiresAt
    user {
      ...BatonUserFields
    }
  }
  ${USER_FIELDS}
`;

/** `login(email, password)`, sent in cookie mode. */
export const LoginDocument: TypedDocumentNode<{ login: AuthPayloadFields }, { email: string; password: string }> = gql`
  mutation BatonLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      ...BatonAuthPayloadFields
    }
  }
  ${AUTH_PAYLOAD_FIELDS}
`;

/** `register(email, password)`, sent in cookie mode. */
export const RegisterDocument: TypedDocumentNode<{ register: AuthPayloadFields }, { email: string; password: string }> = gql`
  mutation BatonRegister($email: String!, $password: String!) {
    register(email: $email, password: $password) {
      ...BatonAuthPayloadFields
    }
  }
  ${AUTH_PAYLOAD_FIELDS}
`;

/** `refreshToken` without argument: the API reads the refresh token from its cookie and sets the rotated one. */
export const RefreshTokenDocument: TypedDocumentNode<{ refreshToken: AuthPayloadFields }, Record<string, never>> = gql`
  mutation BatonRefreshToken {
    refreshToken {
      ...BatonAuthPayloadFields
    }
  }
  ${AUTH_PAYLOAD_FIELDS}
`;

/** `logout` without argument: the API revokes the session of the refresh cookie and clears it. */
export const LogoutDocument: TypedDocumentNode<{ logout: boolean }, Record<string, never>> = gql`
  mutation BatonLogout {
    logout
  }
`;

/** `me`: the signed-in user. */
export const MeDocument: TypedDocumentNode<{ me: BatonUser }, Record<string, never>> = gql`
  query BatonMe {
    me {
      ...BatonUserFields
    }
  }
  ${USER_FIELDS}
`;

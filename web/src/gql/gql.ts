/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment BatonUserFields on User {\n    id\n    email\n    role\n    createdAt\n  }\n": typeof types.BatonUserFieldsFragmentDoc,
    "\n  fragment BatonAuthPayloadFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    user {\n      ...BatonUserFields\n    }\n  }\n": typeof types.BatonAuthPayloadFieldsFragmentDoc,
    "\n  mutation BatonLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...BatonAuthPayloadFields\n    }\n  }\n": typeof types.BatonLoginDocument,
    "\n  mutation BatonRegister($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      ...BatonAuthPayloadFields\n    }\n  }\n": typeof types.BatonRegisterDocument,
    "\n  mutation BatonRefreshToken {\n    refreshToken {\n      ...BatonAuthPayloadFields\n    }\n  }\n": typeof types.BatonRefreshTokenDocument,
    "\n  mutation BatonLogout {\n    logout\n  }\n": typeof types.BatonLogoutDocument,
    "\n  query BatonMe {\n    me {\n      ...BatonUserFields\n    }\n  }\n": typeof types.BatonMeDocument,
};
const documents: Documents = {
    "\n  fragment BatonUserFields on User {\n    id\n    email\n    role\n    createdAt\n  }\n": types.BatonUserFieldsFragmentDoc,
    "\n  fragment BatonAuthPayloadFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    user {\n      ...BatonUserFields\n    }\n  }\n": types.BatonAuthPayloadFieldsFragmentDoc,
    "\n  mutation BatonLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...BatonAuthPayloadFields\n    }\n  }\n": types.BatonLoginDocument,
    "\n  mutation BatonRegister($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      ...BatonAuthPayloadFields\n    }\n  }\n": types.BatonRegisterDocument,
    "\n  mutation BatonRefreshToken {\n    refreshToken {\n      ...BatonAuthPayloadFields\n    }\n  }\n": types.BatonRefreshTokenDocument,
    "\n  mutation BatonLogout {\n    logout\n  }\n": types.BatonLogoutDocument,
    "\n  query BatonMe {\n    me {\n      ...BatonUserFields\n    }\n  }\n": types.BatonMeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BatonUserFields on User {\n    id\n    email\n    role\n    createdAt\n  }\n"): (typeof documents)["\n  fragment BatonUserFields on User {\n    id\n    email\n    role\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BatonAuthPayloadFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    user {\n      ...BatonUserFields\n    }\n  }\n"): (typeof documents)["\n  fragment BatonAuthPayloadFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    user {\n      ...BatonUserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BatonLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...BatonAuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation BatonLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...BatonAuthPayloadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BatonRegister($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      ...BatonAuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation BatonRegister($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      ...BatonAuthPayloadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BatonRefreshToken {\n    refreshToken {\n      ...BatonAuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation BatonRefreshToken {\n    refreshToken {\n      ...BatonAuthPayloadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BatonLogout {\n    logout\n  }\n"): (typeof documents)["\n  mutation BatonLogout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatonMe {\n    me {\n      ...BatonUserFields\n    }\n  }\n"): (typeof documents)["\n  query BatonMe {\n    me {\n      ...BatonUserFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
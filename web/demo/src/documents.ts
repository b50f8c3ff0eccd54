/**
 * The demo app's GraphQL documents. `npm run codegen` reads them and writes
 * their result and variable types to `web/src/gql/`; `graphql()` then
 * returns a fully typed document for each.
 */
import { graphql } from './gql/index.js';

/** The signed-in user, for the account page. */
export const DemoMeDocument = graphql(`
  query DemoMe {
    me {
      id
      email
      role
      createdAt
    }
  }
`);

/** The caller's live sessions, for the sessions page. */
export const DemoSessionsDocument = graphql(`
  query DemoSessions {
    sessions {
      id
      createdAt
      lastUsedAt
      expiresAt
      userAgent
      current
    }
  }
`);

/** Ends one session (another device, or this one). */
export const DemoRevokeSessionDocument = graphql(`
  mutation DemoRevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

/** Ends every session of the user, this one included. */
export const DemoLogoutAllDocument = graphql(`
  mutation DemoLogoutAll {
    logoutAll
  }
`);

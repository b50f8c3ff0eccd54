/**
 * `@baton/web`: Baton's client — a token-aware Apollo Client 4 link, a token
 * store, cross-tab coordination and a ready client. React bindings live in
 * `@baton/web/react`.
 * @packageDocumentation
 */
export {
  createAuthLink,
  isCredentialOperation,
  isUnauthenticatedError,
  type AuthLink,
  type AuthLinkOptions,
  type MaybePromise,
  type RefreshCoordinator,
} from './link/auth-link.js';
export * from './store/token-store.js';
export * from './coordination/index.js';
export * from './client/index.js';
export * from './errors.js';
export * from './jwt.js';

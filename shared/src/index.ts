/**
 * `@baton/shared`: what Baton's API and client agree on.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './tokens.js';

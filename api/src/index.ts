/**
 * `@baton/api`: start Baton's GraphQL API from code (tests, embedding).
 * @packageDocumentation
 */
export { startServer, type RunningServer, type StartOptions } from './server.js';
export { loadConfig, ConfigError, type Config } from './config/config.js';
export { createSchema } from './graphql/schema.js';
export { AuthenticationError, BatonError, ForbiddenError, InputError, RateLimitedError } from './errors.js';

import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode } from '@baton/shared';
import { BatonError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Codes whose messages are written for clients (by Baton or by GraphQL itself) and safe to show. */
const CLIENT_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo's `formatError`: Baton's own errors and GraphQL's client errors go
 * out as they are; anything else (a database error, a bug, a library's raw
 * message) is logged and replaced by a plain INTERNAL_SERVER_ERROR, so no
 * SQL, path or secret ever reaches a client.
 */
export function createErrorFormatter(logger: Logger, exposeStackTraces: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = String(formatted.extensions?.code ?? '');
    if (original instanceof BatonError || CLIENT_CODES.has(code)) {
      return formatted;
    }
    logger.error('unexpected error while serving a request', {
      message: original instanceof Error ? original.message : String(original),
      stack: original instanceof Error ? original.stack : undefined,
      path: formatted.path,
    });
    return {
      message: 'Internal server error.',
      path: formatted.path,
      extensions: {
        code: ErrorCode.INTERNAL_SERVER_ERROR,
        ...(exposeStackTraces && formatted.extensions?.stacktrace ? { stacktrace: formatted.extensions.stacktrace } : {}),
      },
    };
  };
}

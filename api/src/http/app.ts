import express, { type ErrorRequestHandler, type Express } from 'express';
import cors from 'cors';
import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ErrorCode, TOKEN_TRANSPORT_HEADER } from '@baton/shared';
import { resolveAuth } from '../auth/context.js';
import { jwks } from '../auth/signing-keys.js';
import type { GraphQLContext } from '../graphql/context.js';
import { GRAPHQL_PATH } from '../graphql/credentials.js';
import type { Services } from '../services.js';

/** A GraphQL-shaped error body, so every client parses every failure the same way. */
function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Last-resort handler: malformed JSON, oversized bodies and anything thrown
 * outside GraphQL get a JSON error with a stable code. Express's default
 * handler would answer HTML with a stack trace in development.
 */
function errorHandler(services: Services): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const type = (err as { type?: string })?.type;
    if (type === 'entity.too.large') return res.status(413).json(errorBody('The request body is too large.', ErrorCode.BAD_REQUEST));
    if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return res.status(400).json(errorBody('The request body is not valid JSON.', ErrorCode.BAD_REQUEST));
    }
    services.logger.error('unhandled HTTP error', { message: (err as Error)?.message, stack: (err as Error)?.stack });
    return res.status(500).json(errorBody('Internal server error.', ErrorCode.INTERNAL_SERVER_ERROR));
  };
}

/**
 * The HTTP application: `/graphql` (Apollo), `/healthz`, and the JWKS
 * document. CORS allows exactly `CORS_ORIGINS`, with credentials (cookies).
 */
export function createApp(apollo: ApolloServer<GraphQLContext>, services: Services): Express {
  const { config } = services;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);

  app.get('/healthz', async (_req, res) => {
    try {
      await services.db.ping();
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  // Public keys for other services to verify access tokens without a shared
  // secret (empty with HS256: secrets are never published).
  app.get('/.well-known/jwks.json', (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(jwks(services.keys));
  });

  app.use(
    GRAPHQL_PATH,
    cors({
      origin: config.corsOrigins,
      credentials: true,
      allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', TOKEN_TRANSPORT_HEADER],
    }),
    express.json({ limit: config.bodyLimitBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GraphQLContext> => ({
        auth: resolveAuth(req, services.accessTokens),
        services,
        req,
        res,
        transport: String(req.headers[TOKEN_TRANSPORT_HEADER] ?? '').toLowerCase() === 'cookie' ? 'cookie' : 'body',
        client: { address: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: req.get('user-agent') ?? null },
      }),
    }),
  );

  app.use((_req, res) => res.status(404).json(errorBody('Not found.', 'NOT_FOUND')));
  app.use(errorHandler(services));
  return app;
}

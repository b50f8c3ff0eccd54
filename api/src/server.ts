import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import Redis from 'ioredis';
import { insecureSettings, loadConfig, type Config } from './config/config.js';
import { openDatabase } from './db/database.js';
import { resolveSecrets } from './auth/secrets.js';
import { createLogger, type Logger } from './logger.js';
import { createServices, type Services } from './services.js';
import { createSchema } from './graphql/schema.js';
import { aliasLimit, depthLimit } from './graphql/limits.js';
import { createErrorFormatter } from './graphql/format-error.js';
import type { GraphQLContext } from './graphql/context.js';
import { createApp } from './http/app.js';
import { GRAPHQL_PATH } from './graphql/credentials.js';

/** A running Baton API. */
export interface RunningServer {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** Origin of the server, e.g. `http://127.0.0.1:4000`. */
  origin: string;
  port: number;
  config: Config;
  services: Services;
  /** Stops accepting requests, drains in-flight ones, closes the database. */
  stop(): Promise<void>;
}

/** Options of {@link startServer}; by default everything comes from `process.env`. */
export interface StartOptions {
  /** Environment to read the configuration from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Use this configuration as-is instead of reading the environment. */
  config?: Config;
  logger?: Logger;
}

/** Node's default 16 KiB header limit answers an oversized header with a bare 431; 32 KiB lets the API answer `UNAUTHENTICATED` instead. */
const MAX_HEADER_SIZE = 32 * 1024;

/**
 * Starts the API: validates configuration, opens (and migrates) the
 * database, builds the schema and serves HTTP. Rejects with a clear error
 * when the configuration is invalid.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = options.config ?? loadConfig(options.env ?? process.env);
  const logger = options.logger ?? createLogger(config.logLevel);
  for (const warning of insecureSettings(config)) logger.warn(`INSECURE: ${warning}`);
  const secrets = resolveSecrets(config, logger);
  const db = await openDatabase(config);
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : undefined;
  const services = createServices(config, secrets, db, logger, redis);

  const httpServer = http.createServer({ maxHeaderSize: MAX_HEADER_SIZE });
  const apollo = new ApolloServer<GraphQLContext>({
    schema: await createSchema(),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.exposeStackTraces,
    formatError: createErrorFormatter(logger, config.exposeStackTraces),
    validationRules: [depthLimit(config.maxQueryDepth), aliasLimit(config.maxAliases)],
    // A 100 KB document of repeated fields costs ~1 s of validation; a token
    // cap stops it at the parser, long before validation starts.
    parseOptions: { maxTokens: config.maxQueryTokens },
    csrfPrevention: true,
    // main.ts owns SIGINT/SIGTERM: Apollo's own handlers would re-raise the signal
    // and kill the process before the database is closed.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      config.sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: true }) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  httpServer.on('request', createApp(apollo, services));
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });

  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const origin = `http://${host}:${port}`;
  let stopping: Promise<void> | undefined;
  return {
    url: origin + GRAPHQL_PATH,
    origin,
    port,
    config,
    services,
    stop: () =>
      (stopping ??= (async () => {
        await apollo.stop();
        await db.close();
        redis?.disconnect();
      })()),
  };
}

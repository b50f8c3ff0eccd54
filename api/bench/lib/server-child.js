'use strict';
/**
 * A server under test, in its own process (the load generator never shares
 * its event loop). Started by lib/servers.js with `fork`:
 *
 *   node bench/lib/server-child.js baton   # the real Baton API (dist/server.js startServer)
 *   node bench/lib/server-child.js bare    # a bare Apollo Server 5 + express 5 "hello"
 *
 * It answers a few RPCs over IPC so the bench can prepare data without going
 * through the API (a pool of sessions, an expired access token) and read
 * counters of what the server did (refresh calls and their outcomes).
 */
const { randomBytes } = require('node:crypto');

const variant = process.argv[2];
const rpc = {};
let stop = async () => undefined;

async function startBaton() {
  const { startServer } = require('../../dist/server.js');
  const server = await startServer({ env: process.env });
  const { services } = server;
  stop = () => server.stop();

  // Count refreshes as the server sees them (resolver -> services.accounts.refresh),
  // by outcome: ok, or the error reason (REFRESH_TOKEN_REUSED means reuse detection tripped).
  const counters = { refresh: 0, outcomes: {} };
  const originalRefresh = services.accounts.refresh.bind(services.accounts);
  services.accounts.refresh = async (token) => {
    counters.refresh++;
    try {
      const result = await originalRefresh(token);
      counters.outcomes.ok = (counters.outcomes.ok ?? 0) + 1;
      return result;
    } catch (error) {
      const reason = error?.reason ?? error?.extensions?.reason ?? 'ERROR';
      counters.outcomes[reason] = (counters.outcomes[reason] ?? 0) + 1;
      throw error;
    }
  };

  // Logins in flight (the login flood's requests keep running server-side after the client stops).
  let loginsInFlight = 0;
  const originalLogin = services.accounts.login.bind(services.accounts);
  services.accounts.login = async (...args) => {
    loginsInFlight++;
    try {
      return await originalLogin(...args);
    } finally {
      loginsInFlight--;
    }
  };
  rpc.loginsInFlight = async () => loginsInFlight;

  let user;
  rpc.createUser = async ({ password }) => {
    const email = `bench-${process.pid}-${randomBytes(4).toString('hex')}@example.com`;
    // One real registration (real scrypt cost): the user the flood logs in as and every session belongs to.
    const result = await services.accounts.register(email, password, { address: '127.0.0.1', userAgent: 'bench' });
    user = result.user;
    return { email, password, userId: user.id, accessToken: result.accessToken, refreshToken: result.refreshToken };
  };
  // A pool of sessions created at the database level (no password hashing): one refresh token each.
  rpc.createSessions = async ({ count }) => {
    const tokens = [];
    for (let i = 0; i < count; i++) {
      const issued = await services.sessions.start(user.id, { userAgent: 'bench', ipAddress: '127.0.0.1' });
      tokens.push(issued.refreshToken);
    }
    return tokens;
  };
  // A fresh session with an access token; `expired` signs it as if issued one TTL + 1 min ago.
  rpc.createSession = async ({ expired }) => {
    const issued = await services.sessions.start(user.id, { userAgent: 'bench', ipAddress: '127.0.0.1' });
    const now = expired ? Date.now() - services.config.accessTokenTtlMs - 60_000 : Date.now();
    const access = services.accessTokens.sign({ userId: user.id, sessionId: issued.sessionId, role: user.role }, now);
    return { accessToken: access.token, refreshToken: issued.refreshToken, sessionId: issued.sessionId };
  };
  rpc.counters = async () => JSON.parse(JSON.stringify(counters));
  rpc.resetCounters = async () => {
    counters.refresh = 0;
    counters.outcomes = {};
  };
  rpc.sessionRevoked = async ({ sessionId }) => {
    const s = await services.db.sessions.findOneBy({ id: sessionId });
    return s ? { revokedAt: s.revokedAt ? s.revokedAt.toISOString() : null, reason: s.revokedReason } : null;
  };
  return { url: server.url };
}

async function startBare() {
  // What a user of Apollo Server 5 would write first: express 5, express.json, expressMiddleware.
  const http = require('node:http');
  const express = require('express');
  const { ApolloServer } = require('@apollo/server');
  const { expressMiddleware } = require('@as-integrations/express5');
  const { ApolloServerPluginDrainHttpServer } = require('@apollo/server/plugin/drainHttpServer');
  const httpServer = http.createServer();
  const apollo = new ApolloServer({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: () => 'world' } },
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  httpServer.on('request', app);
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  stop = () => apollo.stop();
  return { url: `http://127.0.0.1:${httpServer.address().port}/graphql` };
}

process.on('message', async (message) => {
  if (message?.type !== 'rpc') return;
  const { id, method, args } = message;
  try {
    if (method === 'stop') {
      await stop();
      process.send({ type: 'rpc-result', id, result: true }, () => process.exit(0)); // exit normally: --cpu-prof writes its profile
      return;
    }
    const result = await rpc[method](args ?? {});
    process.send({ type: 'rpc-result', id, result });
  } catch (error) {
    process.send({ type: 'rpc-result', id, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0)); // the bench died: do not linger

(variant === 'bare' ? startBare() : startBaton()).then(
  (info) => process.send({ type: 'ready', ...info }),
  (error) => {
    process.send({ type: 'failed', error: String(error?.stack ?? error) });
    process.exit(1);
  },
);

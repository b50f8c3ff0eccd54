'use strict';
/**
 * Scenario 4: refresh-token rotations per second against authenticated reads
 * per second (`me`: verifies the JWT, checks the session is live, loads the
 * user) on the same database, interleaved rounds.
 *
 * Every rotation needs a token nobody used: the server child creates a pool
 * of sessions at the database level (SessionService.start, no password
 * hashing); each request takes a token from the pool and puts the successor
 * it receives back, so every connection walks its own token family, and
 * rotations never present a rotated token (no grace-window answers, no reuse
 * detection).
 */
const { gql, run, assertClean } = require('../lib/load');
const { summary, ratioSummary } = require('../lib/stats');
const { ME } = require('./throughput');

const REFRESH = 'mutation Refresh($t: String) { refreshToken(refreshToken: $t) { accessToken refreshToken } }';
const CONNECTIONS = 10;

async function rotation({ server, user, settings, log }) {
  const me = await gql(server.url, ME, undefined, user.accessToken);
  if (!me.body.data?.me?.id) throw new Error('me failed: ' + me.text);

  // Shared queue of unused refresh tokens. Each run loses up to one token per
  // connection (requests in flight when autocannon stops: rotated server-side,
  // successor never read), so the pool is topped up before every run.
  const ready = await server.call('createSessions', { count: CONNECTIONS * 3 });
  const topUp = async () => {
    if (ready.length < CONNECTIONS * 3) ready.push(...(await server.call('createSessions', { count: CONNECTIONS * 3 - ready.length })));
  };
  const first = await gql(server.url, REFRESH, { t: ready.pop() });
  if (!first.body.data?.refreshToken?.refreshToken) throw new Error('refreshToken failed: ' + first.text);
  ready.push(first.body.data.refreshToken.refreshToken);

  let ok = 0;
  const failures = {};
  const rotationLoad = (duration) => ({
    url: server.url,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        setupRequest(req) {
          const token = ready.shift();
          if (!token) return null; // pool exhausted (only after many failures)
          return { ...req, body: JSON.stringify({ query: REFRESH, variables: { t: token } }) };
        },
        onResponse(status, body) {
          try {
            const next = JSON.parse(body).data?.refreshToken?.refreshToken;
            if (next) {
              ok++;
              ready.push(next);
              return;
            }
            const reason = JSON.parse(body).errors?.[0]?.extensions?.reason ?? `HTTP ${status}`;
            failures[reason] = (failures[reason] ?? 0) + 1;
          } catch {
            failures.unparsable = (failures.unparsable ?? 0) + 1;
          }
        },
      },
    ],
  });
  const readLoad = (duration) => ({ url: server.url, body: JSON.stringify({ query: ME }), headers: { authorization: `Bearer ${user.accessToken}` }, expectBody: me.text, connections: CONNECTIONS, duration });

  await run(readLoad(settings.warmup));
  await topUp();
  await run(rotationLoad(settings.warmup));
  const reads = [];
  const rotations = [];
  const raw = { reads: [], rotations: [] };
  for (let round = 0; round < settings.rounds; round++) {
    const steps = round % 2 ? ['rotate', 'read'] : ['read', 'rotate'];
    for (const step of steps) {
      if (step === 'read') {
        const m = await run(readLoad(settings.duration));
        assertClean(`${server.database} me`, m);
        reads.push(m.rps);
        raw.reads.push(m);
        log(`    round ${round + 1}/${settings.rounds} ${server.database} me        ${Math.round(m.rps)} req/s`);
      } else {
        await topUp();
        const before = ok;
        const m = await run(rotationLoad(settings.duration));
        assertClean(`${server.database} rotation`, m);
        const rate = (ok - before) / settings.duration;
        rotations.push(rate);
        raw.rotations.push({ ...m, rotationsPerSecond: rate });
        log(`    round ${round + 1}/${settings.rounds} ${server.database} rotation  ${Math.round(rate)} rotations/s  p99 ${m.latency.p99} ms`);
      }
    }
  }
  const counters = await server.call('counters');
  return {
    database: server.database,
    connections: CONNECTIONS,
    readsPerSecond: summary(reads),
    rotationsPerSecond: summary(rotations),
    ratio: ratioSummary(rotations, reads), // goal >= 0.30
    failedRotations: failures,
    serverRefreshOutcomes: counters.outcomes,
    raw,
  };
}

module.exports = { rotation, REFRESH };

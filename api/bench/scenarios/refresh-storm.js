'use strict';
/**
 * Scenario 3: a refresh storm. 100 operations start together with an expired
 * access token, through a real ApolloClient + createAuthLink + HttpLink
 * against a real Baton. Measures how many refreshes happen (must be 1), how
 * many operations succeed, and the wall time, as a multiple of
 *  - one operation's round trip through the same client (the literal goal,
 *    <= 3: first attempt + refresh + retry), and
 *  - the same 100 operations with a valid token (one "round" of the batch).
 * Compared with the naive recipe people copy: ErrorLink that refreshes per
 * failing operation (each refresh presents the refresh token stored at that
 * moment), which sends up to 100 refreshes and trips reuse detection.
 */
const { performance } = require('node:perf_hooks');
const { summary, median } = require('../lib/stats');
const { ME } = require('./throughput');
const { REFRESH } = require('./rotation');

const OPERATIONS = 100;

function load() {
  const web = require('@baton/web'); // built dist: `npm run build -w @baton/web`
  const apollo = require('@apollo/client');
  const { ErrorLink } = require('@apollo/client/link/error');
  const { SetContextLink } = require('@apollo/client/link/context');
  const rxjs = require('rxjs');
  return { web, apollo, ErrorLink, SetContextLink, rxjs };
}

async function refreshOverHttp(url, refreshToken) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: REFRESH, variables: { t: refreshToken } }) });
  const body = await res.json();
  const payload = body.data?.refreshToken;
  if (!payload) {
    const error = new Error('refresh failed');
    error.reason = body.errors?.[0]?.extensions?.reason ?? `HTTP ${res.status}`;
    throw error;
  }
  return payload;
}

/** A client for one storm. mode: 'auth-link' | 'auth-link-proactive' | 'naive-error-link'. */
function makeClient(libs, url, mode, creds) {
  const { web, apollo, ErrorLink, SetContextLink, rxjs } = libs;
  const state = { access: creds.accessToken, refresh: creds.refreshToken };
  const stats = { refreshCalls: 0, refreshFailures: {}, onRefreshFailure: 0 };
  const doRefresh = async () => {
    stats.refreshCalls++;
    try {
      const payload = await refreshOverHttp(url, state.refresh);
      state.access = payload.accessToken;
      state.refresh = payload.refreshToken;
      return payload.accessToken;
    } catch (error) {
      stats.refreshFailures[error.reason ?? 'ERROR'] = (stats.refreshFailures[error.reason ?? 'ERROR'] ?? 0) + 1;
      throw error;
    }
  };
  const http = new apollo.HttpLink({ uri: url });
  let link;
  if (mode === 'naive-error-link') {
    const isAuthError = (error) =>
      (apollo.CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) ||
      (apollo.ServerError.is(error) && error.statusCode === 401);
    const withToken = new SetContextLink((prev) => ({ headers: { ...prev.headers, authorization: `Bearer ${state.access}` } }));
    const refreshPerFailure = new ErrorLink(({ error, operation, forward }) => {
      if (!isAuthError(error) || operation.getContext().retried) return;
      operation.setContext({ retried: true });
      return rxjs.from(doRefresh()).pipe(rxjs.mergeMap(() => forward(operation)));
    });
    link = apollo.ApolloLink.from([refreshPerFailure, withToken, http]);
  } else {
    const authLink = web.createAuthLink({
      getAccessToken: () => state.access,
      refresh: () => doRefresh().catch(() => null),
      onRefreshFailure: () => stats.onRefreshFailure++,
      ...(mode === 'auth-link-proactive' ? { leewaySeconds: 0 } : {}),
    });
    link = apollo.ApolloLink.from([authLink, http]);
  }
  // queryDeduplication off: 100 identical queries must be 100 requests, not one.
  const client = new apollo.ApolloClient({ link, cache: new apollo.InMemoryCache(), queryDeduplication: false });
  return { client, stats };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts n operations at once, or one every `staggerMs` (failures then arrive spread out, as in an app). */
async function runBatch(libs, client, n, staggerMs = 0) {
  const doc = libs.apollo.gql(ME);
  const t0 = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      if (staggerMs) await sleep(i * staggerMs);
      return client.query({ query: doc, fetchPolicy: 'no-cache' }).then(
        (r) => (r.data?.me?.id ? 'ok' : 'empty'),
        (e) => e?.errors?.[0]?.extensions?.reason ?? e?.name ?? 'error',
      );
    }),
  );
  const ms = performance.now() - t0;
  const tally = {};
  for (const o of outcomes) tally[o] = (tally[o] ?? 0) + 1;
  return { ms, ok: tally.ok ?? 0, outcomes: tally };
}

async function storm({ server, settings, log }) {
  let libs;
  try {
    libs = load();
  } catch (error) {
    return { skipped: `@baton/web could not be loaded (build it: npm run build -w @baton/web): ${error.message}` };
  }
  const doc = libs.apollo.gql(ME);

  // Baseline 1: one operation's round trip through ApolloClient + createAuthLink + HttpLink, valid token.
  const valid = makeClient(libs, server.url, 'auth-link', await server.call('createSession', { expired: false }));
  for (let i = 0; i < 30; i++) await valid.client.query({ query: doc, fetchPolicy: 'no-cache' });
  const single = [];
  for (let i = 0; i < settings.singleSamples; i++) {
    const t0 = performance.now();
    const r = await valid.client.query({ query: doc, fetchPolicy: 'no-cache' });
    single.push(performance.now() - t0);
    if (!r.data?.me?.id) throw new Error('single operation failed');
  }
  const singleMs = median(single);
  log(`    single operation round trip: ${singleMs.toFixed(2)} ms (median of ${single.length})`);

  // Baseline 2: the same 100 operations with a valid token (also re-measured before every storm round, below).
  await runBatch(libs, valid.client, OPERATIONS); // warm-up
  const batch = [];
  for (let i = 0; i < settings.stormRounds; i++) {
    const b = await runBatch(libs, valid.client, OPERATIONS);
    if (b.ok !== OPERATIONS) throw new Error(`valid batch: ${JSON.stringify(b.outcomes)}`);
    batch.push(b.ms);
  }
  const batchMs = median(batch);
  log(`    ${OPERATIONS} operations, valid token: ${batchMs.toFixed(1)} ms (median of ${batch.length})`);

  // Simultaneous start (the storm), the proactive option, and a staggered start
  // (one operation every 10 ms) where failures arrive while a refresh is in flight.
  const modes = [
    { id: 'auth-link', mode: 'auth-link', stagger: 0 },
    { id: 'naive-error-link', mode: 'naive-error-link', stagger: 0 },
    { id: 'auth-link-proactive', mode: 'auth-link-proactive', stagger: 0 },
    { id: 'auth-link-staggered', mode: 'auth-link', stagger: 10 },
    { id: 'naive-error-link-staggered', mode: 'naive-error-link', stagger: 10 },
  ];
  const result = { operations: OPERATIONS, singleRoundTripMs: summary(single), validBatchMs: summary(batch), modes: {} };
  for (const { id: mode, mode: clientMode, stagger } of modes) {
    const rounds = [];
    for (let i = 0; i < settings.stormRounds + 1; i++) {
      // The same 100 operations with a valid token right before each storm: the
      // per-round baseline (adjacent in time, so machine noise hits both alike).
      const baseline = await runBatch(libs, valid.client, OPERATIONS, stagger);
      if (baseline.ok !== OPERATIONS) throw new Error(`valid batch: ${JSON.stringify(baseline.outcomes)}`);
      const creds = await server.call('createSession', { expired: true });
      const { client, stats } = makeClient(libs, server.url, clientMode, creds);
      await server.call('resetCounters');
      const b = await runBatch(libs, client, OPERATIONS, stagger);
      const counters = await server.call('counters');
      const session = await server.call('sessionRevoked', { sessionId: creds.sessionId });
      const round = { wallMs: b.ms, validBatchMs: baseline.ms, ok: b.ok, outcomes: b.outcomes, clientRefreshCalls: stats.refreshCalls, clientRefreshFailures: stats.refreshFailures, onRefreshFailure: stats.onRefreshFailure, serverRefreshes: counters.refresh, serverOutcomes: counters.outcomes, sessionRevoked: session?.reason ?? null };
      if (i === 0) continue; // warm-up storm
      rounds.push(round);
      log(`    ${mode.padEnd(26)} round ${i}: ${b.ms.toFixed(1)} ms (valid token: ${baseline.ms.toFixed(1)} ms), ${b.ok}/${OPERATIONS} ok, ${counters.refresh} refresh call(s) ${JSON.stringify(counters.outcomes)}${session?.reason ? ', session revoked: ' + session.reason : ''}`);
    }
    const wall = rounds.map((r) => r.wallMs);
    result.modes[mode] = {
      staggerMs: stagger,
      wallMs: summary(wall),
      vsSingleRoundTrip: summary(wall.map((w) => w / singleMs)), // goal <= 3
      vsValidBatch: summary(rounds.map((r) => r.wallMs / r.validBatchMs)), // per round
      refreshCalls: summary(rounds.map((r) => r.serverRefreshes)), // goal == 1
      okOperations: summary(rounds.map((r) => r.ok)),
      reuseDetected: rounds.filter((r) => (r.serverOutcomes.REFRESH_TOKEN_REUSED ?? 0) > 0 || r.sessionRevoked === 'REUSE').length,
      rounds,
    };
  }
  return result;
}

module.exports = { storm };

'use strict';
/**
 * Scenarios 1 and 2: the cost of authentication, and Baton against a bare
 * Apollo Server 5 + express "hello", as throughput ratios measured in the
 * same run, rounds interleaved (A B C D, B C D A, …) so drift hits every
 * variant alike.
 *
 * Why `{ __typename }` with vs without `Authorization: Bearer`: Baton resolves
 * the caller once per request, in the context function (http/app.ts ->
 * auth/context.ts resolveAuth -> AccessTokens.verify), for every request that
 * carries the header, whatever it asks for. Without the header resolveAuth
 * returns `anonymous` after one header lookup. So the same query on the same
 * server with and without a valid token differs by exactly the auth cost
 * (parsing the header, decoding and HS256-verifying the JWT, checking its
 * claims) — no bench-only server variant, no code in api/src to change.
 */
const { gql, run, assertClean } = require('../lib/load');
const { summary, ratioSummary } = require('../lib/stats');

const ME = 'query Me { me { id email role } }';

async function measureVariants(variants, settings, log) {
  for (const v of variants) {
    // Warm-up: JIT, connection setup, caches; not recorded.
    await run({ ...v.load, duration: settings.warmup, connections: v.load.connections ?? 10 });
  }
  const results = Object.fromEntries(variants.map((v) => [v.id, []]));
  for (let round = 0; round < settings.rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const v of order) {
      const m = await run({ ...v.load, duration: settings.duration, connections: v.load.connections ?? 10 });
      assertClean(v.id, m);
      results[v.id].push(m);
      log(`    round ${round + 1}/${settings.rounds} ${v.id.padEnd(16)} ${Math.round(m.rps)} req/s  p99 ${m.latency.p99} ms`);
    }
  }
  return results;
}

async function throughput({ baton, bare, user, settings, log }) {
  const anonBody = JSON.stringify({ query: '{ __typename }' });
  const meBody = JSON.stringify({ query: ME });
  const auth = { authorization: `Bearer ${user.accessToken}` };

  // Sanity: the token is valid (me answers), and record the exact bodies a correct answer has.
  const me = await gql(baton.url, ME, undefined, user.accessToken);
  if (!me.body.data?.me?.id) throw new Error('me failed with the bench token: ' + me.text);
  const typename = await gql(baton.url, '{ __typename }', undefined, user.accessToken);
  const hello = await gql(bare.url, '{ hello }');

  const variants = [
    { id: 'bare-hello', load: { url: bare.url, body: JSON.stringify({ query: '{ hello }' }), expectBody: hello.text } },
    { id: 'baton-anonymous', load: { url: baton.url, body: anonBody, expectBody: typename.text } },
    { id: 'baton-bearer', load: { url: baton.url, body: anonBody, headers: auth, expectBody: typename.text } },
    { id: 'baton-me', load: { url: baton.url, body: meBody, headers: auth, expectBody: me.text } },
  ];
  const raw = await measureVariants(variants, { ...settings, rounds: settings.tpRounds, duration: settings.tpDuration }, log);
  const rps = (id) => raw[id].map((m) => m.rps);
  const p99 = (id) => raw[id].map((m) => m.latency.p99);
  return {
    description: 'Throughput (req/s, 10 connections, closed loop) of the same server with and without auth, and of a bare Apollo Server 5 + express 5 hello',
    connections: 10,
    throughput: Object.fromEntries(variants.map((v) => [v.id, summary(rps(v.id))])),
    p99: Object.fromEntries(variants.map((v) => [v.id, summary(p99(v.id))])),
    ratios: {
      authCost: ratioSummary(rps('baton-bearer'), rps('baton-anonymous')), // goal >= 0.97
      meVsAnonymous: ratioSummary(rps('baton-me'), rps('baton-anonymous')),
      bearerVsBare: ratioSummary(rps('baton-bearer'), rps('bare-hello')), // goal >= 0.90
      anonymousVsBare: ratioSummary(rps('baton-anonymous'), rps('bare-hello')),
      meVsBare: ratioSummary(rps('baton-me'), rps('bare-hello')),
    },
    raw,
  };
}

module.exports = { throughput, measureVariants, ME };

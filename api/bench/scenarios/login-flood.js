'use strict';
/**
 * Scenario 5: latency of authenticated reads while a login flood runs,
 * against the same reads without it, with the real scrypt cost (N = 2^17,
 * ~128 MiB and ~0.1-0.3 s of one core per login).
 *
 * scrypt runs on libuv's thread pool (crypto.scrypt with a callback), so it
 * should not block the event loop; this checks it end to end. The reads are
 * one client in a closed loop (one request in flight, the next sent when the
 * previous answers): what a light, steady user sees. Two kinds of read:
 *  - `{ __typename }` with a Bearer token: event loop + JWT only;
 *  - `me`: also two SQLite/PostgreSQL queries, which (with the sqlite3
 *    driver) also run on libuv's thread pool, the pool scrypt occupies.
 */
const { fork } = require('node:child_process');
const path = require('node:path');
const { gql, run, assertClean } = require('../lib/load');
const { summary, ratioSummary } = require('../lib/stats');
const { ME } = require('./throughput');

/** Waits until the server has finished the logins the flood left in flight, so the next quiet measurement is quiet. */
async function settle(server) {
  const deadline = Date.now() + 60_000;
  while ((await server.call('loginsInFlight')) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
}

async function startFlood({ url, email, password, connections }) {
  const child = fork(path.join(__dirname, '..', 'lib', 'flood-child.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages = [];
  let wake;
  child.on('message', (m) => {
    messages.push(m);
    wake?.();
  });
  const next = () => new Promise((resolve) => {
    const poll = () => (messages.length ? resolve(messages.shift()) : (wake = poll));
    poll();
  });
  child.send({ url, email, password, connections });
  await next(); // started
  return {
    async stop() {
      child.send('stop');
      const result = await next();
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      return result;
    },
  };
}

async function loginFlood({ server, user, settings, log }) {
  const floodConnections = settings.floodConnections;
  const me = await gql(server.url, ME, undefined, user.accessToken);
  const typename = await gql(server.url, '{ __typename }', undefined, user.accessToken);
  const auth = { authorization: `Bearer ${user.accessToken}` };
  const reads = [
    { id: 'bearer-typename', load: { url: server.url, body: JSON.stringify({ query: '{ __typename }' }), headers: auth, expectBody: typename.text, connections: 1 } },
    { id: 'me', load: { url: server.url, body: JSON.stringify({ query: ME }), headers: auth, expectBody: me.text, connections: 1 } },
  ];
  for (const r of reads) await run({ ...r.load, duration: settings.warmup });

  const raw = { quiet: { 'bearer-typename': [], me: [] }, flood: { 'bearer-typename': [], me: [] }, logins: [] };
  for (let round = 0; round < settings.floodRounds; round++) {
    for (const r of reads) {
      const m = await run({ ...r.load, duration: settings.duration });
      assertClean(`quiet ${r.id}`, m);
      raw.quiet[r.id].push(m);
      log(`    round ${round + 1}/${settings.floodRounds} quiet ${r.id.padEnd(16)} p99 ${m.latency.p99} ms  p50 ${m.latency.p50} ms  ${Math.round(m.rps)} req/s`);
    }
    const flood = await startFlood({ url: server.url, email: user.email, password: user.password, connections: floodConnections });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let the flood fill the pool
    for (const r of reads) {
      const m = await run({ ...r.load, duration: settings.duration });
      assertClean(`flood ${r.id}`, m);
      raw.flood[r.id].push(m);
      log(`    round ${round + 1}/${settings.floodRounds} flood ${r.id.padEnd(16)} p99 ${m.latency.p99} ms  p50 ${m.latency.p50} ms  ${Math.round(m.rps)} req/s`);
    }
    const logins = await flood.stop();
    await settle(server);
    raw.logins.push(logins);
    log(`    round ${round + 1}/${settings.floodRounds} flood: ${logins.ok} logins ok (${logins.loginsPerSecond.toFixed(1)}/s), ${logins.failed} failed`);
    if (logins.ok === 0) throw new Error('login flood: no login succeeded');
  }
  const p99 = (phase, id) => raw[phase][id].map((m) => m.latency.p99);
  const p50 = (phase, id) => raw[phase][id].map((m) => m.latency.p50);
  const out = { floodConnections, readConnections: 1, scryptLogN: 17, passwordHashConcurrency: Number(process.env.PASSWORD_HASH_CONCURRENCY) || null, uvThreadpoolSize: Number(process.env.UV_THREADPOOL_SIZE) || 4, reads: {}, loginsPerSecond: summary(raw.logins.map((l) => l.loginsPerSecond)), raw };
  for (const r of reads) {
    out.reads[r.id] = {
      quietP99: summary(p99('quiet', r.id)),
      floodP99: summary(p99('flood', r.id)),
      quietP50: summary(p50('quiet', r.id)),
      floodP50: summary(p50('flood', r.id)),
      p99Ratio: ratioSummary(p99('flood', r.id), p99('quiet', r.id)), // goal <= 2
      quietRps: summary(raw.quiet[r.id].map((m) => m.rps)),
      floodRps: summary(raw.flood[r.id].map((m) => m.rps)),
    };
  }
  return out;
}

module.exports = { loginFlood, settle };

#!/usr/bin/env node
'use strict';
/**
 * Where the auth cost goes: profiles two identical Baton servers (node
 * --cpu-prof), drives one with `{ __typename }` without a token and the other
 * with a Bearer token, then compares main-thread self time *per request* by
 * function. The difference is what authenticating a request costs.
 *
 *   node bench/profile-auth.js [seconds]
 */
const fs = require('node:fs');
const path = require('node:path');
const { startBatonSqlite } = require('./lib/servers');
const { run, gql } = require('./lib/load');

const seconds = Number(process.argv[2]) || 8;
const PROFILE_DIR = path.join(__dirname, 'results', 'profiles');

function selfTimes(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const cf = byId.get(id).callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${(cf.url || '').replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/api\//, 'api/')}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return self;
}

async function profiled(name, withToken) {
  const server = await startBatonSqlite({ profile: name });
  const user = await server.call('createUser', { password: 'correct horse battery staple' });
  const typename = await gql(server.url, '{ __typename }', undefined, user.accessToken);
  const load = { url: server.url, body: JSON.stringify({ query: '{ __typename }' }), headers: withToken ? { authorization: `Bearer ${user.accessToken}` } : {}, expectBody: typename.text, connections: 10 };
  await run({ ...load, duration: 2 });
  const m = await run({ ...load, duration: seconds });
  const before = new Set(fs.readdirSync(PROFILE_DIR));
  await server.stop();
  const file = fs.readdirSync(PROFILE_DIR).find((f) => f.startsWith(name) && !before.has(f)) ?? fs.readdirSync(PROFILE_DIR).filter((f) => f.startsWith(name)).sort().pop();
  return { requests: m.total + 0, rps: m.rps, self: selfTimes(path.join(PROFILE_DIR, file)), file };
}

(async () => {
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const anon = await profiled('auth-anonymous', false);
  const bearer = await profiled('auth-bearer', true);
  // Requests served include the 2 s warm-up; normalize by all requests the profile saw.
  const count = (p) => p.requests * ((seconds + 2) / seconds);
  const keys = new Set([...anon.self.keys(), ...bearer.self.keys()]);
  const rows = [...keys]
    .filter((k) => !k.startsWith('(idle)') && !k.startsWith('(program)') && !k.startsWith('wrapSafe') && !k.includes('cjs/loader'))
    .map((k) => ({ k, a: (anon.self.get(k) ?? 0) / count(anon), b: (bearer.self.get(k) ?? 0) / count(bearer) }))
    .map((r) => ({ ...r, d: r.b - r.a }));
  const busy = (p) => [...p.self].filter(([k]) => !k.startsWith('(idle)')).reduce((s, [, v]) => s + v, 0) / count(p);
  console.log(`anonymous: ${Math.round(anon.rps)} req/s, ${busy(anon).toFixed(1)} µs main-thread busy per request (${anon.file})`);
  console.log(`bearer:    ${Math.round(bearer.rps)} req/s, ${busy(bearer).toFixed(1)} µs main-thread busy per request (${bearer.file})`);
  console.log('\nLargest per-request increases with a Bearer token (µs/request: anonymous → bearer)');
  for (const r of rows.sort((x, y) => y.d - x.d).slice(0, 20)) console.log(`${r.d.toFixed(2).padStart(7)}  ${r.a.toFixed(2)} → ${r.b.toFixed(2)}  ${r.k}`);
  const sum = (re) => rows.filter((r) => re.test(r.k)).reduce((s, r) => s + r.d, 0);
  console.log(`\njsonwebtoken + jws + node crypto: +${sum(/jsonwebtoken|jws|crypto|Hmac/).toFixed(2)} µs/request`);
})();

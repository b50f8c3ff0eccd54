#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` (root: builds, then runs this): Baton against its own
 * baselines in one run, as ratios, so machine noise cancels out.
 *
 *   BENCH_QUICK=1     ~1 minute smoke run (fewer, shorter rounds)
 *   BENCH_ONLY=a,b    run only some scenarios: jwt, throughput, rotation, flood, storm
 *   BENCH_PROFILE=x   run the Baton server of scenario x under `node --cpu-prof`
 *                     (profiles in bench/results/profiles; summarize with
 *                     `node bench/profile-summary.js <file>`)
 *   BATON_TEST_POSTGRES_URL=postgres://…  also measure rotation on PostgreSQL
 *                     (a scratch database is created and dropped; needs CREATEDB)
 *
 * Output: a table on stdout, bench/results/latest.json and latest.md.
 * See docs/benchmarks.md.
 */
const os = require('node:os');
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');
const { startBatonSqlite, startBatonPostgres, startBare } = require('./lib/servers');
const { fmt, fmtSummary } = require('./lib/stats');
const { throughput } = require('./scenarios/throughput');
const { rotation } = require('./scenarios/rotation');
const { loginFlood } = require('./scenarios/login-flood');
const { storm } = require('./scenarios/refresh-storm');
const { jwtPrimitives } = require('./scenarios/jwt');

const QUICK = ['1', 'true', 'yes'].includes(String(process.env.BENCH_QUICK ?? '').toLowerCase());
const settings = {
  quick: QUICK,
  // Many short interleaved rounds beat few long ones on a shared machine: the
  // median of per-round ratios shrugs off a round another process disturbed.
  rounds: Number(process.env.BENCH_ROUNDS) || (QUICK ? 2 : 5),
  duration: Number(process.env.BENCH_DURATION) || (QUICK ? 2 : 3), // seconds per measurement
  // Throughput ratios (goal 0.97 needs ~1% precision): many short interleaved rounds.
  tpRounds: Number(process.env.BENCH_ROUNDS) || (QUICK ? 3 : 10),
  tpDuration: Number(process.env.BENCH_DURATION) || (QUICK ? 1 : 1.5),
  floodRounds: Number(process.env.BENCH_ROUNDS) || (QUICK ? 2 : 3), // each flood round also waits for the flood's logins to finish
  warmup: QUICK ? 1 : 3, // seconds per variant
  jwtSeconds: QUICK ? 0.2 : 0.3,
  stormRounds: QUICK ? 1 : 3,
  singleSamples: QUICK ? 20 : 50,
  floodConnections: Number(process.env.BENCH_FLOOD_CONNECTIONS) || 4, // libuv's default pool size
};
const ALL = ['jwt', 'throughput', 'rotation', 'flood', 'storm'];
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : ALL;
const profile = process.env.BENCH_PROFILE || undefined;
const postgresUrl = process.env.BATON_TEST_POSTGRES_URL || undefined;
const PASSWORD = 'correct horse battery staple';
const RESULTS = path.join(__dirname, 'results');

const log = (line) => process.stderr.write(line + '\n');

function git(cmd) {
  try {
    return execSync(`git ${cmd}`, { cwd: __dirname, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
}

function meta() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuCount: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    gitCommit: git('rev-parse HEAD'),
    gitDirty: (git('status --porcelain') ?? '') !== '',
    command: [
      ...Object.keys(process.env).filter((k) => k.startsWith('BENCH_') || k === 'UV_THREADPOOL_SIZE').sort().map((k) => `${k}=${process.env[k]}`),
      ...(postgresUrl ? ['BATON_TEST_POSTGRES_URL=…'] : []),
      'npm run bench',
    ].join(' '),
    settings,
    postgres: postgresUrl ? 'yes' : 'no (set BATON_TEST_POSTGRES_URL)',
  };
}

/** One row per goal: what was measured, the goal, and whether it was met. */
function goals(s) {
  const rows = [];
  const add = (scenario, metric, value, goal, met, digits = 2) => rows.push({ scenario, metric, value, goal, met, digits });
  const t = s.throughput;
  if (t && !t.error) {
    add('1 auth cost', 'bearer {__typename} / anonymous {__typename} (req/s)', t.ratios.authCost, '>= 0.97', t.ratios.authCost.median >= 0.97);
    add('1 auth cost', 'me / anonymous {__typename} (req/s)', t.ratios.meVsAnonymous, 'info', null);
    add('2 framework', 'Baton bearer {__typename} / bare Apollo+express hello', t.ratios.bearerVsBare, '>= 0.90', t.ratios.bearerVsBare.median >= 0.9);
    add('2 framework', 'Baton anonymous {__typename} / bare hello', t.ratios.anonymousVsBare, 'info', null);
    add('2 framework', 'Baton me / bare hello', t.ratios.meVsBare, 'info', null);
  }
  const st = s.storm;
  if (st && !st.error && !st.skipped) {
    const a = st.modes['auth-link'];
    add('3 refresh storm', 'createAuthLink: refresh calls for 100 ops (max over rounds)', { ...a.refreshCalls, median: a.refreshCalls.max }, '== 1', a.refreshCalls.max === 1 && a.refreshCalls.min === 1, 0);
    add('3 refresh storm', 'createAuthLink: operations succeeded (min over rounds)', { ...a.okOperations, median: a.okOperations.min }, '== 100', a.okOperations.min === st.operations, 0);
    add('3 refresh storm', 'createAuthLink: wall time / one operation round trip (literal)', a.vsSingleRoundTrip, '<= 3', a.vsSingleRoundTrip.median <= 3, 1);
    add('3 refresh storm', 'createAuthLink: wall time / same 100 ops with a valid token', a.vsValidBatch, '<= 3 (per round)', a.vsValidBatch.median <= 3);
    const s2 = st.modes['auth-link-staggered'];
    add('3 refresh storm', 'createAuthLink, staggered start: refresh calls (max) / ops ok (min)', { median: s2.refreshCalls.max, rounds: [s2.refreshCalls.max] }, '== 1', s2.refreshCalls.max === 1 && s2.okOperations.min === st.operations, 0);
    const p = st.modes['auth-link-proactive'];
    add('3 refresh storm', 'createAuthLink leewaySeconds 0: wall time / valid 100 ops', p.vsValidBatch, 'info', null);
    for (const id of ['naive-error-link', 'naive-error-link-staggered']) {
      const n = st.modes[id];
      const label = id === 'naive-error-link' ? 'naive ErrorLink' : 'naive ErrorLink, staggered';
      add('3 refresh storm', `${label}: refresh calls for 100 ops`, n.refreshCalls, 'comparison', null, 0);
      add('3 refresh storm', `${label}: operations succeeded`, n.okOperations, 'comparison', null, 0);
      add('3 refresh storm', `${label}: rounds that tripped reuse detection`, { median: n.reuseDetected, rounds: [n.reuseDetected] }, `of ${n.rounds.length}`, null, 0);
      add('3 refresh storm', `${label}: wall time / valid 100 ops`, n.vsValidBatch, 'comparison', null);
    }
  }
  for (const r of s.rotation ?? []) {
    if (r.error) continue;
    add(`4 rotation (${r.database})`, 'refreshToken rotations/s / me reads/s', r.ratio, '>= 0.30', r.ratio.median >= 0.3);
  }
  const f = s.flood;
  if (f && !f.error) {
    add('5 login flood', 'p99 of bearer {__typename} reads: flood / quiet', f.reads['bearer-typename'].p99Ratio, '<= 2', f.reads['bearer-typename'].p99Ratio.median <= 2);
    add('5 login flood', 'p99 of me reads: flood / quiet', f.reads.me.p99Ratio, '<= 2', f.reads.me.p99Ratio.median <= 2);
  }
  return rows;
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
function markdown(headers, rows) {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Every measured figure, median (min–max over rounds). */
function detailRows(s) {
  const rows = [];
  const t = s.throughput;
  if (t && !t.error) {
    for (const [id, v] of Object.entries(t.throughput)) rows.push(['1-2 throughput', `${id} req/s (p99 ms)`, `${fmtSummary(v)} (p99 ${fmt(t.p99[id].median, 2)})`]);
  }
  for (const r of s.rotation ?? []) {
    if (r.error) { rows.push([`4 rotation`, r.database ?? '?', `failed: ${r.error}`]); continue; }
    rows.push([`4 rotation (${r.database})`, 'me reads/s', fmtSummary(r.readsPerSecond)]);
    rows.push([`4 rotation (${r.database})`, 'refreshToken rotations/s', fmtSummary(r.rotationsPerSecond)]);
  }
  const f = s.flood;
  if (f && !f.error) {
    for (const [id, v] of Object.entries(f.reads)) {
      rows.push(['5 login flood', `${id} p99 ms quiet / flood`, `${fmtSummary(v.quietP99, 2)} / ${fmtSummary(v.floodP99, 2)}`]);
      rows.push(['5 login flood', `${id} p50 ms quiet / flood`, `${fmtSummary(v.quietP50, 2)} / ${fmtSummary(v.floodP50, 2)}`]);
      rows.push(['5 login flood', `${id} req/s quiet / flood (1 connection)`, `${fmtSummary(v.quietRps)} / ${fmtSummary(v.floodRps)}`]);
    }
    rows.push(['5 login flood', `logins/s during the flood (${f.floodConnections} in flight, scrypt N=2^17)`, fmtSummary(f.loginsPerSecond, 1)]);
  }
  const st = s.storm;
  if (st?.skipped) rows.push(['3 refresh storm', 'skipped', st.skipped]);
  else if (st && !st.error) {
    rows.push(['3 refresh storm', 'single operation round trip ms', fmtSummary(st.singleRoundTripMs, 2)]);
    rows.push(['3 refresh storm', '100 operations, valid token, ms', fmtSummary(st.validBatchMs, 1)]);
    for (const [mode, m] of Object.entries(st.modes)) {
      rows.push(['3 refresh storm', `${mode}: wall ms / refreshes / ok ops`, `${fmtSummary(m.wallMs, 1)} / ${fmtSummary(m.refreshCalls)} / ${fmtSummary(m.okOperations)}`]);
    }
  }
  const j = s.jwt;
  if (j && !j.error) {
    for (const [alg, libs] of Object.entries(j.opsPerSecond)) {
      for (const [name, v] of Object.entries(libs)) {
        const rel = j.vsJsonwebtoken[alg][name];
        rows.push(['6 JWT', `${alg} ${name} ${j.versions[name]} sign/s, verify/s (x jsonwebtoken)`, `${fmtSummary(v.sign)} (x${fmt(rel.sign.median, 2)}), ${fmtSummary(v.verify)} (x${fmt(rel.verify.median, 2)})`]);
      }
    }
  }
  for (const [k, v] of Object.entries(s)) if (v?.error) rows.push([k, 'FAILED', v.error.split('\n')[0]]);
  return rows;
}

async function attempt(name, fn) {
  log(`\n== ${name}`);
  const t0 = Date.now();
  try {
    const r = await fn();
    log(`   (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    return r;
  } catch (error) {
    log(`   FAILED: ${error.stack ?? error}`);
    return { error: String(error.message ?? error) };
  }
}

async function main() {
  const started = Date.now();
  const info = meta();
  log(`Baton bench${QUICK ? ' (quick)' : ''}: ${info.cpuCount} × ${info.cpuModel}, Node ${info.node}, commit ${info.gitCommit?.slice(0, 10)}${info.gitDirty ? ' (dirty)' : ''}, load ${info.loadAverageAtStart.join(' ')}`);
  const scenarios = {};
  const cleanup = [];

  try {
    if (only.includes('jwt')) scenarios.jwt = await attempt('6 JWT primitives', () => jwtPrimitives({ settings, log }));

    const needsBaton = only.some((s) => ['throughput', 'rotation', 'flood', 'storm'].includes(s));
    let baton;
    let user;
    if (needsBaton) {
      const wantsProfile = profile && profile !== 'rotation-postgres';
      baton = await startBatonSqlite({ profile: wantsProfile ? `baton-${profile}` : undefined });
      cleanup.push(() => baton.stop());
      user = await baton.call('createUser', { password: PASSWORD });
    }
    // Scenario-specific profiling: BENCH_PROFILE=x profiles the shared server, so run x alone (BENCH_ONLY=x).
    if (only.includes('throughput')) {
      const bare = await startBare();
      cleanup.push(() => bare.stop());
      scenarios.throughput = await attempt('1-2 auth cost and framework baseline', () => throughput({ baton, bare, user, settings, log }));
      await bare.stop();
    }
    if (only.includes('rotation')) {
      scenarios.rotation = [await attempt('4 rotation throughput (SQLite)', () => rotation({ server: baton, user, settings, log }))];
      if (scenarios.rotation[0].error) scenarios.rotation[0].database = 'sqlite';
      if (postgresUrl) {
        scenarios.rotation.push(
          await attempt('4 rotation throughput (PostgreSQL)', async () => {
            const pg = await startBatonPostgres(postgresUrl, { profile: profile === 'rotation-postgres' ? 'baton-rotation-postgres' : undefined });
            try {
              const pgUser = await pg.call('createUser', { password: PASSWORD });
              return await rotation({ server: pg, user: pgUser, settings, log });
            } finally {
              await pg.stop();
            }
          }),
        );
        if (scenarios.rotation[1].error) scenarios.rotation[1].database = 'postgres';
      }
    }
    if (only.includes('storm')) scenarios.storm = await attempt('3 refresh storm', () => storm({ server: baton, settings, log }));
    // Last: it leaves many sessions behind and the most heat in the machine.
    if (only.includes('flood')) scenarios.flood = await attempt('5 login flood (scrypt N=2^17)', () => loginFlood({ server: baton, user, settings, log }));
  } finally {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  }

  const goalRows = goals(scenarios);
  info.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const output = { meta: { ...info, elapsedSeconds: Math.round((Date.now() - started) / 1000) }, goals: goalRows.map((g) => ({ scenario: g.scenario, metric: g.metric, median: g.value.median, min: g.value.min, max: g.value.max, goal: g.goal, met: g.met })), scenarios };
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(output, null, 2) + '\n');

  const goalHeaders = ['scenario', 'metric', 'median (min–max)', 'goal', 'met'];
  const goalCells = goalRows.map((g) => [g.scenario, g.metric, fmtSummary(g.value, g.digits), g.goal, g.met === null ? '' : g.met ? 'yes' : 'NO']);
  const detailHeaders = ['scenario', 'measurement', 'median (min–max)'];
  const details = detailRows(scenarios);
  const header = `${info.date} · ${info.cpuCount} × ${info.cpuModel} · Node ${info.node} · commit ${info.gitCommit?.slice(0, 10)}${info.gitDirty ? ' (uncommitted changes)' : ''} · \`${info.command}\` · ${output.meta.elapsedSeconds} s · load average ${info.loadAverageAtStart[0]} → ${info.loadAverageAtEnd[0]}`;
  process.stdout.write(`\n${header}\n\nGoals\n${table(goalHeaders, goalCells)}\n\nMeasurements\n${table(detailHeaders, details)}\n\nJSON: ${path.relative(process.cwd(), path.join(RESULTS, 'latest.json'))}\n`);
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), `${header}\n\n${markdown(goalHeaders, goalCells)}\n\n${markdown(detailHeaders, details)}\n`);
  const failed = Object.values(scenarios).flat().some((s) => s?.error);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

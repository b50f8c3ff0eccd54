'use strict';
/** Starts servers under test in child processes (lib/server-child.js) and talks to them over IPC. */
const { fork } = require('node:child_process');
const { mkdtempSync, mkdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');

const CHILD = path.join(__dirname, 'server-child.js');
const PROFILE_DIR = path.join(__dirname, '..', 'results', 'profiles');

/** Environment of every Baton under test: production mode (what is deployed), real secrets, quiet logs. */
function batonEnv(overrides = {}) {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'error',
    JWT_ACCESS_SECRET: randomBytes(48).toString('base64url'),
    REFRESH_TOKEN_SECRET: randomBytes(48).toString('base64url'),
    // The throttle would stop a login flood after 100 attempts: the bench measures the server's cost, not the limiter.
    LOGIN_LIMIT_PER_EMAIL: '1000000',
    LOGIN_LIMIT_PER_ADDRESS: '1000000',
    // All bench traffic comes from one address: let it use the whole hashing queue.
    PASSWORD_HASH_QUEUE_PER_CLIENT: '100',
    // Experiments (docs/benchmarks.md): libuv's pool size, and Baton's own cap on concurrent scrypt.
    ...(process.env.UV_THREADPOOL_SIZE ? { UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE } : {}),
    ...(process.env.PASSWORD_HASH_CONCURRENCY ? { PASSWORD_HASH_CONCURRENCY: process.env.PASSWORD_HASH_CONCURRENCY } : {}),
    ...overrides,
  };
}

/**
 * Forks a server. `profile` (a name) runs it under `node --cpu-prof`; the
 * profile is written to bench/results/profiles when it stops.
 */
async function startChild(variant, { env, profile } = {}) {
  const execArgv = [];
  if (profile) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${profile}-${Date.now()}.cpuprofile`);
  }
  const child = fork(CHILD, [variant], { env: env ?? batonEnv(), execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 0;
  const ready = new Promise((resolve, reject) => {
    child.on('message', (m) => {
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'failed') reject(new Error(`${variant} server failed to start:\n${m.error}`));
      else if (m.type === 'rpc-result') {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error) p.reject(new Error(m.error));
        else p.resolve(m.result);
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`${variant} server exited with ${code}`));
      for (const p of pending.values()) p.reject(new Error(`${variant} server exited with ${code}`));
    });
  });
  const info = await ready;
  const call = (method, args) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ type: 'rpc', id, method, args });
    });
  let stopped;
  return {
    url: info.url,
    pid: child.pid,
    call,
    stop: () =>
      (stopped ??= Promise.race([
        new Promise((resolve) => {
          child.once('exit', resolve);
          call('stop').catch(() => undefined);
        }),
        new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
      ]).then(() => {
        if (child.exitCode === null) child.kill('SIGKILL');
      })),
  };
}

/** A Baton on a fresh SQLite file (WAL, on disk: what `npm start` uses). */
async function startBatonSqlite(opts = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-bench-'));
  const server = await startChild('baton', { ...opts, env: batonEnv({ DATABASE_URL: `sqlite:${path.join(dir, 'baton.sqlite')}`, ...opts.env }) });
  const stop = server.stop;
  server.stop = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
  server.database = 'sqlite';
  return server;
}

/** A Baton on a scratch PostgreSQL database created (and dropped) next to `adminUrl`'s. */
async function startBatonPostgres(adminUrl, opts = {}) {
  const { Client } = require('pg');
  const name = `baton_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  let server;
  try {
    server = await startChild('baton', { ...opts, env: batonEnv({ DATABASE_URL: url.toString(), ...opts.env }) });
  } catch (error) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`).finally(() => admin.end());
    throw error;
  }
  const stop = server.stop;
  server.stop = async () => {
    await stop();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  };
  server.database = 'postgres';
  return server;
}

const startBare = (opts = {}) => startChild('bare', { ...opts, env: { PATH: process.env.PATH, NODE_ENV: 'production' } });

module.exports = { startBatonSqlite, startBatonPostgres, startBare, batonEnv };

#!/usr/bin/env node
/**
 * `npm run dev` (repository root): starts the Baton API (`npm start -w
 * @baton/api`) and, once it is listening, the demo app's Vite dev server,
 * which proxies `/graphql` to it. Ctrl-C stops both; if either exits, the
 * other is stopped too.
 *
 * Environment (all optional):
 * - `PORT` — API port (default 4000); `BATON_DEMO_PORT` — app port (default 5173).
 * - `ACCESS_TOKEN_TTL` — default `20s` here, so silent refreshes are easy to see.
 * - `CORS_ORIGINS` — default: the app's origins, for calling the API directly.
 * Anything else is passed to the API unchanged (see the root README).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const apiPort = process.env.PORT ?? '4000';
const appPort = process.env.BATON_DEMO_PORT ?? '5173';
const apiOrigin = `http://127.0.0.1:${apiPort}`;
const appOrigins = `http://localhost:${appPort},http://127.0.0.1:${appPort}`;
const windows = process.platform === 'win32';
const viteBin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');

/** Running children, stopped together. */
const children = new Set();
let stopping = false;

/** Spawns `command` with its output prefixed by `name`. */
function run(name, command, args, env) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: !windows, // own process group: we can stop it with everything it spawned
    shell: windows,
  });
  children.add(child);
  const prefix = (stream, out) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      process.stderr.write(`[dev] ${name} exited (${signal ?? code}); stopping the rest.\n`);
      stop(code || 1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  return child;
}

/** Stops every child (their whole process group) and exits once they are gone. */
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const child of children) {
    try {
      if (windows) child.kill();
      else process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  setTimeout(() => process.exit(code), 5000).unref();
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const api = run('api', 'npm', ['start', '-w', '@baton/api'], {
  PORT: apiPort,
  ACCESS_TOKEN_TTL: process.env.ACCESS_TOKEN_TTL ?? '20s',
  CORS_ORIGINS: process.env.CORS_ORIGINS ?? appOrigins,
});

// Start Vite once the API is listening, so the app's first request succeeds.
let started = false;
api.stdout.on('data', (chunk) => {
  if (started || !String(chunk).includes('Baton API ready')) return;
  started = true;
  run('web', process.execPath, [viteBin, '--config', 'web/demo/vite.config.ts'], { BATON_API_ORIGIN: apiOrigin, BATON_DEMO_PORT: appPort });
  process.stdout.write(`[dev] Demo app: http://localhost:${appPort}/  (API ${apiOrigin}/graphql, proxied as /graphql)\n`);
});

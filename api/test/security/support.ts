/**
 * Helpers shared by the hostile security suite (api/test/security/*.test.ts).
 * Everything here talks to a real server over real sockets; nothing mocks
 * the HTTP or GraphQL layers.
 */
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startServer, type RunningServer } from '../../src/server.js';
import { LOGIN, REFRESH, TEST_ENV, codeOf, gql, reasonOf, startTestServer, type GqlResponse, type TestServer } from '../support/server.js';
import { withPgClient, type TestDatabaseKind } from '../support/databases.js';

export { codeOf, reasonOf };

/** Two distinct strong secrets, so tests can forge tokens with the *right* keys. */
export function strongSecrets() {
  return { JWT_ACCESS_SECRET: randomBytes(32).toString('base64url'), REFRESH_TOKEN_SECRET: randomBytes(32).toString('base64url') };
}

/**
 * Starts a server with exactly `env` (no {@link TEST_ENV} merged in unless the
 * caller spreads it), on a fresh SQLite file. Used where the harness' defaults
 * would hide what is tested, e.g. `NODE_ENV` being unset.
 */
export async function startBareServer(env: Record<string, string | undefined>): Promise<{ server: RunningServer; dbFile: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-sec-'));
  const dbFile = join(dir, 'baton.sqlite');
  const server = await startServer({ env: { DATABASE_URL: `sqlite:${dbFile}`, ...env } });
  return {
    server,
    dbFile,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` against a server of `kind` started with `env`, then stops it whatever happens. */
export async function withTestServer<T>(env: Record<string, string>, kind: TestDatabaseKind, fn: (t: TestServer) => Promise<T>): Promise<T> {
  const t = await startTestServer(env, kind);
  try {
    return await fn(t);
  } finally {
    await t.stop();
  }
}

/**
 * Every row of every table of a PostgreSQL test server's database, each as
 * PostgreSQL's text form of the whole row (all columns, whatever their type:
 * `bytea` shows as `\x<hex>`). For "is this secret stored anywhere" checks.
 */
export async function postgresRowsAsText(t: TestServer): Promise<string> {
  const target = t.server.config.database;
  if (target.kind !== 'postgres') throw new Error('postgresRowsAsText needs a PostgreSQL test server');
  return withPgClient(target.url, async (c) => {
    const tables = await c.query("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'");
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await c.query(`SELECT t::text AS row FROM ${String(name)} t`);
      parts.push(`-- ${String(name)}`, ...rows.rows.map((r) => String(r.row)));
    }
    return parts.join('\n');
  });
}

/** {@link TEST_ENV} without `NODE_ENV`: the variable is *absent*, not empty. */
export function envWithoutNodeEnv(extra: Record<string, string> = {}): Record<string, string> {
  const { NODE_ENV: _omitted, ...rest } = TEST_ENV;
  return { ...rest, ...strongSecrets(), ...extra };
}

/** A raw HTTP/1.1 exchange: exact bytes out, status, headers and body back. */
export interface RawResponse {
  status: number;
  head: string;
  body: string;
}

/**
 * Sends a hand-written request over a plain socket. fetch() merges duplicate
 * headers and validates values; an attacker's client does neither.
 */
export function rawRequest(port: number, headerLines: string[], body = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split >= 0 ? text.slice(0, split) : text;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      let rest = split >= 0 ? text.slice(split + 4) : '';
      if (/transfer-encoding: chunked/i.test(head)) rest = dechunk(rest);
      resolve({ status, head, body: rest });
    });
    const lines = [...headerLines, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'];
    socket.write(lines.join('\r\n') + '\r\n\r\n' + body);
  });
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

/** A GraphQL POST over {@link rawRequest} with arbitrary extra header lines. */
export function rawGraphQL(port: number, query: string, extraHeaders: string[] = [], variables?: Record<string, unknown>): Promise<RawResponse> {
  return rawRequest(
    port,
    ['POST /graphql HTTP/1.1', 'Host: 127.0.0.1', 'Content-Type: application/json', ...extraHeaders],
    JSON.stringify({ query, variables }),
  );
}

/**
 * Text that must never reach a client: stack frames, library error
 * messages, SQL, file-system paths.
 */
export const LEAK_PATTERNS: RegExp[] = [
  /stacktrace/i,
  /\n\s+at /,
  /\bat .+\.(js|ts):\d+/,
  /node_modules/,
  /jsonwebtoken|JsonWebTokenError|TokenExpiredError|NotBeforeError/,
  /invalid (signature|token|algorithm)|jwt (malformed|expired|must be provided|not active|audience|issuer)/i,
  /SQLITE|QueryFailedError|TypeORM|SELECT .* FROM/i,
  /\/work\/|\/tmp\/|\/home\//,
];

/** Asserts a response body carries no stack trace, library message, SQL or path. */
export function expectNoLeak(body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const pattern of LEAK_PATTERNS) expect({ pattern: String(pattern), matched: pattern.test(text) }).toEqual({ pattern: String(pattern), matched: false });
}

/** Messages Baton itself writes for UNAUTHENTICATED (see src/errors.ts). */
export const AUTH_MESSAGES = new Set([
  'Authentication required.',
  'The access token has expired.',
  'The access token is invalid.',
  'The session has ended.',
  'Invalid email or password.',
  'No refresh token was provided.',
  'The refresh token is invalid.',
  'The refresh token has expired.',
  'The refresh token was already used; the session has been revoked.',
]);

/** Refreshes with a token in the body; returns the response. */
export const refresh = (t: TestServer, refreshToken: string | null, headers?: Record<string, string>) =>
  t.gql(REFRESH, { refreshToken }, { headers });

/** Logs in; returns the response. */
export const login = (t: TestServer, email: string, password: string, headers?: Record<string, string>) =>
  t.gql(LOGIN, { email, password }, { headers });

/** True for any HTTP 5xx or INTERNAL_SERVER_ERROR anywhere in a response. */
export function isServerFailure(r: GqlResponse): boolean {
  return r.status >= 500 || (r.body.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export { gql };

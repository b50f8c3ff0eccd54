import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startServer, type RunningServer } from '../../src/server.js';
import { createTestDatabase, type TestDatabaseKind } from './databases.js';

/** A GraphQL response as the tests see it: HTTP status, parsed body, headers. */
export interface GqlResponse<T = any> {
  status: number;
  body: { data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, any>; path?: string[] }> } & Record<string, any>;
  headers: Headers;
}

/** Per-request options of {@link TestServer.gql}. */
export interface GqlOptions {
  token?: string;
  headers?: Record<string, string>;
}

/** A real Baton server on a random port with a fresh database. */
export interface TestServer {
  server: RunningServer;
  url: string;
  origin: string;
  /** The SQLite file, when the database is SQLite. */
  dbFile?: string;
  kind: TestDatabaseKind;
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: GqlOptions): Promise<GqlResponse<T>>;
  stop(): Promise<void>;
}

/**
 * Settings every test server gets unless a test overrides them: quiet logs,
 * a cheap scrypt cost (the default 2^17 takes ~0.3 s per hash; tests that
 * measure the real cost set it back), and login limits high enough that
 * tests from one address are not throttled unless they mean to be.
 */
export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  PORT: '0',
  HOST: '127.0.0.1',
  PASSWORD_SCRYPT_LOG_N: '12',
  LOGIN_LIMIT_PER_EMAIL: '10000',
  LOGIN_LIMIT_PER_ADDRESS: '100000',
  // Every test request comes from 127.0.0.1: let one address use the whole hashing queue.
  PASSWORD_HASH_QUEUE_PER_CLIENT: '100',
};

/** Starts a server; `env` overrides {@link TEST_ENV}. */
export async function startTestServer(env: Record<string, string> = {}, kind: TestDatabaseKind = 'sqlite'): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-test-'));
  const database = await createTestDatabase(kind, dir);
  let server: RunningServer;
  try {
    server = await startServer({
      env: {
        ...TEST_ENV,
        DATABASE_URL: database.url,
        JWT_ACCESS_SECRET: randomBytes(32).toString('base64url'),
        REFRESH_TOKEN_SECRET: randomBytes(32).toString('base64url'),
        ...env,
      },
    });
  } catch (error) {
    // A server that failed to start must not leave its database behind.
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    url: server.url,
    origin: server.origin,
    dbFile: database.file,
    kind,
    gql: (query, variables, options) => gql(server.url, query, variables, options),
    async stop() {
      await server.stop();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs one GraphQL operation with plain fetch, as curl or any client would. */
export async function gql<T = any>(url: string, query: string, variables?: Record<string, unknown>, options: GqlOptions = {}): Promise<GqlResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: GqlResponse<T>['body'];
  try {
    body = JSON.parse(text);
  } catch {
    body = { raw: text };
  }
  return { status: response.status, body, headers: response.headers };
}

/** `extensions.code` of the first error, if any. */
export const codeOf = (r: GqlResponse) => r.body.errors?.[0]?.extensions?.code;
/** `extensions.reason` of the first error, if any. */
export const reasonOf = (r: GqlResponse) => r.body.errors?.[0]?.extensions?.reason;

let counter = 0;
/** A unique email for this test run. */
export const uniqueEmail = (prefix = 'user') => `${prefix}-${process.pid}-${++counter}-${randomBytes(3).toString('hex')}@example.com`;

export const REGISTER = `mutation Register($email: String!, $password: String!) {
  register(email: $email, password: $password) { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id email role createdAt } }
}`;
export const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id email role } }
}`;
export const REFRESH = `mutation Refresh($refreshToken: String) {
  refreshToken(refreshToken: $refreshToken) { accessToken refreshToken refreshTokenExpiresAt user { id } }
}`;
export const ME = `query Me { me { id email role } }`;

/** Registers a fresh user and returns its credentials. */
export async function registerUser(t: TestServer, password = 'correct horse battery') {
  const email = uniqueEmail();
  const r = await t.gql(REGISTER, { email, password });
  if (!r.body.data?.register) throw new Error('register failed: ' + JSON.stringify(r.body));
  return { email, password, ...(r.body.data.register as { accessToken: string; refreshToken: string; user: { id: string } }) };
}

/**
 * Test databases: every API suite runs on SQLite, and on PostgreSQL when
 * `BATON_TEST_POSTGRES_URL` is set (CI sets it; see .ci/run).
 *
 * Usage — wrap a suite so it runs once per database:
 *
 * ```ts
 * import { describeEachDatabase } from './support/databases.js';
 * import { startTestServer, type TestServer } from './support/server.js';
 *
 * describeEachDatabase('login throttling', (kind) => {
 *   let t: TestServer;
 *   beforeAll(async () => { t = await startTestServer({}, kind); });
 *   afterAll(() => t.stop());
 *   it('...', async () => { ... });
 * });
 * ```
 *
 * - The suite title gets a ` [sqlite]` / ` [postgres]` suffix.
 * - Each `startTestServer(env, kind)` gets its own fresh database: a new
 *   SQLite file, or a new PostgreSQL database `baton_t_<random>` created with
 *   the URL's credentials and dropped by `stop()`.
 * - Without `BATON_TEST_POSTGRES_URL` the postgres variant is registered as a
 *   *skipped* suite (Jest reports it as skipped, never as passed), and the
 *   global teardown prints one warning listing every suite skipped that way.
 * - A suite that only makes sense on PostgreSQL (several processes on one
 *   database): `describeEachDatabase(name, fn, ['postgres'])`.
 * - Need a database without a server (migrations, direct SQL)?
 *   `createTestDatabase(kind, dir)` and `postgresTestUrl()`.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The databases the API suites run against. */
export type TestDatabaseKind = 'sqlite' | 'postgres';

/** A fresh, empty database for one test server. */
export interface TestDatabase {
  kind: TestDatabaseKind;
  /** A `DATABASE_URL` for the server. */
  url: string;
  /** The SQLite file, for tests that inspect it. */
  file?: string;
  /** The PostgreSQL database name, for tests that inspect it. */
  name?: string;
  /** Removes the database (PostgreSQL: terminates its connections first). Idempotent. */
  drop(): Promise<void>;
}

/** The admin URL for PostgreSQL tests, or undefined when PostgreSQL tests are off. */
export function postgresTestUrl(): string | undefined {
  return process.env.BATON_TEST_POSTGRES_URL?.trim() || undefined;
}

/** Every database the suites run on in this environment: sqlite always, postgres when configured. */
export const TEST_DATABASES: TestDatabaseKind[] = postgresTestUrl() ? ['sqlite', 'postgres'] : ['sqlite'];

/** Why a kind is unavailable here, or undefined when it can be used. */
export function unavailableReason(kind: TestDatabaseKind): string | undefined {
  return kind === 'postgres' && !postgresTestUrl() ? 'BATON_TEST_POSTGRES_URL is not set' : undefined;
}

/**
 * Registers `fn` as a suite once per database kind in `kinds` (default:
 * sqlite and postgres). Unavailable kinds are registered as skipped suites
 * and reported once at the end of the run (see the file comment).
 */
export function describeEachDatabase(name: string, fn: (kind: TestDatabaseKind) => void, kinds: TestDatabaseKind[] = ['sqlite', 'postgres']): void {
  for (const kind of kinds) {
    const reason = unavailableReason(kind);
    if (!reason) {
      describe(`${name} [${kind}]`, () => fn(kind));
      continue;
    }
    noteSkippedSuite(`${name} [${kind}]`, reason);
    describe.skip(`${name} [${kind}] — SKIPPED: ${reason}`, () => {
      // Registered so the skip is counted and visible in Jest's summary.
      it(`runs on ${kind}`, () => undefined);
    });
  }
}

/**
 * Notes a suite skipped for a missing service, for the global teardown's
 * single warning (use it for your own skips, e.g. Redis). Outside that setup
 * (e.g. a custom Jest config) it warns directly instead.
 */
export function noteSkippedSuite(suite: string, reason: string): void {
  const log = process.env.BATON_SKIPPED_SUITES_LOG;
  if (log) appendFileSync(log, JSON.stringify({ suite, reason }) + '\n');
  else console.warn(`SKIPPED: ${suite} (${reason})`);
}

/** The few methods of `pg.Client` used here (the API does not depend on @types/pg). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
}
const { Client } = require('pg') as { Client: new (options: { connectionString: string }) => PgClient };

/** Runs `work` with a short-lived client on the database at `url`. */
export async function withPgClient<T>(url: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `url` with its database name replaced. */
function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/' + name;
  return parsed.toString();
}

async function createPostgresDatabase(adminUrl: string): Promise<TestDatabase> {
  // Lower-case hex only: a valid unquoted identifier, no injection possible.
  const name = `baton_t_${randomBytes(6).toString('hex')}`;
  await withPgClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  let dropped: Promise<void> | undefined;
  const drop = () =>
    (dropped ??= withPgClient(adminUrl, async (c) => {
      // A server pool or a killed child process may still hold connections.
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
    }));
  return { kind: 'postgres', url: withDatabase(adminUrl, name), name, drop };
}

/**
 * Creates a fresh, empty database of the given kind. SQLite: a new file in
 * `dir`. PostgreSQL: a new database on the server of
 * `BATON_TEST_POSTGRES_URL` (whose role needs CREATEDB); throws when the
 * variable is not set — use {@link describeEachDatabase} to skip instead.
 */
export async function createTestDatabase(kind: TestDatabaseKind, dir: string): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const file = join(dir, `baton-${randomBytes(4).toString('hex')}.sqlite`);
    return { kind, url: `sqlite:${file}`, file, drop: async () => undefined };
  }
  const adminUrl = postgresTestUrl();
  if (!adminUrl) throw new Error('PostgreSQL test database requested but BATON_TEST_POSTGRES_URL is not set');
  return createPostgresDatabase(adminUrl);
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config.js';
import { dataSourceOptions, openDatabase, openDataSource, pendingMigrations, revertLastMigration, runMigrations } from '../src/db/database.js';
import { migrateCli } from '../src/cli/migrate.js';
import { createTestDatabase, describeEachDatabase, withPgClient, type TestDatabase, type TestDatabaseKind } from './support/databases.js';

/** The statements TypeORM would run to make the database match the entities (none = in sync). */
async function pendingSchemaDiff(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

describeEachDatabase('migrations', (kind: TestDatabaseKind) => {
  let dir: string;
  const databases: TestDatabase[] = [];
  const sources: DataSource[] = [];

  /** A fresh empty database, cleaned up after the suite. */
  async function freshDatabase(): Promise<TestDatabase> {
    const db = await createTestDatabase(kind, dir);
    databases.push(db);
    return db;
  }
  async function open(db: TestDatabase, poolSize = 10): Promise<DataSource> {
    const ds = await openDataSource({ database: loadConfig({ DATABASE_URL: db.url }).database, databasePoolSize: poolSize });
    sources.push(ds);
    return ds;
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-migrations-'));
  });
  afterAll(async () => {
    for (const ds of sources) if (ds.isInitialized) await ds.destroy();
    for (const db of databases) await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never synchronizes the schema: the migrations are the only way it changes', () => {
    const target = loadConfig({ DATABASE_URL: kind === 'sqlite' ? 'sqlite:./x.sqlite' : 'postgres://u:p@h/d' }).database;
    const options = dataSourceOptions(target);
    expect(options.synchronize).toBe(false);
    expect(options.migrationsRun).toBeFalsy();
    expect(options.type).toBe(kind);
  });

  it('a database created by the migrations matches the entities (no pending schema diff)', async () => {
    const ds = await open(await freshDatabase());
    // Sanity check of the check itself: an empty database differs.
    expect((await pendingSchemaDiff(ds)).length).toBeGreaterThan(0);

    expect(await runMigrations(ds)).toEqual([`InitialSchema${kind === 'sqlite' ? 'Sqlite' : 'Postgres'}1764790000000`]);
    expect(await pendingSchemaDiff(ds)).toEqual([]);
    expect(await pendingMigrations(ds)).toEqual([]);
    // Running again is a no-op.
    expect(await runMigrations(ds)).toEqual([]);
  });

  it('reverts cleanly: down() removes the tables and up() can run again', async () => {
    const ds = await open(await freshDatabase());
    await runMigrations(ds);
    expect(await revertLastMigration(ds)).toMatch(/^InitialSchema/);
    expect(await ds.createQueryRunner().hasTable('users')).toBe(false);
    expect(await pendingMigrations(ds)).toHaveLength(1);
    expect(await revertLastMigration(ds)).toBeUndefined();
    await runMigrations(ds);
    expect(await pendingSchemaDiff(ds)).toEqual([]);
  });

  it('`npm run migrate` (cli/migrate.ts): --check reports pending, a run applies them, --check is then clean', async () => {
    const db = await freshDatabase();
    const lines: string[] = [];
    const env = { DATABASE_URL: db.url };
    expect(await migrateCli(['--check'], env, (l) => lines.push(l))).toBe(1);
    expect(lines.pop()).toMatch(/1 pending migration\(s\).*\n {2}InitialSchema/s);
    expect(await migrateCli([], env, (l) => lines.push(l))).toBe(0);
    expect(lines.pop()).toMatch(/^applied on .*\n {2}InitialSchema/s);
    expect(await migrateCli(['--check'], env, (l) => lines.push(l))).toBe(0);
    expect(lines.pop()).toMatch(/is up to date$/);
    expect(await migrateCli(['--bogus'], env, (l) => lines.push(l))).toBe(2);

    // The server started on that database with MIGRATE_ON_START=false finds its tables.
    const database = await openDatabase({ ...loadConfig(env), migrateOnStart: false });
    try {
      expect(await database.users.count()).toBe(0);
    } finally {
      await database.close();
    }
  });

  it('MIGRATE_ON_START=false leaves a fresh database untouched', async () => {
    const db = await freshDatabase();
    const database = await openDatabase({ ...loadConfig({ DATABASE_URL: db.url, MIGRATE_ON_START: 'false' }) });
    try {
      expect(await database.dataSource.createQueryRunner().hasTable('users')).toBe(false);
    } finally {
      await database.close();
    }
  });
});

describeEachDatabase(
  'PostgreSQL pool and concurrent migrations',
  () => {
    const databases: TestDatabase[] = [];
    afterAll(async () => {
      for (const db of databases) await db.drop();
    });

    it('DATABASE_POOL_SIZE sizes the pg pool', async () => {
      const db = await createTestDatabase('postgres', tmpdir());
      databases.push(db);
      const database = await openDatabase(loadConfig({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: '3' }));
      try {
        const pool = (database.dataSource.driver as unknown as { master: { options: { max: number } } }).master;
        expect(pool.options.max).toBe(3);
      } finally {
        await database.close();
      }
    });

    it('migrates with a pool of one connection (the migration lock and the migrations share it)', async () => {
      const db = await createTestDatabase('postgres', tmpdir());
      databases.push(db);
      const database = await openDatabase(loadConfig({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: '1' }));
      try {
        expect(await pendingSchemaDiff(database.dataSource)).toEqual([]);
      } finally {
        await database.close();
      }
    });

    it('instances starting together on an empty database all succeed, and the migration runs once', async () => {
      const db = await createTestDatabase('postgres', tmpdir());
      databases.push(db);
      const config = loadConfig({ DATABASE_URL: db.url });
      const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openDatabase(config)));
      for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
      expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
      const rows = await withPgClient(db.url, (c) => c.query('SELECT name FROM migrations'));
      expect(rows.rows).toEqual([{ name: 'InitialSchemaPostgres1764790000000' }]);
    });
  },
  ['postgres'],
);

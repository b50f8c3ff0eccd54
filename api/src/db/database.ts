import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, MigrationExecutor, type DataSourceOptions, type EntityManager, type QueryRunner } from 'typeorm';
import type { Config, DatabaseTarget } from '../config/config.js';
import { UserEntity } from './entities/user.entity.js';
import { SessionEntity } from './entities/session.entity.js';
import { RefreshTokenEntity } from './entities/refresh-token.entity.js';
import { Semaphore } from '../security/semaphore.js';
import { migrationsFor } from './migrations/index.js';

/** Every entity Baton persists. */
export const ENTITIES = [UserEntity, SessionEntity, RefreshTokenEntity];

/** Builds TypeORM options for a target; shared by the server, the CLI and tests. */
export function dataSourceOptions(target: DatabaseTarget, poolSize = 10): DataSourceOptions {
  const common = { entities: ENTITIES, synchronize: false, logging: false } as const;
  if (target.kind === 'postgres') {
    // `poolSize` is the pg pool's `max`: connections per instance. Size the
    // server's max_connections for (instances × DATABASE_POOL_SIZE) + admin.
    return { ...common, type: 'postgres', url: target.url, poolSize, migrations: migrationsFor('postgres') };
  }
  return {
    ...common,
    type: 'sqlite',
    database: target.path,
    // WAL lets readers proceed during a write; the busy timeout covers other
    // processes (a CLI, a backup) holding the file briefly.
    enableWAL: target.path !== ':memory:',
    busyTimeout: 5_000,
    migrations: migrationsFor('sqlite'),
  };
}

/**
 * The database as the rest of Baton sees it: repositories, plus `write` for
 * any change that must be atomic.
 */
export class Database {
  /**
   * TypeORM's SQLite driver shares one connection, so two interleaved
   * transactions would corrupt each other: writes run one at a time (SQLite
   * allows one writer anyway, and this removes SQLITE_BUSY within the process).
   */
  private readonly writeLock = new Semaphore(1, Infinity);

  constructor(readonly dataSource: DataSource) {}

  /** The driver in use. */
  get kind(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  get users() {
    return this.dataSource.getRepository(UserEntity);
  }
  get sessions() {
    return this.dataSource.getRepository(SessionEntity);
  }
  get refreshTokens() {
    return this.dataSource.getRepository(RefreshTokenEntity);
  }

  /**
   * Runs `work` in a transaction. On SQLite, writes are also serialized
   * in-process (one shared connection); on PostgreSQL, row locks taken by
   * conditional updates make concurrent transactions — across instances —
   * wait for each other instead.
   */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const tx = () => this.dataSource.transaction(work);
    return this.kind === 'sqlite' ? this.writeLock.run(tx) : tx();
  }

  /** Resolves when the database answers a trivial query (for /healthz). */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * Arbitrary, fixed key of the PostgreSQL advisory lock that serializes
 * migrations: instances starting together (a rolling deploy, a scale-out)
 * would otherwise race to create the same tables and all but one would fail.
 */
const MIGRATION_LOCK_KEY = 4_217_839_101;

/**
 * Runs `work` with a dedicated connection, holding the migration lock on
 * PostgreSQL for its duration. Using the locking connection for the
 * migrations themselves keeps it working with `DATABASE_POOL_SIZE=1`.
 * SQLite needs no lock: it is single-process by design (docs/deploy.md).
 */
async function withMigrationLock<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const postgres = dataSource.options.type === 'postgres';
  try {
    if (postgres) await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work(runner);
  } finally {
    if (postgres) await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** A migration executor on `runner`, each migration in its own transaction. */
function executor(dataSource: DataSource, runner: QueryRunner): MigrationExecutor {
  const migrations = new MigrationExecutor(dataSource, runner);
  migrations.transaction = 'each';
  return migrations;
}

/**
 * Applies pending migrations (under the PostgreSQL migration lock, so
 * concurrent starts are safe) and returns the names of those it ran.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const ran = await withMigrationLock(dataSource, (runner) => executor(dataSource, runner).executePendingMigrations());
  return ran.map((m) => m.name);
}

/** Names of the migrations not yet applied to the database. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const pending = await withMigrationLock(dataSource, (runner) => executor(dataSource, runner).getPendingMigrations());
  return pending.map((m) => m.name);
}

/** Reverts the most recently applied migration; returns its name, or undefined when none was applied. */
export async function revertLastMigration(dataSource: DataSource): Promise<string | undefined> {
  return withMigrationLock(dataSource, async (runner) => {
    const migrations = executor(dataSource, runner);
    const executed = await migrations.getExecutedMigrations();
    if (executed.length === 0) return undefined;
    await migrations.undoLastMigration();
    // getExecutedMigrations lists newest first (by id, descending).
    return executed[0].name;
  });
}

/** Opens a TypeORM data source for the configured database without migrating it. */
export async function openDataSource(config: Pick<Config, 'database' | 'databasePoolSize'>): Promise<DataSource> {
  if (config.database.kind === 'sqlite' && config.database.path !== ':memory:') {
    mkdirSync(dirname(config.database.path), { recursive: true });
  }
  const dataSource = new DataSource(dataSourceOptions(config.database, config.databasePoolSize));
  await dataSource.initialize();
  if (config.database.kind === 'sqlite' && config.database.path !== ':memory:') {
    // With WAL, NORMAL syncs at checkpoints instead of every commit: ~3x the
    // rotations per second. An application crash loses nothing; a power loss
    // may lose the last few commits (at worst a re-login). SQLite's own
    // recommendation for WAL.
    await dataSource.query('PRAGMA synchronous = NORMAL');
  }
  return dataSource;
}

/**
 * Opens the database, creating the SQLite folder on first start, and applies
 * pending migrations when `migrateOnStart` is set (otherwise run
 * `npm run migrate` before starting; see docs/deploy.md).
 */
export async function openDatabase(config: Pick<Config, 'database' | 'databasePoolSize' | 'migrateOnStart'>): Promise<Database> {
  const dataSource = await openDataSource(config);
  try {
    if (config.migrateOnStart) await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return new Database(dataSource);
}

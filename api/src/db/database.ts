import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions, type EntityManager } from 'typeorm';
import type { Config, DatabaseTarget } from '../config/config.js';
import { UserEntity } from './entities/user.entity.js';
import { SessionEntity } from './entities/session.entity.js';
import { RefreshTokenEntity } from './entities/refresh-token.entity.js';
import { Mutex } from './mutex.js';
import { migrationsFor } from './migrations/index.js';

/** Every entity Baton persists. */
export const ENTITIES = [UserEntity, SessionEntity, RefreshTokenEntity];

/** Builds TypeORM options for a target; shared by the server, the CLI and tests. */
export function dataSourceOptions(target: DatabaseTarget, poolSize = 10): DataSourceOptions {
  const common = { entities: ENTITIES, synchronize: false, logging: false } as const;
  if (target.kind === 'postgres') {
    return { ...common, type: 'postgres', url: target.url, extra: { max: poolSize }, migrations: migrationsFor('postgres') };
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
  private readonly writeLock = new Mutex();

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
 * Opens the database, creating the SQLite folder on first start, and applies
 * pending migrations when `migrateOnStart` is set.
 */
export async function openDatabase(config: Pick<Config, 'database' | 'databasePoolSize' | 'migrateOnStart'>): Promise<Database> {
  if (config.database.kind === 'sqlite' && config.database.path !== ':memory:') {
    mkdirSync(dirname(config.database.path), { recursive: true });
  }
  const dataSource = new DataSource(dataSourceOptions(config.database, config.databasePoolSize));
  await dataSource.initialize();
  if (config.migrateOnStart) await dataSource.runMigrations({ transaction: 'each' });
  return new Database(dataSource);
}

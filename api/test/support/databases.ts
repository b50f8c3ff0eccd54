import { join } from 'node:path';

/** The databases the API suites run against. */
export type TestDatabaseKind = 'sqlite' | 'postgres';

/** A fresh, empty database for one test server. */
export interface TestDatabase {
  url: string;
  /** The SQLite file, for tests that inspect it. */
  file?: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database of the given kind. SQLite: a new file in `dir`.
 * PostgreSQL: see `postgresAvailable` (added with PostgreSQL support).
 */
export async function createTestDatabase(kind: TestDatabaseKind, dir: string): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const file = join(dir, 'baton.sqlite');
    return { url: `sqlite:${file}`, file, drop: async () => undefined };
  }
  throw new Error('PostgreSQL test databases are not wired yet');
}

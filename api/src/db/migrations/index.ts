import type { MixedList } from 'typeorm';
import { InitialSchemaSqlite1764790000000 } from './sqlite/1764790000000-initial-schema.js';
import { InitialSchemaPostgres1764790000000 } from './postgres/1764790000000-initial-schema.js';

/**
 * Migrations per driver, oldest first. SQL differs between SQLite and
 * PostgreSQL, so each has its own folder; both describe the same entities
 * (a test proves neither leaves a pending schema diff).
 */
export function migrationsFor(kind: 'sqlite' | 'postgres'): MixedList<Function> {
  return kind === 'sqlite' ? [InitialSchemaSqlite1764790000000] : [InitialSchemaPostgres1764790000000];
}

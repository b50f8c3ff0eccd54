#!/usr/bin/env node
import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/config.js';
import { openDataSource, pendingMigrations, revertLastMigration, runMigrations } from '../db/database.js';

const USAGE = `Usage: npm run migrate -w @baton/api [-- --check | --revert]
  (no option)  apply pending migrations to DATABASE_URL
  --check      list pending migrations; exit 1 when there are any
  --revert     revert the most recent migration
Reads DATABASE_URL and DATABASE_POOL_SIZE like the server (docs/deploy.md).`;

type Action = 'run' | 'check' | 'revert';

function parseAction(argv: string[]): Action | undefined {
  if (argv.length === 0) return 'run';
  if (argv.length === 1 && argv[0] === '--check') return 'check';
  if (argv.length === 1 && argv[0] === '--revert') return 'revert';
  return undefined;
}

/**
 * `npm run migrate`: applies (or checks, or reverts) migrations on the
 * configured database without starting the server — for deployments that
 * set `MIGRATE_ON_START=false` and migrate as a separate release step.
 * Returns the exit code; output goes to `out` (stdout by default).
 */
export async function migrateCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  out: (line: string) => void = (line) => process.stdout.write(line + '\n'),
): Promise<number> {
  const action = parseAction(argv);
  if (!action) {
    out(USAGE);
    return 2;
  }
  const config = loadConfig(env);
  const where = config.database.kind === 'sqlite' ? `sqlite:${config.database.path}` : 'postgres';
  const dataSource = await openDataSource(config);
  try {
    if (action === 'check') {
      const pending = await pendingMigrations(dataSource);
      out(pending.length ? `${pending.length} pending migration(s) on ${where}:\n${pending.map((n) => `  ${n}`).join('\n')}` : `${where} is up to date`);
      return pending.length ? 1 : 0;
    }
    if (action === 'revert') {
      const reverted = await revertLastMigration(dataSource);
      out(reverted ? `reverted ${reverted} on ${where}` : `no migration to revert on ${where}`);
      return 0;
    }
    const ran = await runMigrations(dataSource);
    out(ran.length ? `applied on ${where}:\n${ran.map((n) => `  ${n}`).join('\n')}` : `${where} is up to date`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  migrateCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message = error instanceof ConfigError ? `invalid configuration — ${error.message}` : error instanceof Error ? error.message : String(error);
      process.stderr.write(`baton migrate: ${message}\n`);
      process.exit(1);
    },
  );
}

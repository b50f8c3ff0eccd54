import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Jest global setup: a file where suites skipped for a missing database
 * record themselves (see describeEachDatabase in databases.ts), so the
 * teardown can warn once, listing them all. Workers inherit the variable.
 */
export default function globalSetup(): void {
  const file = join(mkdtempSync(join(tmpdir(), 'baton-jest-')), 'skipped-suites.jsonl');
  writeFileSync(file, '');
  process.env.BATON_SKIPPED_SUITES_LOG = file;
}

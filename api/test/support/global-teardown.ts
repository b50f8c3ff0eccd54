import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/** Jest global teardown: one clear warning naming every suite skipped for a missing database, and why. */
export default function globalTeardown(): void {
  const file = process.env.BATON_SKIPPED_SUITES_LOG;
  if (!file) return;
  let lines: string[] = [];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
  if (lines.length === 0) return;
  const entries = lines.map((l) => JSON.parse(l) as { suite: string; reason: string });
  const reasons = [...new Set(entries.map((e) => e.reason))].join('; ');
  const suites = [...new Set(entries.map((e) => e.suite))].map((s) => `  - ${s}`).join('\n');
  console.warn(
    `\n⚠ ${entries.length} suite(s) were SKIPPED (${reasons}); they did not run and did not pass:\n${suites}\n` +
      '  To run them: start the services (.ci/services.sh) and export\n' +
      '    BATON_TEST_POSTGRES_URL=postgres://baton:baton@127.0.0.1:5432/baton_ci BATON_TEST_REDIS_URL=redis://127.0.0.1:6379/0\n',
  );
}

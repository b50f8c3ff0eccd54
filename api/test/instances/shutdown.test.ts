/**
 * `npm start` as a user runs it: a real process on SQLite, stopped with
 * Ctrl-C (SIGINT) or by a supervisor (SIGTERM), must exit 0 after closing
 * the database — SQLite removes its -wal/-shm files only on a clean close.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureApiBuilt, startApiProcess } from './processes.js';

beforeAll(() => ensureApiBuilt());

it.each(['SIGINT', 'SIGTERM'] as const)('%s stops the server cleanly: exit code 0, database closed', async (signal) => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-shutdown-'));
  try {
    const file = join(dir, 'baton.sqlite');
    const api = await startApiProcess('api', { NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: `sqlite:${file}` });
    expect((await fetch(`${api.origin}/healthz`)).status).toBe(200);
    expect(existsSync(`${file}-wal`)).toBe(true); // WAL mode: open while serving
    const exit = new Promise<number | null>((resolve) => api.child.once('exit', (code) => resolve(code)));
    api.child.kill(signal);
    expect(await exit).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

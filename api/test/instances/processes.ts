import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Helpers for tests that run the built API as separate Node processes. */

const API_DIR = join(__dirname, '..', '..');
const REPO_ROOT = join(API_DIR, '..');
const MAIN = join(API_DIR, 'dist', 'main.js');

/** Newest modification time of any file under `dir` (0 when missing). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function tsc(project: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * Makes sure `api/dist/main.js` reflects `api/src` (and `@baton/shared` is
 * built), compiling only when something is missing or older than the
 * sources — so the process tests work after a plain `git pull && jest`.
 * Type errors are the build's job (`npm run build` in CI): when tsc reports
 * some but still emitted, this warns and carries on.
 */
export function ensureApiBuilt(): void {
  if (!existsSync(join(REPO_ROOT, 'shared', 'dist', 'index.js')) || newestMtime(join(REPO_ROOT, 'shared', 'src')) > newestMtime(join(REPO_ROOT, 'shared', 'dist'))) {
    const shared = tsc('shared/tsconfig.build.json');
    if (shared.status !== 0) console.warn(`building @baton/shared reported errors:\n${shared.output}`);
  }
  const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  if (built >= newestMtime(join(API_DIR, 'src'))) return;
  const api = tsc('api/tsconfig.build.json');
  if (!existsSync(MAIN) || statSync(MAIN).mtimeMs <= built) throw new Error(`building @baton/api failed:\n${api.output}`);
  if (api.status !== 0) console.warn(`building @baton/api reported errors (dist was emitted anyway):\n${api.output}`);
}

/** A port that was free a moment ago (the OS picks it; the child then binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A Baton API running as its own Node process. */
export interface ApiProcess {
  name: string;
  origin: string;
  url: string;
  child: ChildProcess;
  /** Everything it printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node api/dist/main.js` on a free port with exactly `env` (plus
 * PATH) — nothing leaks in from the test's own environment — and resolves
 * once `/healthz` answers 200. Rejects with the process output when it
 * exits or does not become healthy in time.
 */
export async function startApiProcess(name: string, env: Record<string, string>, timeoutMs = 30_000): Promise<ApiProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [MAIN], {
    cwd: API_DIR,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));

  const api: ApiProcess = {
    name,
    origin,
    url: `${origin}/graphql`,
    child,
    output: () => output,
    async stop() {
      if (!alive) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive) throw new Error(`${name} exited before becoming healthy:\n${output}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.status === 200) return api;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await api.stop();
  throw new Error(`${name} did not answer /healthz within ${timeoutMs} ms:\n${output}`);
}

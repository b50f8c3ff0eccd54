/**
 * Builds the demo app with Vite into a temporary directory and serves it on
 * one origin with a `/graphql` reverse proxy to the API — the deployment
 * shape the demo documents (same origin, so the SameSite=Strict,
 * Path=/graphql refresh cookie is sent). The proxy records every GraphQL
 * operation that reaches the API, so tests can count refreshes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

const ROOT = resolve(__dirname, '../../..');
const VITE_BIN = join(ROOT, 'node_modules/vite/bin/vite.js');
const VITE_CONFIG = join(ROOT, 'web/demo/vite.config.ts');

/** A GraphQL operation the proxy forwarded to the API. */
export interface RecordedOperation {
  /** `operationName` of the request, if any. */
  operationName: string | null;
  /** Root field names of the operation (e.g. `['refreshToken']`). */
  fields: string[];
  /** HTTP status the API answered. */
  status: number;
  /** `extensions.reason` (or `code`) of the first error in the answer, if any. */
  error?: string;
}

/** The built demo app, served with its API proxy. */
export interface DemoApp {
  /** Origin of the app, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every operation that reached the API, in order. */
  operations: RecordedOperation[];
  /** How many recorded operations have root field `field` (e.g. `refreshToken`). */
  count(field: string): number;
  /** Stops serving and deletes the build. */
  close(): Promise<void>;
}

/** Runs `vite build` for the demo into a new temporary directory; resolves with that directory. */
export async function buildDemo(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'baton-demo-'));
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [VITE_BIN, 'build', '--config', VITE_CONFIG, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => output.push(String(chunk)));
    child.stderr.on('data', (chunk) => output.push(String(chunk)));
    child.on('error', fail);
    child.on('exit', done);
  });
  if (code !== 0) throw new Error(`vite build of the demo failed (exit ${code}):\n${output.join('')}`);
  return outDir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Root fields of the operation a GraphQL-over-HTTP body asks for (empty when unparsable). */
function describeOperation(body: Buffer): Pick<RecordedOperation, 'operationName' | 'fields'> {
  try {
    const { query, operationName = null } = JSON.parse(body.toString('utf8')) as { query: string; operationName?: string | null };
    const operations = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const op = operations.find((d) => !operationName || d.name?.value === operationName) ?? operations[0];
    const fields = op?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];
    return { operationName, fields };
  } catch {
    return { operationName: null, fields: [] };
  }
}

/** The first error's reason (or code) in a GraphQL response body. */
function firstError(body: Buffer): string | undefined {
  try {
    const error = (JSON.parse(body.toString('utf8')) as { errors?: Array<{ extensions?: { code?: string; reason?: string } }> }).errors?.[0];
    return error ? (error.extensions?.reason ?? error.extensions?.code ?? 'ERROR') : undefined;
  } catch {
    return undefined;
  }
}

const readAll = (stream: NodeJS.ReadableStream) =>
  new Promise<Buffer>((done, fail) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => done(Buffer.concat(chunks)));
    stream.on('error', fail);
  });

/**
 * Serves `staticDir` (unknown paths → `index.html`) and proxies `/graphql`
 * to `apiOrigin`, recording each operation that reaches the API.
 */
export async function serveDemo(staticDir: string, apiOrigin: string): Promise<DemoApp> {
  const operations: RecordedOperation[] = [];
  const api = new URL(apiOrigin);

  const proxy = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = await readAll(req);
    const upstream = http.request({
      host: api.hostname,
      port: api.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: api.host },
    });
    upstream.on('response', async (answer) => {
      const answerBody = await readAll(answer);
      if (req.method === 'POST') operations.push({ ...describeOperation(body), status: answer.statusCode ?? 0, error: firstError(answerBody) });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      res.end(answerBody);
    });
    upstream.on('error', () => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'API unreachable', extensions: { code: 'BAD_GATEWAY' } }] }));
    });
    upstream.end(body);
  };

  const serveFile = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(staticDir, path));
    if (!file.startsWith(staticDir + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) file = join(staticDir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  };

  const server = http.createServer((req, res) => {
    if (req.url === '/graphql' || req.url?.startsWith('/graphql?')) return void proxy(req, res);
    serveFile(req, res);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    operations,
    count: (field) => operations.filter((op) => op.fields.includes(field)).length,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(staticDir, { recursive: true, force: true });
          done();
        });
      }),
  };
}

import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../src/config/config.js';
import { ecKeyRing } from '../src/auth/signing-keys.js';
import { LOGIN, ME, REFRESH, codeOf, reasonOf, registerUser, startTestServer, type TestServer } from './support/server.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase, type TestDatabaseKind } from './support/databases.js';

const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Runs `body` (an async function body that sees `jose` and `input`) in a
 * plain Node ESM process and returns what it returns. Why a child process:
 * jose 6 is ESM-only, and Jest's CommonJS runtime on Node 20 cannot load it
 * (`import('jose')` fails with "Must use import to load ES Module"). This
 * also keeps the check honest — nothing of Baton is loaded in that process.
 */
function runJose<T>(body: string, input: unknown): Promise<T> {
  const script = `import * as jose from 'jose';
const input = JSON.parse(await new Promise((r) => { let s = ''; process.stdin.on('data', (d) => (s += d)).on('end', () => r(s)); }));
try { process.stdout.write(JSON.stringify({ ok: await (async () => { ${body} })() })); }
catch (e) { process.stdout.write(JSON.stringify({ error: String(e && e.code) + ': ' + String(e && e.message) })); }`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`jose child failed: ${error.message}\n${stderr}`));
      const out = JSON.parse(stdout) as { ok?: T; error?: string };
      if (out.error !== undefined) reject(new Error(out.error));
      else resolve(out.ok as T);
    });
    child.stdin!.end(JSON.stringify(input));
  });
}

/** jose's RFC 7638 thumbprint of a JWK. */
const joseThumbprint = (jwk: unknown) => runJose<string>(`return jose.calculateJwkThumbprint(input, 'sha256');`, jwk);

/** A fresh P-256 private key as PKCS#8 PEM, what `openssl ecparam … | openssl pkcs8 -topk8 -nocrypt` prints. */
function newEcKeyPem(curve = 'prime256v1'): string {
  return generateKeyPairSync('ec', { namedCurve: curve }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The decoded JOSE header of a compact JWS, without any verification. */
function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
}

async function fetchJwks(t: TestServer): Promise<{ status: number; cacheControl: string | null; body: { keys: Array<Record<string, string>> } }> {
  const res = await fetch(`${t.origin}/.well-known/jwks.json`);
  return { status: res.status, cacheControl: res.headers.get('cache-control'), body: (await res.json()) as { keys: Array<Record<string, string>> } };
}

/**
 * Verifies an access token with jose, using only the JWKS document the
 * server publishes over HTTP (jose fetches it itself).
 */
function verifyWithJose(t: TestServer, token: string): Promise<{ payload: Record<string, unknown>; protectedHeader: Record<string, unknown> }> {
  return runJose(
    `const keys = jose.createRemoteJWKSet(new URL(input.url));
     const { payload, protectedHeader } = await jose.jwtVerify(input.token, keys, { issuer: 'baton', audience: 'baton-api', algorithms: ['ES256'] });
     return { payload, protectedHeader };`,
    { url: `${t.origin}/.well-known/jwks.json`, token },
  );
}

describe('JWT_SIGNING_KEYS parsing', () => {
  it('takes PEM keys newest first; the first signs, all verify; kids are RFC 7638 thumbprints', async () => {
    const [k1, k2] = [newEcKeyPem(), newEcKeyPem()];
    const ring = ecKeyRing(`${k2}\n${k1}`);
    expect(ring.alg).toBe('ES256');
    expect([...ring.byKid.keys()]).toHaveLength(2);
    expect([...ring.byKid.keys()][0]).toBe(ring.current.kid);
    for (const key of ring.byKid.values()) {
      expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key.publicJwk).not.toHaveProperty('d'); // never the private part
      expect(key.kid).toBe(await joseThumbprint(key.publicJwk));
    }
  });

  it('accepts keys with escaped newlines (one-line .env values) and SEC1 "EC PRIVATE KEY" PEMs', () => {
    const pkcs8 = newEcKeyPem();
    const sec1 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const ring = ecKeyRing(pkcs8.replace(/\n/g, '\\n') + '\\n' + sec1);
    expect(ring.byKid.size).toBe(2);
  });

  it.each([
    ['no PEM at all', 'not a key', /expected one or more PEM private keys/],
    ['a P-384 key', () => newEcKeyPem('secp384r1'), /key #1 must be an EC P-256 key/],
    ['an RSA key', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /key #1 must be an EC P-256 key/],
    ['a corrupt second key', () => `${newEcKeyPem()}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----`, /key #2 is not a readable PEM private key/],
  ])('refuses %s with a ConfigError naming JWT_SIGNING_KEYS', (_label, value, message) => {
    const pems = typeof value === 'function' ? value() : value;
    let error: unknown;
    try {
      ecKeyRing(pems);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('JWT_SIGNING_KEYS');
    expect((error as Error).message).toMatch(message);
  });
});

describe('HS256 (no JWT_SIGNING_KEYS)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.stop());

  it('publishes an empty JWKS: a shared secret is never published', async () => {
    const jwks = await fetchJwks(t);
    expect(jwks.status).toBe(200);
    expect(jwks.body).toEqual({ keys: [] });
    const u = await registerUser(t);
    expect(headerOf(u.accessToken)).toMatchObject({ alg: 'HS256', kid: expect.stringMatching(/^hs256-/) });
  });
});

describeEachDatabase('ES256 access tokens, JWKS and key rotation', (kind: TestDatabaseKind) => {
  const oldKey = newEcKeyPem();
  const newKey = newEcKeyPem();
  const refreshSecret = randomBytes(32).toString('base64url');
  let dir: string;
  let db: TestDatabase;
  const servers: TestServer[] = [];

  /** A server on the suite's shared database (restarts keep users and sessions). */
  async function start(keys: string): Promise<TestServer> {
    const t = await startTestServer({ DATABASE_URL: db.url, REFRESH_TOKEN_SECRET: refreshSecret, JWT_SIGNING_KEYS: keys }, kind);
    servers.push(t);
    return t;
  }
  async function stopAll(): Promise<void> {
    while (servers.length) await servers.pop()!.stop();
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-jwks-'));
    db = await createTestDatabase(kind, dir);
  });
  afterAll(async () => {
    await stopAll();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  // Filled by the first test, used by the rotation tests that follow.
  let oldKid: string;
  let oldToken: string;
  let user: Awaited<ReturnType<typeof registerUser>>;

  it('signs ES256 with a kid, publishes the public key, and jose verifies the token from the JWKS alone', async () => {
    const t = await start(oldKey);
    user = await registerUser(t);
    const header = headerOf(user.accessToken);
    expect(header).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
    oldKid = header.kid as string;
    oldToken = user.accessToken;

    const jwks = await fetchJwks(t);
    expect(jwks.status).toBe(200);
    expect(jwks.cacheControl).toMatch(/max-age=\d+/);
    expect(jwks.body.keys).toHaveLength(1);
    expect(jwks.body.keys[0]).toMatchObject({ kid: oldKid, kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.body.keys[0]).not.toHaveProperty('d');

    const { payload, protectedHeader } = await verifyWithJose(t, user.accessToken);
    expect(protectedHeader.kid).toBe(oldKid);
    expect(payload).toMatchObject({ sub: user.user.id, iss: 'baton', aud: 'baton-api', role: 'USER' });

    // The independent check is meaningful: a token with a changed payload fails it.
    const [h, , s] = user.accessToken.split('.');
    const forged = [h, Buffer.from(JSON.stringify({ ...payload, role: 'ADMIN' })).toString('base64url'), s].join('.');
    await expect(verifyWithJose(t, forged)).rejects.toThrow(/ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
    expect(codeOf(await t.gql(ME, {}, { token: forged }))).toBe('UNAUTHENTICATED');
  });

  it('after rotation (JWT_SIGNING_KEYS=<new>\\n<old>, same database): old tokens still verify, new ones carry the new kid, JWKS lists both', async () => {
    await stopAll();
    // Escaped newlines, as a one-line environment value would carry them.
    const t = await start(`${newKey}\n${oldKey}`.replace(/\n/g, '\\n'));

    const me = await t.gql(ME, {}, { token: user.accessToken });
    expect(me.body.data?.me?.id).toBe(user.user.id);
    await expect(verifyWithJose(t, user.accessToken)).resolves.toMatchObject({ protectedHeader: { kid: oldKid } });

    const login = await t.gql(LOGIN, { email: user.email, password: user.password });
    const fresh = login.body.data.login.accessToken as string;
    const newKid = headerOf(fresh).kid;
    expect(newKid).not.toBe(oldKid);
    await expect(verifyWithJose(t, fresh)).resolves.toMatchObject({ protectedHeader: { kid: newKid } });

    const refreshed = await t.gql(REFRESH, { refreshToken: user.refreshToken });
    expect(headerOf(refreshed.body.data.refreshToken.accessToken).kid).toBe(newKid);

    const jwks = await fetchJwks(t);
    expect(jwks.body.keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
    user = { ...user, accessToken: fresh };
  });

  it('once the old key is removed, tokens it signed are refused and the JWKS no longer lists it', async () => {
    await stopAll();
    const t = await start(newKey);
    const jwks = await fetchJwks(t);
    expect(jwks.body.keys.map((k) => k.kid)).not.toContain(oldKid);
    expect(jwks.body.keys).toHaveLength(1);
    // The token from the rotation step was signed by the new key: still good.
    expect((await t.gql(ME, {}, { token: user.accessToken })).body.data?.me?.id).toBe(user.user.id);
    // A token of the retired key is refused here and by jose.
    const stale = await t.gql(ME, {}, { token: oldToken });
    expect(codeOf(stale)).toBe('UNAUTHENTICATED');
    expect(reasonOf(stale)).toBe('TOKEN_INVALID');
    await expect(verifyWithJose(t, oldToken)).rejects.toThrow(/ERR_JWKS_NO_MATCHING_KEY/);
  });
});

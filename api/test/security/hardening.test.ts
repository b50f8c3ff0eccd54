/**
 * Server hardening: roles, error masking and stack traces, production
 * defaults, request limits and configuration validation.
 */
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { startServer } from '../../src/server.js';
import { ME, REFRESH, TEST_ENV, registerUser, startTestServer, type TestServer } from '../support/server.js';
import { codeOf, envWithoutNodeEnv, expectNoLeak, gql, reasonOf, startBareServer, strongSecrets } from './support.js';

const USERS = '{ users { id email role } }';
const INTROSPECTION = '{ __schema { queryType { name } } }';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

describe('roles: FORBIDDEN, never type-graphql’s UNAUTHORIZED', () => {
  it('`users` is FORBIDDEN / MISSING_ROLE for a USER', async () => {
    const u = await registerUser(t);
    const r = await t.gql(USERS, {}, { token: u.accessToken });
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(reasonOf(r)).toBe('MISSING_ROLE');
    expect(JSON.stringify(r.body)).not.toMatch(/UNAUTHORIZED|Access denied/);
    expect(r.body.data).toBeNull();
  });

  it('`users` without a token is UNAUTHENTICATED, not FORBIDDEN', async () => {
    expect(codeOf(await t.gql(USERS))).toBe('UNAUTHENTICATED');
  });

  it('an ADMIN (promoted in the database, then refreshed) lists the users', async () => {
    const admin = await registerUser(t);
    await t.server.services.db.users.update({ id: admin.user.id }, { role: 'ADMIN' });
    // The old token still says USER: roles travel in access tokens, so a promotion shows after a refresh.
    expect(codeOf(await t.gql(USERS, {}, { token: admin.accessToken }))).toBe('FORBIDDEN');
    const fresh = (await t.gql(REFRESH, { refreshToken: admin.refreshToken })).body.data.refreshToken;
    const r = await t.gql(USERS, {}, { token: fresh.accessToken });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.users.map((x: { id: string }) => x.id)).toContain(admin.user.id);
    expect(JSON.stringify(r.body)).not.toMatch(/password|scrypt/i);
  });

  it('a demoted admin loses `users` at once, even with an access token that still says ADMIN', async () => {
    const admin = await registerUser(t);
    await t.server.services.db.users.update({ id: admin.user.id }, { role: 'ADMIN' });
    const token = (await t.gql(REFRESH, { refreshToken: admin.refreshToken })).body.data.refreshToken.accessToken;
    expect(codeOf(await t.gql(USERS, {}, { token }))).toBeUndefined();
    await t.server.services.db.users.update({ id: admin.user.id }, { role: 'USER' });
    expect(codeOf(await t.gql(USERS, {}, { token }))).toBe('FORBIDDEN');
  });

  it('an admin whose session was revoked cannot use its remaining access token on `users`', async () => {
    const admin = await registerUser(t);
    await t.server.services.db.users.update({ id: admin.user.id }, { role: 'ADMIN' });
    const fresh = (await t.gql(REFRESH, { refreshToken: admin.refreshToken })).body.data.refreshToken;
    await t.gql('mutation { logout }', {}, { token: fresh.accessToken });
    expect(reasonOf(await t.gql(USERS, {}, { token: fresh.accessToken }))).toBe('SESSION_REVOKED');
  });
});

describe('stack traces never leave the server', () => {
  const SECRET_ERROR = 'SQLITE_ERROR: no such table: users_secret at /work/main/api/src/db/private.ts:1:1';

  /** Starts a server with NODE_ENV absent from both its env and process.env (Apollo reads the latter). */
  async function withoutNodeEnv<T>(extra: Record<string, string>, fn: (url: string, s: Awaited<ReturnType<typeof startBareServer>>) => Promise<T>) {
    const saved = process.env.NODE_ENV;
    delete process.env.NODE_ENV;
    let s: Awaited<ReturnType<typeof startBareServer>> | undefined;
    try {
      s = await startBareServer(envWithoutNodeEnv(extra));
      expect(s.server.config.production).toBe(false);
      return await fn(s.server.url, s);
    } finally {
      process.env.NODE_ENV = saved;
      await s?.stop();
    }
  }

  it('with NODE_ENV unset: an internal error is masked, no stack trace, no library text', async () => {
    await withoutNodeEnv({}, async (url, s) => {
      const spy = jest.spyOn(s.server.services.accounts, 'login').mockRejectedValueOnce(new Error(SECRET_ERROR));
      try {
        const r = await gql(url, 'mutation { login(email: "a@b.co", password: "whatever1") { accessToken } }');
        expect(spy).toHaveBeenCalled();
        expect(r.status).toBeLessThan(500); // the masked error travels in a GraphQL body, never a raw 500 page
        expect(r.body.errors).toEqual([{ message: 'Internal server error.', path: ['login'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
        expectNoLeak(r.body);
      } finally {
        spy.mockRestore();
      }
    });
  });

  it('with NODE_ENV unset: client errors (validation, auth, bad input, parse) carry no stack trace', async () => {
    await withoutNodeEnv({}, async (url) => {
      const responses = [
        await gql(url, '{ nope }'),
        await gql(url, '{ me { id'),
        await gql(url, ME, {}, { token: 'a.b.c' }),
        await gql(url, 'mutation { register(email: "bad", password: "x") { accessToken } }'),
        await gql(url, 'mutation { refreshToken(refreshToken: "x") { accessToken } }'),
      ];
      for (const r of responses) {
        expect(r.body.errors?.length).toBeGreaterThan(0);
        expectNoLeak(r.body);
      }
    });
  });

  it('with NODE_ENV=development too (only EXPOSE_STACK_TRACES turns them on)', async () => {
    const dev = await startTestServer({ NODE_ENV: 'development' });
    const spy = jest.spyOn(dev.server.services.accounts, 'login').mockRejectedValueOnce(new Error(SECRET_ERROR));
    try {
      const r = await dev.gql('mutation { login(email: "a@b.co", password: "whatever1") { accessToken } }');
      expect(codeOf(r)).toBe('INTERNAL_SERVER_ERROR');
      expectNoLeak(r.body);
    } finally {
      spy.mockRestore();
      await dev.stop();
    }
  });

  it('EXPOSE_STACK_TRACES=true does expose them (control: the switch, not luck, hides them)', async () => {
    await withoutNodeEnv({ EXPOSE_STACK_TRACES: 'true' }, async (url, s) => {
      const spy = jest.spyOn(s.server.services.accounts, 'login').mockRejectedValueOnce(new Error(SECRET_ERROR));
      try {
        const r = await gql(url, 'mutation { login(email: "a@b.co", password: "whatever1") { accessToken } }');
        expect(r.body.errors![0].extensions!.stacktrace).toEqual(expect.arrayContaining([expect.stringContaining('Error')]));
      } finally {
        spy.mockRestore();
      }
    });
  });

  it('an unknown path answers JSON 404, not an HTML page', async () => {
    const res = await fetch(`${t.origin}/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('production defaults', () => {
  let prod: TestServer;
  beforeAll(async () => {
    prod = await startTestServer({ NODE_ENV: 'production', PASSWORD_SCRYPT_LOG_N: '17', ...strongSecrets() });
  });
  afterAll(() => prod.stop());

  it('introspection is off with NODE_ENV=production', async () => {
    const r = await prod.gql(INTROSPECTION);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.body.data).toBeUndefined();
    // …and on in development, so the check above is meaningful.
    expect((await t.gql(INTROSPECTION)).body.data.__schema.queryType.name).toBe('Query');
  });

  it('the Sandbox landing page is off with NODE_ENV=production', async () => {
    const page = (url: string) => fetch(url, { headers: { accept: 'text/html' } });
    const res = await page(prod.url);
    expect(await res.text()).not.toMatch(/<html|sandbox|embeddable/i);
    const dev = await page(t.url);
    expect(await dev.text()).toMatch(/<html/i);
  });

  it('GRAPHQL_INTROSPECTION=true turns introspection back on in production (explicitly)', async () => {
    const open = await startTestServer({ NODE_ENV: 'production', PASSWORD_SCRYPT_LOG_N: '17', GRAPHQL_INTROSPECTION: 'true', ...strongSecrets() });
    try {
      expect((await open.gql(INTROSPECTION)).body.data.__schema.queryType.name).toBe('Query');
    } finally {
      await open.stop();
    }
  });
});

describe('request limits', () => {
  it('a body over BODY_LIMIT → 413 JSON with code BAD_REQUEST', async () => {
    const small = await startTestServer({ BODY_LIMIT: '1kb' });
    try {
      const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2048) } });
      const res = await fetch(small.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/json/);
      const json = (await res.json()) as any;
      expect(json.errors[0].extensions.code).toBe('BAD_REQUEST');
      expectNoLeak(json);
    } finally {
      await small.stop();
    }
  });

  it('the default limit (100 kb) refuses a 1 MB body the same way', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1024 * 1024) } });
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it.each([
    ['truncated JSON', '{"query": "{ __typename }"'],
    ['not JSON at all', 'query { __typename }'],
    ['a JSON string', '"{ __typename }"'],
    ['JSON null', 'null'],
  ])('malformed JSON (%s) → 400 JSON with code BAD_REQUEST', async (_label, body) => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/json/);
    const json = (await res.json()) as any;
    expect(json.errors[0].extensions.code).toBe('BAD_REQUEST');
    expectNoLeak(json);
  });

  it('depth limit: operations nested deeper than MAX_QUERY_DEPTH are refused, fragments included', async () => {
    const shallow = await startTestServer({ MAX_QUERY_DEPTH: '2' });
    try {
      const ok = await shallow.gql(ME);
      expect(reasonOf(ok)).toBe('TOKEN_MISSING'); // depth 2: validated, then executed
      const deep = await shallow.gql('mutation { login(email: "a@b.co", password: "whatever1") { user { id } } }');
      expect(deep.status).toBe(400);
      expect(codeOf(deep)).toBe('GRAPHQL_VALIDATION_FAILED');
      const viaFragment = await shallow.gql(
        'fragment U on AuthPayload { user { id } } mutation { login(email: "a@b.co", password: "whatever1") { ...U } }',
      );
      expect(codeOf(viaFragment)).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await shallow.stop();
    }
  });

  it('cyclic introspection (fields → type → fields …) is refused even where introspection is on', async () => {
    const cyclic = '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }';
    const r = await t.gql(cyclic);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('batched requests are refused', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
  });
});

describe('configuration validation', () => {
  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://localhost/baton'],
    ['ACCESS_TOKEN_TTL', 'forever'],
    ['REFRESH_TOKEN_TTL', '0'],
    ['SESSION_MAX_AGE', '-5d'],
    ['REFRESH_GRACE_PERIOD', 'soon'],
    ['JWT_CLOCK_TOLERANCE', '1h'],
    ['PASSWORD_SCRYPT_LOG_N', '30'],
    ['COOKIE_SECURE', 'maybe'],
    ['LOGIN_LIMIT_PER_EMAIL', '0'],
    ['LOGIN_LIMIT_WINDOW', 'a while'],
    ['MAX_QUERY_DEPTH', '0'],
    ['MAX_ALIASES', '-1'],
    ['BODY_LIMIT', 'huge'],
    ['GRAPHQL_INTROSPECTION', 'sometimes'],
    ['EXPOSE_STACK_TRACES', 'please'],
    ['LOG_LEVEL', 'loud'],
  ])('%s=%s → ConfigError naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ ...TEST_ENV, [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as ConfigError).message).toContain(name);
  });

  it('SESSION_MAX_AGE shorter than ACCESS_TOKEN_TTL is refused', () => {
    expect(() => loadConfig({ ...TEST_ENV, SESSION_MAX_AGE: '1m', ACCESS_TOKEN_TTL: '15m' })).toThrow(/SESSION_MAX_AGE/);
  });

  it('startServer rejects a bad variable before serving', async () => {
    await expect(startServer({ env: { ...TEST_ENV, PORT: 'x' } })).rejects.toMatchObject({ name: 'ConfigError', variable: 'PORT' });
  });

  const PROD = { NODE_ENV: 'production', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: 'sqlite::memory:' };
  const strong = strongSecrets();

  it.each([
    ['JWT_ACCESS_SECRET missing', { REFRESH_TOKEN_SECRET: strong.REFRESH_TOKEN_SECRET }, 'JWT_ACCESS_SECRET', /required/],
    ['REFRESH_TOKEN_SECRET missing', { JWT_ACCESS_SECRET: strong.JWT_ACCESS_SECRET }, 'REFRESH_TOKEN_SECRET', /required/],
    ['JWT_ACCESS_SECRET short', { JWT_ACCESS_SECRET: 'short-secret', REFRESH_TOKEN_SECRET: strong.REFRESH_TOKEN_SECRET }, 'JWT_ACCESS_SECRET', /weak/],
    ['JWT_ACCESS_SECRET a placeholder', { JWT_ACCESS_SECRET: 'changeme-' + strong.JWT_ACCESS_SECRET, REFRESH_TOKEN_SECRET: strong.REFRESH_TOKEN_SECRET }, 'JWT_ACCESS_SECRET', /weak/],
    ['REFRESH_TOKEN_SECRET low-entropy', { JWT_ACCESS_SECRET: strong.JWT_ACCESS_SECRET, REFRESH_TOKEN_SECRET: 'ab'.repeat(32) }, 'REFRESH_TOKEN_SECRET', /weak/],
    ['one secret for both purposes', { JWT_ACCESS_SECRET: strong.JWT_ACCESS_SECRET, REFRESH_TOKEN_SECRET: strong.JWT_ACCESS_SECRET }, 'REFRESH_TOKEN_SECRET', /differ/],
    ['scrypt cost below OWASP', { ...strong, PASSWORD_SCRYPT_LOG_N: '14' }, 'PASSWORD_SCRYPT_LOG_N', /17/],
  ])('production refuses to start: %s', async (_label, secrets, variable, message) => {
    const attempt = startServer({ env: { ...PROD, ...secrets } });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toMatchObject({ variable, message: expect.stringMatching(message) });
  });

  it('production starts with strong, distinct secrets', async () => {
    const s = await startServer({ env: { ...PROD, ...strong } });
    try {
      expect(s.config.production).toBe(true);
      expect(s.config.exposeStackTraces).toBe(false);
      expect(s.config.introspection).toBe(false);
      expect(s.config.sandbox).toBe(false);
    } finally {
      await s.stop();
    }
  });
});

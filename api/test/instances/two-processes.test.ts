import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { LOGIN, ME, REFRESH, REGISTER, codeOf, gql, reasonOf, uniqueEmail } from '../support/server.js';
import { createTestDatabase, describeEachDatabase, withPgClient, type TestDatabase } from '../support/databases.js';
import { ensureApiBuilt, startApiProcess, type ApiProcess } from './processes.js';

/** Long enough that 50 simultaneous refreshes all land inside it; short enough to wait out in a test. */
const GRACE_MS = 2_000;

/** The session id (`sid`) of an access token, read without verification. */
function sessionOf(accessToken: string): string {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')).sid;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two API processes (`node api/dist/main.js`) on one PostgreSQL database, as
 * behind a load balancer: rotation, reuse detection and the grace window
 * must hold whichever instance a request reaches. PostgreSQL only: SQLite is
 * single-process by design (docs/deploy.md).
 */
describeEachDatabase(
  'two API processes on one database',
  () => {
    let db: TestDatabase;
    let a: ApiProcess;
    let b: ApiProcess;

    beforeAll(async () => {
      ensureApiBuilt();
      db = await createTestDatabase('postgres', tmpdir());
      const env: Record<string, string> = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.url,
        JWT_ACCESS_SECRET: randomBytes(32).toString('base64url'),
        REFRESH_TOKEN_SECRET: randomBytes(32).toString('base64url'),
        PASSWORD_SCRYPT_LOG_N: '12',
        LOGIN_LIMIT_PER_EMAIL: '100000',
        LOGIN_LIMIT_PER_ADDRESS: '1000000',
        REFRESH_GRACE_PERIOD: `${GRACE_MS}ms`,
        ...(process.env.BATON_TEST_REDIS_URL ? { REDIS_URL: process.env.BATON_TEST_REDIS_URL } : {}),
      };
      // Started together on an empty database: both run migrations at once (the advisory lock makes that safe).
      [a, b] = await Promise.all([startApiProcess('A', env), startApiProcess('B', env)]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await db?.drop();
    });

    /** Registers at A and logs in at A: a fresh session whose refresh token was never used. */
    async function freshSession() {
      const email = uniqueEmail('multi');
      const password = 'correct horse battery';
      const reg = await gql(a.url, REGISTER, { email, password });
      expect(reg.body.data?.register).toBeTruthy();
      const login = await gql(a.url, LOGIN, { email, password });
      const { accessToken, refreshToken, user } = login.body.data.login as { accessToken: string; refreshToken: string; user: { id: string } };
      return { email, accessToken, refreshToken, userId: user.id, sessionId: sessionOf(accessToken) };
    }

    const unrotatedTokens = (sessionId: string) =>
      withPgClient(db.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM refresh_tokens WHERE session_id = $1 AND rotated_at IS NULL', [sessionId])).rows[0].n);
    const allTokens = (sessionId: string) =>
      withPgClient(db.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM refresh_tokens WHERE session_id = $1', [sessionId])).rows[0].n);

    it('an access token issued by A is accepted by B', async () => {
      const s = await freshSession();
      const me = await gql(b.url, ME, {}, { token: s.accessToken });
      expect(me.body.data?.me?.id).toBe(s.userId);
    });

    it('log in at A, refresh at B, replay the old token at A after the grace window: the family is revoked everywhere', async () => {
      const s = await freshSession();
      const rotated = await gql(b.url, REFRESH, { refreshToken: s.refreshToken });
      const successor = rotated.body.data?.refreshToken as { accessToken: string; refreshToken: string };
      expect(successor.refreshToken).toBeTruthy();
      expect(successor.refreshToken).not.toBe(s.refreshToken);
      expect((await gql(a.url, ME, {}, { token: successor.accessToken })).body.data?.me?.id).toBe(s.userId);

      await sleep(GRACE_MS + 300);
      const replay = await gql(a.url, REFRESH, { refreshToken: s.refreshToken });
      expect(codeOf(replay)).toBe('UNAUTHENTICATED');
      expect(reasonOf(replay)).toBe('REFRESH_TOKEN_REUSED');

      // The B-issued successor is dead at both instances, and so is its access token.
      for (const instance of [b, a]) {
        const r = await gql(instance.url, REFRESH, { refreshToken: successor.refreshToken });
        expect([instance.name, codeOf(r)]).toEqual([instance.name, 'UNAUTHENTICATED']);
        const me = await gql(instance.url, ME, {}, { token: successor.accessToken });
        expect([instance.name, reasonOf(me)]).toEqual([instance.name, 'SESSION_REVOKED']);
      }
      const revoked = await withPgClient(db.url, (c) => c.query('SELECT revoked_reason FROM sessions WHERE id = $1', [s.sessionId]));
      expect(revoked.rows).toEqual([{ revoked_reason: 'REUSE' }]);
    });

    it('a logout at B ends the session at A', async () => {
      const s = await freshSession();
      const out = await gql(b.url, 'mutation($t: String) { logout(refreshToken: $t) }', { t: s.refreshToken });
      expect(out.body.data?.logout).toBe(true);
      expect(reasonOf(await gql(a.url, ME, {}, { token: s.accessToken }))).toBe('SESSION_REVOKED');
      expect(codeOf(await gql(a.url, REFRESH, { refreshToken: s.refreshToken }))).toBe('UNAUTHENTICATED');
    });

    it('50 parallel refreshes of one token, split across A and B: exactly one successor, no 5xx', async () => {
      const s = await freshSession();
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => gql((i % 2 ? b : a).url, REFRESH, { refreshToken: s.refreshToken })),
      );

      expect(responses.filter((r) => r.status >= 500).map((r) => r.body)).toEqual([]);
      const successors = new Set(responses.flatMap((r) => (r.body.data?.refreshToken ? [r.body.data.refreshToken.refreshToken as string] : [])));
      const failures = responses.filter((r) => !r.body.data?.refreshToken);
      // Every answer is the one successor, or UNAUTHENTICATED — never a second, diverging token.
      expect(successors.size).toBe(1);
      expect(failures.map((r) => codeOf(r)).filter((c) => c !== 'UNAUTHENTICATED')).toEqual([]);
      expect([...successors][0]).not.toBe(s.refreshToken);

      // In the database: the presented token plus exactly one successor, which is the only live token.
      expect(await allTokens(s.sessionId)).toBe(2);
      expect(await unrotatedTokens(s.sessionId)).toBe(1);

      // The whole burst falls inside the grace window, so every racer must get the successor. A
      // REFRESH_TOKEN_REUSED here means a request that lost the conditional update (another
      // instance's transaction rotated first) was mistaken for a thief and revoked the session.
      expect(failures.map((r) => reasonOf(r))).toEqual([]);
      const next = await gql(b.url, REFRESH, { refreshToken: [...successors][0] });
      expect(next.body.data?.refreshToken?.refreshToken).toBeTruthy();
    });
  },
  ['postgres'],
);

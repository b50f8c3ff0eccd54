/**
 * Refresh-token rotation under attack: races, replays, theft detection, the
 * grace window, and what the database keeps. Runs on SQLite and on
 * PostgreSQL (see test/support/databases.ts): the races resolve differently
 * on each (an in-process write lock vs. row locks), so both must be attacked.
 */
import { readFileSync, existsSync } from 'node:fs';
import { ME, registerUser, startTestServer, uniqueEmail, REGISTER, type TestServer } from '../support/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { codeOf, isServerFailure, login, postgresRowsAsText, reasonOf, refresh, withTestServer } from './support.js';

/** Every refresh-token row of a session (its family). */
async function tokensOfSession(server: TestServer, sessionId: string) {
  return server.server.services.db.refreshTokens.find({ where: { sessionId } });
}

async function sessionIdOfUser(server: TestServer, userId: string): Promise<string> {
  const sessions = await server.server.services.db.sessions.find({ where: { userId } });
  expect(sessions).toHaveLength(1);
  return sessions[0].id;
}

describeEachDatabase('refresh-token rotation', (kind) => {
  const dbName = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({}, kind);
  });
  afterAll(() => t?.stop());

  describe('rotation is atomic', () => {
    it('50 parallel refreshToken with one token: exactly one successor is live, zero 5xx', async () => {
      const u = await registerUser(t);
      const sessionId = await sessionIdOfUser(t, u.user.id);
      const results = await Promise.all(Array.from({ length: 50 }, () => refresh(t, u.refreshToken)));

      expect(results.filter(isServerFailure)).toEqual([]);
      // Each answer is either the grace answer (the one successor) or UNAUTHENTICATED.
      const successors = new Set(results.filter((r) => r.body.data?.refreshToken).map((r) => r.body.data.refreshToken.refreshToken));
      for (const r of results.filter((r) => !r.body.data?.refreshToken)) expect(codeOf(r)).toBe('UNAUTHENTICATED');
      expect(successors.size).toBe(1);

      // The database agrees: the family is the original (rotated once) plus one live successor.
      const rows = await tokensOfSession(t, sessionId);
      expect(rows).toHaveLength(2);
      expect(rows.filter((row) => row.rotatedAt === null)).toHaveLength(1);

      // …and that successor really works.
      const [successor] = successors;
      const next = await refresh(t, successor);
      expect(next.body.data.refreshToken.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('with the grace window disabled, of 50 parallel refreshes exactly one rotates and the rest are reuse', async () => {
      await withTestServer({ REFRESH_GRACE_PERIOD: '0' }, kind, async (strict) => {
        // Several rounds: on PostgreSQL a loser whose clock reading predates the
        // winner's rotation once got the grace answer (a second "winner") in
        // about one round of four; one round alone let that slip through.
        for (let round = 0; round < 5; round++) {
          const u = await registerUser(strict);
          const results = await Promise.all(Array.from({ length: 50 }, () => refresh(strict, u.refreshToken)));
          expect(results.filter(isServerFailure)).toEqual([]);
          expect(results.filter((r) => r.body.data?.refreshToken)).toHaveLength(1);
          const failures = results.filter((r) => !r.body.data?.refreshToken);
          expect(new Set(failures.map(codeOf))).toEqual(new Set(['UNAUTHENTICATED']));
          // The first loser proves theft and revokes the family; later ones meet a revoked session.
          expect(failures.map(reasonOf)).toContain('REFRESH_TOKEN_REUSED');
          for (const r of failures) expect(['REFRESH_TOKEN_REUSED', 'REFRESH_TOKEN_INVALID']).toContain(reasonOf(r));
        }
      });
    });

    it(`50 parallel login+refresh on ${dbName}: zero INTERNAL_SERVER_ERROR`, async () => {
      const users = await Promise.all(Array.from({ length: 5 }, () => registerUser(t)));
      const results = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const u = users[i % users.length];
          const signIn = await login(t, u.email, u.password);
          const rt = signIn.body.data?.login?.refreshToken;
          const next = rt ? await refresh(t, rt) : signIn;
          return [signIn, next];
        }),
      );
      const all = results.flat();
      expect(all.filter(isServerFailure).map((r) => r.body)).toEqual([]);
      expect(all.every((r) => r.status === 200 && !r.body.errors)).toBe(true);
    });
  });

  describe('reuse detection', () => {
    it('A→B→C within one second, replay A: rejected as reuse, B and C dead', async () => {
      const u = await registerUser(t);
      const a = u.refreshToken;
      const b = (await refresh(t, a)).body.data.refreshToken;
      const c = (await refresh(t, b.refreshToken)).body.data.refreshToken;

      const replay = await refresh(t, a);
      expect(codeOf(replay)).toBe('UNAUTHENTICATED');
      expect(reasonOf(replay)).toBe('REFRESH_TOKEN_REUSED');

      for (const token of [b.refreshToken, c.refreshToken]) {
        const r = await refresh(t, token);
        expect(codeOf(r)).toBe('UNAUTHENTICATED');
      }
      // The access token minted with C belongs to the revoked family too.
      expect(reasonOf(await t.gql(ME, {}, { token: c.accessToken }))).toBe('SESSION_REVOKED');
      const sessions = await t.server.services.db.sessions.find({ where: { userId: u.user.id } });
      expect(sessions.map((s) => s.revokedReason)).toEqual(['REUSE']);
    });

    it('reuse of one family leaves the user’s other sessions alone', async () => {
      const u = await registerUser(t);
      const other = (await login(t, u.email, u.password)).body.data.login;
      await refresh(t, u.refreshToken);
      await refresh(t, (await refresh(t, u.refreshToken)).body.data.refreshToken.refreshToken);
      expect(reasonOf(await refresh(t, u.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
      expect((await refresh(t, other.refreshToken)).body.data.refreshToken.refreshToken).toBeTruthy();
    });

    it('logout and refresh raced 100 times: no token of that family works afterwards', async () => {
      const u = await registerUser(t);
      const LOGOUT = 'mutation($t: String) { logout(refreshToken: $t) }';
      for (let i = 0; i < 100; i++) {
        const session = (await login(t, u.email, u.password)).body.data.login;
        const [out, rotated] = await Promise.all([t.gql(LOGOUT, { t: session.refreshToken }), refresh(t, session.refreshToken)]);
        expect([out, rotated].filter(isServerFailure)).toEqual([]);

        const refreshTokens = [session.refreshToken, rotated.body.data?.refreshToken?.refreshToken].filter(Boolean);
        const accessTokens = [session.accessToken, rotated.body.data?.refreshToken?.accessToken].filter(Boolean);
        for (const token of refreshTokens) expect(codeOf(await refresh(t, token))).toBe('UNAUTHENTICATED');
        for (const token of accessTokens) expect(reasonOf(await t.gql(ME, {}, { token }))).toBe('SESSION_REVOKED');
      }
    });
  });

  describe('grace window', () => {
    it('the immediate predecessor presented again within the window gets the same successor', async () => {
      const u = await registerUser(t);
      const first = (await refresh(t, u.refreshToken)).body.data.refreshToken;
      const again = (await refresh(t, u.refreshToken)).body.data.refreshToken;
      expect(again.refreshToken).toBe(first.refreshToken);
      expect(again.user.id).toBe(u.user.id);
      // Same session: the grace answer does not fork the family.
      const sessions = await t.server.services.db.sessions.find({ where: { userId: u.user.id } });
      expect(sessions).toHaveLength(1);
      expect(sessions[0].revokedAt).toBeNull();
    });

    it('the predecessor presented again outside the window is theft: the family is revoked', async () => {
      const u = await registerUser(t);
      const { sessions } = t.server.services;
      const rotatedAt = new Date();
      const successor = await sessions.rotate(u.refreshToken, rotatedAt);
      const grace = t.server.config.refreshGraceMs;
      // Just inside the window: same successor.
      expect((await sessions.rotate(u.refreshToken, new Date(rotatedAt.getTime() + grace))).refreshToken).toBe(successor.refreshToken);
      // Just outside: reuse, and the successor dies with its family.
      await expect(sessions.rotate(u.refreshToken, new Date(rotatedAt.getTime() + grace + 1))).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REUSED' },
      });
      expect(codeOf(await refresh(t, successor.refreshToken))).toBe('UNAUTHENTICATED');
    });

    it('REFRESH_GRACE_PERIOD=0 disables the window: the first replay is theft', async () => {
      await withTestServer({ REFRESH_GRACE_PERIOD: '0' }, kind, async (strict) => {
        const u = await registerUser(strict);
        const b = (await refresh(strict, u.refreshToken)).body.data.refreshToken.refreshToken;
        expect(reasonOf(await refresh(strict, u.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
        expect(codeOf(await refresh(strict, b))).toBe('UNAUTHENTICATED');
      });
    });

    it('a rotated token presented after its own idle expiry is still treated as theft', async () => {
      const u = await registerUser(t);
      const { sessions } = t.server.services;
      const b = await sessions.rotate(u.refreshToken);
      // Far past A's idle lifetime but inside the session's absolute lifetime:
      // a legitimate client never holds a rotated token that long.
      const later = new Date(Date.now() + t.server.config.refreshTokenTtlMs + 1000);
      await expect(sessions.rotate(u.refreshToken, later)).rejects.toMatchObject({ extensions: { reason: 'REFRESH_TOKEN_REUSED' } });
      expect(codeOf(await refresh(t, b.refreshToken))).toBe('UNAUTHENTICATED');
    });
  });

  describe('what the database keeps', () => {
    /** Registers, rotates three times and logs in again; returns everything secret that was sent or issued. */
    async function issueTokens() {
      const email = uniqueEmail();
      const password = 'a password that must not be stored';
      const issued: string[] = [];
      const reg = (await t.gql(REGISTER, { email, password })).body.data.register;
      issued.push(reg.refreshToken);
      let current = reg.refreshToken;
      for (let i = 0; i < 3; i++) {
        current = (await refresh(t, current)).body.data.refreshToken.refreshToken;
        issued.push(current);
      }
      issued.push((await login(t, email, password)).body.data.login.refreshToken);
      return { email, password, issued };
    }

    if (kind === 'sqlite') {
      it('the raw refresh token string never appears in the SQLite file or its -wal', async () => {
        const { email, password, issued } = await issueTokens();
        const files = [t.dbFile!, `${t.dbFile}-wal`, `${t.dbFile}-shm`].filter(existsSync);
        expect(files.length).toBeGreaterThanOrEqual(2); // the main file and the WAL: both written
        const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
        // Sanity check that the search can succeed: the email *is* there.
        expect(bytes.includes(Buffer.from(email))).toBe(true);
        for (const token of issued) {
          expect(bytes.includes(Buffer.from(token))).toBe(false);
          expect(bytes.includes(Buffer.from(Buffer.from(token, 'base64url').toString('hex')))).toBe(false);
        }
        expect(bytes.includes(Buffer.from(password))).toBe(false);
      });
    } else {
      it('the raw refresh token string never appears in any column of any PostgreSQL table', async () => {
        const { email, password, issued } = await issueTokens();
        const text = await postgresRowsAsText(t);
        // Sanity checks that the search can succeed: the tables were read, the email *is* there.
        expect(text).toContain('-- public.refresh_tokens');
        expect(text).toContain(email);
        for (const token of issued) {
          expect(text.includes(token)).toBe(false);
          // Hex, in any case: a bytea column prints as \x<lower-case hex>.
          expect(text.toLowerCase().includes(Buffer.from(token, 'base64url').toString('hex'))).toBe(false);
        }
        expect(text.includes(password)).toBe(false);
      });
    }
  });
});

/**
 * Session management and lifetimes: listing, revoking one or all sessions,
 * changing the password, and idle / absolute expiry. Runs on SQLite and on
 * PostgreSQL (see test/support/databases.ts).
 */
import { ME, registerUser, startTestServer, type TestServer } from '../support/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { codeOf, login, reasonOf, refresh, withTestServer } from './support.js';

const SESSIONS = '{ sessions { id createdAt lastUsedAt expiresAt userAgent current } }';
const REVOKE = 'mutation($id: ID!) { revokeSession(id: $id) }';
const LOGOUT_ALL = 'mutation { logoutAll }';
const CHANGE_PASSWORD = `mutation($c: String!, $n: String!) {
  changePassword(currentPassword: $c, newPassword: $n) { accessToken refreshToken user { id } }
}`;

describeEachDatabase('sessions', (kind) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({}, kind);
  });
  afterAll(() => t?.stop());

  /** Signs the user in again from a named "device"; returns that session's tokens. */
  async function device(u: { email: string; password: string }, userAgent: string) {
    const r = await login(t, u.email, u.password, { 'user-agent': userAgent });
    return r.body.data.login as { accessToken: string; refreshToken: string };
  }

  /** Asserts an access token is refused where a revoked session must not count. */
  async function expectAccessRefused(token: string, password: string) {
    expect(reasonOf(await t.gql(ME, {}, { token }))).toBe('SESSION_REVOKED');
    expect(reasonOf(await t.gql(SESSIONS, {}, { token }))).toBe('SESSION_REVOKED');
    expect(reasonOf(await t.gql(CHANGE_PASSWORD, { c: password, n: 'a brand new password' }, { token }))).toBe('SESSION_REVOKED');
    expect(reasonOf(await t.gql(LOGOUT_ALL, {}, { token }))).toBe('SESSION_REVOKED');
  }

  describe('sessions query', () => {
    it('lists the caller’s live sessions with created, last used, user agent and current', async () => {
      const u = await registerUser(t);
      const phone = await device(u, 'Phone/1.0');
      const laptop = await device(u, 'Laptop/2.0');
      await registerUser(t); // someone else's sessions must not show up

      const r = await t.gql(SESSIONS, {}, { token: laptop.accessToken });
      const sessions = r.body.data.sessions as Array<Record<string, any>>;
      expect(sessions).toHaveLength(3);
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      expect(sessions.find((s) => s.current)!.userAgent).toBe('Laptop/2.0');
      expect(sessions.map((s) => s.userAgent)).toEqual(expect.arrayContaining(['Phone/1.0', 'Laptop/2.0']));
      for (const s of sessions) {
        expect(new Date(s.createdAt).getTime()).toBeLessThanOrEqual(new Date(s.lastUsedAt).getTime());
        expect(new Date(s.expiresAt).getTime()).toBeGreaterThan(Date.now());
      }

      // Refreshing the phone's session moves its lastUsedAt and puts it first.
      const before = sessions.find((s) => s.userAgent === 'Phone/1.0')!;
      await new Promise((resolve) => setTimeout(resolve, 5)); // timestamps are in ms
      await refresh(t, phone.refreshToken);
      const after = (await t.gql(SESSIONS, {}, { token: laptop.accessToken })).body.data.sessions;
      expect(after[0].id).toBe(before.id);
      expect(new Date(after[0].lastUsedAt).getTime()).toBeGreaterThan(new Date(before.lastUsedAt).getTime());
    });

    it('records the client address of each session (for audit), without exposing it in the API', async () => {
      const u = await registerUser(t);
      const [session] = await t.server.services.db.sessions.find({ where: { userId: u.user.id } });
      expect(session.ipAddress).toMatch(/127\.0\.0\.1/);
    });

    it('needs a token', async () => {
      expect(reasonOf(await t.gql(SESSIONS))).toBe('TOKEN_MISSING');
    });
  });

  describe('revokeSession', () => {
    it('ends another of the caller’s sessions: its refresh and access tokens stop working at once', async () => {
      const u = await registerUser(t);
      const lost = await device(u, 'Lost phone');
      const list = (await t.gql(SESSIONS, {}, { token: u.accessToken })).body.data.sessions;
      const target = list.find((s: { userAgent: string }) => s.userAgent === 'Lost phone');

      const r = await t.gql(REVOKE, { id: target.id }, { token: u.accessToken });
      expect(r.body.data.revokeSession).toBe(true);
      expect(codeOf(await refresh(t, lost.refreshToken))).toBe('UNAUTHENTICATED');
      await expectAccessRefused(lost.accessToken, u.password);
      // The caller's own session is untouched.
      expect((await t.gql(ME, {}, { token: u.accessToken })).body.data.me.id).toBe(u.user.id);
      expect((await t.gql(SESSIONS, {}, { token: u.accessToken })).body.data.sessions).toHaveLength(1);
    });

    it('cannot end someone else’s session, and says so as for an unknown id', async () => {
      const alice = await registerUser(t);
      const bob = await registerUser(t);
      const bobSession = (await t.gql(SESSIONS, {}, { token: bob.accessToken })).body.data.sessions[0];
      for (const id of [bobSession.id, 'no-such-session', 'x'.repeat(10_000)]) {
        const r = await t.gql(REVOKE, { id }, { token: alice.accessToken });
        expect(codeOf(r)).toBe('BAD_USER_INPUT');
        expect(reasonOf(r)).toBe('SESSION_NOT_FOUND');
      }
      expect((await t.gql(ME, {}, { token: bob.accessToken })).body.data.me.id).toBe(bob.user.id);
    });

    it('revoking the current session ends it too', async () => {
      const u = await registerUser(t);
      const [current] = (await t.gql(SESSIONS, {}, { token: u.accessToken })).body.data.sessions;
      expect((await t.gql(REVOKE, { id: current.id }, { token: u.accessToken })).body.data.revokeSession).toBe(true);
      await expectAccessRefused(u.accessToken, u.password);
      expect(reasonOf(await t.gql(REVOKE, { id: current.id }, { token: u.accessToken }))).toBe('SESSION_REVOKED');
    });
  });

  describe('logoutAll', () => {
    it('ends every session of the caller, this one included', async () => {
      const u = await registerUser(t);
      const others = [await device(u, 'A'), await device(u, 'B')];
      const bystander = await registerUser(t);

      const r = await t.gql(LOGOUT_ALL, {}, { token: u.accessToken });
      expect(r.body.data.logoutAll).toBe(3);
      for (const s of [u, ...others]) {
        expect(codeOf(await refresh(t, s.refreshToken))).toBe('UNAUTHENTICATED');
        expect(reasonOf(await t.gql(ME, {}, { token: s.accessToken }))).toBe('SESSION_REVOKED');
      }
      expect((await t.gql(ME, {}, { token: bystander.accessToken })).body.data.me.id).toBe(bystander.user.id);
    });
  });

  describe('changePassword', () => {
    it('revokes every other session and returns a fresh, working payload', async () => {
      const u = await registerUser(t);
      const thief = await device(u, 'Thief');
      const next = 'a much better passphrase';

      const r = await t.gql(CHANGE_PASSWORD, { c: u.password, n: next }, { token: u.accessToken });
      const fresh = r.body.data.changePassword;
      expect(fresh.user.id).toBe(u.user.id);
      expect(fresh.refreshToken).not.toBe(u.refreshToken);

      // The thief's session is gone, access and refresh alike.
      expect(codeOf(await refresh(t, thief.refreshToken))).toBe('UNAUTHENTICATED');
      await expectAccessRefused(thief.accessToken, next);
      // So is the caller's previous session: the fresh payload replaces it.
      expect(codeOf(await refresh(t, u.refreshToken))).toBe('UNAUTHENTICATED');
      // The fresh payload works, and is the only live session.
      expect((await t.gql(ME, {}, { token: fresh.accessToken })).body.data.me.id).toBe(u.user.id);
      expect((await t.gql(SESSIONS, {}, { token: fresh.accessToken })).body.data.sessions).toHaveLength(1);
      expect((await refresh(t, fresh.refreshToken)).body.data.refreshToken.user.id).toBe(u.user.id);
      // Old password out, new password in.
      expect(reasonOf(await login(t, u.email, u.password))).toBe('INVALID_CREDENTIALS');
      expect((await login(t, u.email, next)).body.data.login.user.id).toBe(u.user.id);
    });

    it('a wrong current password changes nothing and revokes nothing', async () => {
      const u = await registerUser(t);
      const other = await device(u, 'Other');
      const r = await t.gql(CHANGE_PASSWORD, { c: 'not my password', n: 'a much better passphrase' }, { token: u.accessToken });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
      expect(reasonOf(r)).toBe('INVALID_CREDENTIALS');
      expect((await refresh(t, other.refreshToken)).body.data.refreshToken).toBeTruthy();
      expect((await login(t, u.email, u.password)).body.data.login).toBeTruthy();
    });

    it('a weak new password is BAD_USER_INPUT on newPassword', async () => {
      const u = await registerUser(t);
      const r = await t.gql(CHANGE_PASSWORD, { c: u.password, n: 'short' }, { token: u.accessToken });
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.body.errors![0].extensions!.field).toBe('newPassword');
    });

    it('guessing the current password with a stolen access token is throttled', async () => {
      await withTestServer({ LOGIN_LIMIT_PER_EMAIL: '3' }, kind, async (strict) => {
        const u = await registerUser(strict);
        const seen: unknown[] = [];
        for (let i = 0; i < 5; i++) {
          const r = await strict.gql(CHANGE_PASSWORD, { c: `guess ${i}`, n: 'a much better passphrase' }, { token: u.accessToken });
          seen.push(reasonOf(r) ?? codeOf(r));
        }
        expect(seen).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'RATE_LIMITED', 'RATE_LIMITED']);
      });
    });
  });

  describe('lifetimes', () => {
    it('idle timeout: a refresh token unused for REFRESH_TOKEN_TTL is REFRESH_TOKEN_EXPIRED', async () => {
      await withTestServer({ REFRESH_TOKEN_TTL: '1s' }, kind, async (short) => {
        const u = await registerUser(short);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const r = await refresh(short, u.refreshToken);
        expect(codeOf(r)).toBe('UNAUTHENTICATED');
        expect(reasonOf(r)).toBe('REFRESH_TOKEN_EXPIRED');
      });
    });

    it('idle timeout slides: each rotation starts a new idle period', async () => {
      const u = await registerUser(t);
      const { sessions } = t.server.services;
      const ttl = t.server.config.refreshTokenTtlMs;
      const start = Date.now();
      const at = (periods: number) => new Date(start + periods * ttl);
      const b = await sessions.rotate(u.refreshToken, at(0.9));
      // Past A's idle period, but inside B's: fine.
      const c = await sessions.rotate(b.refreshToken, at(1.8));
      // C unused for more than one period: expired (the session itself would live on).
      await expect(sessions.rotate(c.refreshToken, at(2.9))).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_EXPIRED' },
      });
      expect(2.9 * ttl).toBeLessThan(t.server.config.sessionMaxAgeMs);
    });

    it('absolute lifetime: SESSION_MAX_AGE ends the family however often it is refreshed', async () => {
      const u = await registerUser(t);
      const { sessions } = t.server.services;
      const { sessionMaxAgeMs, refreshTokenTtlMs } = t.server.config;
      const start = Date.now();
      let token = u.refreshToken;
      // Refresh well within every idle period until past the session's end.
      const step = Math.min(refreshTokenTtlMs / 2, sessionMaxAgeMs / 4);
      let at = start;
      while (at + step < start + sessionMaxAgeMs) {
        at += step;
        const next = await sessions.rotate(token, new Date(at));
        // No refresh token outlives its session.
        expect(next.expiresAt.getTime()).toBeLessThanOrEqual(start + sessionMaxAgeMs + 1000);
        token = next.refreshToken;
      }
      await expect(sessions.rotate(token, new Date(start + sessionMaxAgeMs + 1000))).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_EXPIRED' },
      });
      // Its access tokens are refused by fields that check the session.
      expect(await sessions.isLive((await t.server.services.db.sessions.findOneByOrFail({ userId: u.user.id })).id, new Date(start + sessionMaxAgeMs + 1000))).toBe(false);
    });

    it('absolute lifetime over HTTP: SESSION_MAX_AGE=1s expires the family even with a fresh idle period', async () => {
      await withTestServer({ SESSION_MAX_AGE: '1s', ACCESS_TOKEN_TTL: '1s' }, kind, async (short) => {
        const u = await registerUser(short);
        const r0 = await refresh(short, u.refreshToken);
        const payload = r0.body.data.refreshToken;
        expect(new Date(payload.refreshTokenExpiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const r = await refresh(short, payload.refreshToken);
        expect(reasonOf(r)).toBe('REFRESH_TOKEN_EXPIRED');
      });
    });
  });
});

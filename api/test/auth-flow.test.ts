import { ME, LOGIN, REFRESH, REGISTER, codeOf, reasonOf, registerUser, startTestServer, uniqueEmail, type TestServer } from './support/server.js';
import { describeEachDatabase } from './support/databases.js';

describeEachDatabase('register, login, me, refresh, logout against a real server', (kind) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({}, kind);
  });
  afterAll(() => t?.stop());

  it('serves /healthz once the database answers', async () => {
    const res = await fetch(`${t.origin}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('registers a user and returns both tokens and the user', async () => {
    const email = uniqueEmail();
    const r = await t.gql(REGISTER, { email: `  ${email.toUpperCase()} `, password: 'correct horse battery' });
    expect(r.status).toBe(200);
    const payload = r.body.data.register;
    expect(payload.user).toMatchObject({ email, role: 'USER' });
    expect(payload.accessToken.split('.')).toHaveLength(3);
    expect(payload.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(payload.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('logs in with the right password and `me` answers with that user', async () => {
    const u = await registerUser(t);
    const login = await t.gql(LOGIN, { email: u.email, password: u.password });
    const me = await t.gql(ME, {}, { token: login.body.data.login.accessToken });
    expect(me.body.data.me).toEqual({ id: u.user.id, email: u.email, role: 'USER' });
  });

  it('rejects a wrong password with UNAUTHENTICATED / INVALID_CREDENTIALS', async () => {
    const u = await registerUser(t);
    const r = await t.gql(LOGIN, { email: u.email, password: 'not the password' });
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(reasonOf(r)).toBe('INVALID_CREDENTIALS');
    expect(r.body.data).toBeNull();
  });

  it('rejects an unknown email exactly like a wrong password', async () => {
    const r = await t.gql(LOGIN, { email: uniqueEmail('nobody'), password: 'whatever password' });
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(reasonOf(r)).toBe('INVALID_CREDENTIALS');
    expect(r.body.errors![0].message).toBe('Invalid email or password.');
  });

  it('refuses a duplicate email with BAD_USER_INPUT / EMAIL_TAKEN', async () => {
    const u = await registerUser(t);
    const r = await t.gql(REGISTER, { email: u.email, password: 'another password' });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(reasonOf(r)).toBe('EMAIL_TAKEN');
  });

  it.each([
    ['an invalid email', 'not-an-email', 'long enough password', 'INVALID_EMAIL', 'email'],
    ['an email without domain dot', 'a@b', 'long enough password', 'INVALID_EMAIL', 'email'],
    ['a short password', 'short@example.com', 'short', 'INVALID_PASSWORD', 'password'],
    ['a 129-character password', 'long@example.com', 'x'.repeat(129), 'INVALID_PASSWORD', 'password'],
  ])('refuses %s with BAD_USER_INPUT and names the field', async (_label, email, password, reason, field) => {
    const r = await t.gql(REGISTER, { email, password });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(reasonOf(r)).toBe(reason);
    expect(r.body.errors![0].extensions!.field).toBe(field);
    expect(JSON.stringify(r.body)).not.toContain(password.length > 5 ? password : '\u0000');
  });

  it('rotates the refresh token: the new one works, the old one is then rejected', async () => {
    const u = await registerUser(t);
    const first = await t.gql(REFRESH, { refreshToken: u.refreshToken });
    const next = first.body.data.refreshToken.refreshToken;
    expect(next).not.toBe(u.refreshToken);
    const me = await t.gql(ME, {}, { token: first.body.data.refreshToken.accessToken });
    expect(me.body.data.me.id).toBe(u.user.id);

    const second = await t.gql(REFRESH, { refreshToken: next });
    expect(second.body.data.refreshToken.refreshToken).not.toBe(next);

    // The original token is two rotations old: presenting it is theft.
    const replay = await t.gql(REFRESH, { refreshToken: u.refreshToken });
    expect(codeOf(replay)).toBe('UNAUTHENTICATED');
    expect(reasonOf(replay)).toBe('REFRESH_TOKEN_REUSED');
  });

  it('rejects an old refresh token after the grace window even when it was rotated only once', async () => {
    const strict = await startTestServer({ REFRESH_GRACE_PERIOD: '0' }, kind);
    try {
      const u = await registerUser(strict);
      const first = await strict.gql(REFRESH, { refreshToken: u.refreshToken });
      expect(first.body.data.refreshToken.refreshToken).toBeTruthy();
      const replay = await strict.gql(REFRESH, { refreshToken: u.refreshToken });
      expect(reasonOf(replay)).toBe('REFRESH_TOKEN_REUSED');
    } finally {
      await strict.stop();
    }
  });

  it('rejects an unknown or malformed refresh token with UNAUTHENTICATED', async () => {
    for (const refreshToken of ['nope', 'A'.repeat(43), '', 'x'.repeat(5000)]) {
      const r = await t.gql(REFRESH, { refreshToken });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    }
  });

  it('logout ends the session: its refresh token and its access token stop working', async () => {
    const u = await registerUser(t);
    const out = await t.gql('mutation($t: String) { logout(refreshToken: $t) }', { t: u.refreshToken });
    expect(out.body.data.logout).toBe(true);
    const refresh = await t.gql(REFRESH, { refreshToken: u.refreshToken });
    expect(codeOf(refresh)).toBe('UNAUTHENTICATED');
    const me = await t.gql(ME, {}, { token: u.accessToken });
    expect(reasonOf(me)).toBe('SESSION_REVOKED');
  });

  it('logout without a refresh token ends the session of the access token', async () => {
    const u = await registerUser(t);
    const out = await t.gql('mutation { logout }', {}, { token: u.accessToken });
    expect(out.body.data.logout).toBe(true);
    expect(codeOf(await t.gql(REFRESH, { refreshToken: u.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('`me` without a token is UNAUTHENTICATED / TOKEN_MISSING', async () => {
    const r = await t.gql(ME);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(reasonOf(r)).toBe('TOKEN_MISSING');
  });
});

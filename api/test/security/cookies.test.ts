/**
 * Cookie transport: the refresh token as an httpOnly, SameSite=Strict cookie
 * scoped to /graphql, read back when the argument is omitted, and CSRF
 * defences (Apollo's csrfPrevention, CORS) around it. What reaches the
 * database (rotation, logout, "touches nothing") runs on SQLite and on
 * PostgreSQL; the Secure attribute and CORS are configuration only and run
 * on SQLite.
 */
import { REFRESH_COOKIE_NAME } from '@baton/shared';
import { LOGIN, ME, REFRESH, registerUser, startTestServer, type GqlResponse, type TestServer } from '../support/server.js';
import { describeEachDatabase } from '../support/databases.js';
import { codeOf, reasonOf, strongSecrets, withTestServer } from './support.js';

const COOKIE_MODE = { 'x-baton-token-transport': 'cookie' };

/** The refresh cookie's Set-Cookie line, split into value and attributes. */
function refreshCookie(r: GqlResponse): { value: string; attributes: Map<string, string> } | undefined {
  const line = r.headers.getSetCookie().find((c) => c.startsWith(`${REFRESH_COOKIE_NAME}=`));
  if (!line) return undefined;
  const [pair, ...rest] = line.split(';').map((s) => s.trim());
  const attributes = new Map(rest.map((a) => {
    const eq = a.indexOf('=');
    return eq < 0 ? [a.toLowerCase(), ''] : [a.slice(0, eq).toLowerCase(), a.slice(eq + 1)];
  }));
  return { value: decodeURIComponent(pair.slice(REFRESH_COOKIE_NAME.length + 1)), attributes };
}

const cookieHeader = (value: string) => ({ cookie: `${REFRESH_COOKIE_NAME}=${value}` });

async function cookieLogin(server: TestServer) {
  const u = await registerUser(server);
  const r = await server.gql(LOGIN, { email: u.email, password: u.password }, { headers: COOKIE_MODE });
  return { u, r, cookie: refreshCookie(r)! };
}

describeEachDatabase('cookies', (kind) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({}, kind);
  });
  afterAll(() => t?.stop());

  describe('cookie transport', () => {
    it('login with X-Baton-Token-Transport: cookie sets an HttpOnly, SameSite=Strict cookie on /graphql, and refreshToken is null', async () => {
      const { r, cookie } = await cookieLogin(t);
      expect(r.body.data.login.refreshToken).toBeNull();
      expect(r.body.data.login.accessToken).toBeTruthy();
      expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(cookie.attributes.has('httponly')).toBe(true);
      expect(cookie.attributes.get('samesite')).toBe('Strict');
      expect(cookie.attributes.get('path')).toBe('/graphql');
      expect(new Date(cookie.attributes.get('expires')!).getTime()).toBeGreaterThan(Date.now());
      // Not Secure outside production unless asked: plain-HTTP development must work.
      expect(cookie.attributes.has('secure')).toBe(false);
    });

    it('body transport (no header) sets no cookie', async () => {
      const u = await registerUser(t);
      const r = await t.gql(LOGIN, { email: u.email, password: u.password });
      expect(r.body.data.login.refreshToken).toBeTruthy();
      expect(refreshCookie(r)).toBeUndefined();
    });

    it('refreshToken with the argument omitted reads the cookie, rotates it, and answers with a new cookie', async () => {
      const { u, cookie } = await cookieLogin(t);
      const r = await t.gql(REFRESH, {}, { headers: { ...COOKIE_MODE, ...cookieHeader(cookie.value) } });
      expect(r.body.data.refreshToken.refreshToken).toBeNull();
      expect(r.body.data.refreshToken.user.id).toBe(u.user.id);
      const next = refreshCookie(r)!;
      expect(next.value).not.toBe(cookie.value);
      expect(next.attributes.get('path')).toBe('/graphql');
      // The new cookie works; the old one is now a rotated token.
      const again = await t.gql(REFRESH, {}, { headers: { ...COOKIE_MODE, ...cookieHeader(next.value) } });
      expect(again.body.data.refreshToken.accessToken).toBeTruthy();
    });

    it('a refresh answered from the cookie stays in the cookie even without the transport header', async () => {
      const { cookie } = await cookieLogin(t);
      const r = await t.gql(REFRESH, {}, { headers: cookieHeader(cookie.value) });
      // Putting the successor in the body would hand scripts what the cookie hides from them.
      expect(r.body.data.refreshToken.refreshToken).toBeNull();
      expect(refreshCookie(r)!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('the body argument still works (body transport stays) and wins over the cookie', async () => {
      const { cookie } = await cookieLogin(t);
      const other = await registerUser(t);
      const r = await t.gql(REFRESH, { refreshToken: other.refreshToken }, { headers: cookieHeader(cookie.value) });
      expect(r.body.data.refreshToken.user.id).toBe(other.user.id);
      expect(r.body.data.refreshToken.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('no argument and no cookie → UNAUTHENTICATED / REFRESH_TOKEN_MISSING', async () => {
      const r = await t.gql(REFRESH, {}, { headers: COOKIE_MODE });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
      expect(reasonOf(r)).toBe('REFRESH_TOKEN_MISSING');
    });

    it('a dead cookie is cleared when refresh fails', async () => {
      const r = await t.gql(REFRESH, {}, { headers: { ...COOKIE_MODE, ...cookieHeader('A'.repeat(43)) } });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
      const cleared = refreshCookie(r)!;
      expect(cleared.value).toBe('');
      expect(new Date(cleared.attributes.get('expires')!).getTime()).toBeLessThan(Date.now());
      expect(cleared.attributes.get('path')).toBe('/graphql');
    });

    it('logout reads the cookie, ends the session and clears the cookie', async () => {
      const { r: signIn, cookie } = await cookieLogin(t);
      const out = await t.gql('mutation { logout }', {}, { headers: { ...COOKIE_MODE, ...cookieHeader(cookie.value) } });
      expect(out.body.data.logout).toBe(true);
      expect(refreshCookie(out)!.value).toBe('');
      expect(codeOf(await t.gql(REFRESH, {}, { headers: cookieHeader(cookie.value) }))).toBe('UNAUTHENTICATED');
      expect(reasonOf(await t.gql(ME, {}, { token: signIn.body.data.login.accessToken }))).toBe('SESSION_REVOKED');
    });

    it('a replayed (rotated) cookie outside the grace window revokes the family, as in body mode', async () => {
      await withTestServer({ REFRESH_GRACE_PERIOD: '0' }, kind, async (strict) => {
        const { cookie } = await cookieLogin(strict);
        const next = refreshCookie(await strict.gql(REFRESH, {}, { headers: { ...COOKIE_MODE, ...cookieHeader(cookie.value) } }))!;
        expect(reasonOf(await strict.gql(REFRESH, {}, { headers: cookieHeader(cookie.value) }))).toBe('REFRESH_TOKEN_REUSED');
        expect(codeOf(await strict.gql(REFRESH, {}, { headers: cookieHeader(next.value) }))).toBe('UNAUTHENTICATED');
      });
    });
  });

  describe('CSRF', () => {
    /** A cross-site form or `fetch(..., { mode: 'no-cors' })`: simple content type, no custom header, cookie attached. */
    const simpleRequest = (contentType: string, body: string, cookie: string) =>
      fetch(t.url, { method: 'POST', headers: { 'content-type': contentType, cookie: `${REFRESH_COOKIE_NAME}=${cookie}` }, body });

    it.each([
      ['text/plain', JSON.stringify({ query: 'mutation { refreshToken { accessToken } }' })],
      ['application/x-www-form-urlencoded', 'query=mutation%20%7B%20refreshToken%20%7B%20accessToken%20%7D%20%7D'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\nmutation { logout }\r\n--x--'],
    ])('a simple %s POST without the preflight header is rejected (csrfPrevention) and touches nothing', async (contentType, body) => {
      const { u, cookie } = await cookieLogin(t);
      const res = await simpleRequest(contentType, body, cookie.value);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/json/);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(await res.text()).toMatch(/Cross-Site Request Forgery/);
      // The session was neither rotated nor ended: the cookie still refreshes.
      const r = await t.gql(REFRESH, {}, { headers: cookieHeader(cookie.value) });
      expect(r.body.data.refreshToken.user.id).toBe(u.user.id);
    });

    it('a GET cannot run a mutation, even with the preflight header', async () => {
      const { cookie } = await cookieLogin(t);
      const res = await fetch(`${t.url}?query=${encodeURIComponent('mutation { logout }')}`, {
        headers: { 'apollo-require-preflight': 'true', cookie: `${REFRESH_COOKIE_NAME}=${cookie.value}` },
      });
      expect(res.status).toBe(405);
      expect(res.headers.getSetCookie()).toEqual([]);
    });
  });
});

describe('Secure attribute', () => {
  it('COOKIE_SECURE=true adds Secure', async () => {
    const secure = await startTestServer({ COOKIE_SECURE: 'true' });
    try {
      expect((await cookieLogin(secure)).cookie.attributes.has('secure')).toBe(true);
    } finally {
      await secure.stop();
    }
  });

  it('NODE_ENV=production adds Secure by default', async () => {
    const prod = await startTestServer({ NODE_ENV: 'production', PASSWORD_SCRYPT_LOG_N: '17', ...strongSecrets() });
    try {
      expect(prod.server.config.cookieSecure).toBe(true);
      expect((await cookieLogin(prod)).cookie.attributes.has('secure')).toBe(true);
    } finally {
      await prod.stop();
    }
  });
});

describe('CSRF', () => {
  it('CORS: credentials are allowed only for CORS_ORIGINS', async () => {
    const allowed = 'https://app.example.com';
    const cors = await startTestServer({ CORS_ORIGINS: allowed });
    try {
      const preflight = (origin: string) =>
        fetch(cors.url, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-baton-token-transport' },
        });
      const ok = await preflight(allowed);
      expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
      expect(ok.headers.get('access-control-allow-headers')).toMatch(/x-baton-token-transport/i);
      const evil = await preflight('https://evil.example');
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await cors.stop();
    }
  });
});

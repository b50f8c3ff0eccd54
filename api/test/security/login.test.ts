/**
 * Sign-in under attack: account enumeration (by answer and by time) and
 * brute force through aliases, batches and parallel requests. What goes
 * through the database (the account lookup, sessions created, attempts
 * counted while lookups are in flight) runs on SQLite and on PostgreSQL;
 * the timing test (CPU-bound: scrypt) and the request-shape limits run on
 * SQLite.
 */
import { performance } from 'node:perf_hooks';
import { LOGIN, registerUser, startTestServer, uniqueEmail, type TestServer } from '../support/server.js';
import { describeEachDatabase, type TestDatabaseKind } from '../support/databases.js';
import { codeOf, expectNoLeak, login, median, reasonOf, withTestServer } from './support.js';

/** Runs `fn` against a server started with `env` on `kind`, then stops it whatever happens. */
const withServer = <T>(env: Record<string, string>, fn: (t: TestServer) => Promise<T>, kind: TestDatabaseKind = 'sqlite'): Promise<T> =>
  withTestServer(env, kind, fn);

/** One document with `count` aliased `login` fields, all with the same variables. */
function aliasedLogins(count: number): string {
  const fields = Array.from({ length: count }, (_, i) => `l${i}: login(email: $e, password: $p) { accessToken }`);
  return `mutation Many($e: String!, $p: String!) {\n  ${fields.join('\n  ')}\n}`;
}

describeEachDatabase('login', (kind) => {
  describe('constant-shape failure', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer({}, kind);
    });
    afterAll(() => t?.stop());

    it('unknown email and wrong password give byte-identical answers (code, reason, message, path)', async () => {
      const u = await registerUser(t);
      const wrong = await login(t, u.email, 'not the password');
      const unknown = await login(t, uniqueEmail('ghost'), 'not the password');
      expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
      expect(reasonOf(wrong)).toBe('INVALID_CREDENTIALS');
      expect(unknown.status).toBe(wrong.status);
      expect(JSON.stringify(unknown.body)).toBe(JSON.stringify(wrong.body));
      expectNoLeak(unknown.body);
    });

    it('over-long passwords and emails fail the same way too (no length oracle, no 500)', async () => {
      const u = await registerUser(t);
      const reference = JSON.stringify((await login(t, u.email, 'not the password')).body);
      for (const [email, password] of [
        [u.email, 'x'.repeat(10_000)],
        [uniqueEmail('ghost'), 'x'.repeat(10_000)],
        ['a'.repeat(300) + '@example.com', 'whatever password'],
        ['not an email', 'whatever password'],
      ]) {
        const r = await login(t, email, password);
        expect(JSON.stringify(r.body)).toBe(reference);
      }
    });
  });

  describe('throttling', () => {
    // GraphQL runs mutation fields one after another and stops at the first
    // error of a non-null field (`login: AuthPayload!`): a failed guess ends the
    // document. So aliases cannot multiply *failed* guesses, and each field that
    // does run is counted as its own attempt.
    it('100 aliased login fields in one request are throttled per attempt (MAX_ALIASES raised to allow the document)', async () => {
      await withServer({ MAX_ALIASES: '100', LOGIN_LIMIT_PER_ADDRESS: '10' }, async (t) => {
        const u = await registerUser(t); // attempt 1 from this address
        const r = await t.gql(aliasedLogins(100), { e: u.email, p: u.password });
        expect(r.status).toBeLessThan(500);
        // Attempts 2-10 (aliases l0-l8) ran; l9 is the 11th attempt and is refused.
        expect(r.body.errors).toHaveLength(1);
        const [error] = r.body.errors!;
        expect(error.path).toEqual(['l9']);
        expect(error.extensions!.code).toBe('RATE_LIMITED');
        expect(error.extensions!.retryAfterSeconds).toBeGreaterThan(0);
        expect(error.extensions!.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
        expectNoLeak(r.body);
        const sessions = await t.server.services.db.sessions.count({ where: { userId: u.user.id } });
        expect(sessions).toBe(1 + 9); // registration + l0-l8: nothing after the refusal ran
        // The address stays blocked for single requests too.
        expect(codeOf(await login(t, u.email, u.password))).toBe('RATE_LIMITED');
      }, kind);
    });

    it('100 aliased wrong-password logins count as the attempts that ran, per email', async () => {
      await withServer({ MAX_ALIASES: '100', LOGIN_LIMIT_PER_EMAIL: '3' }, async (t) => {
        const u = await registerUser(t);
        const seen: Array<[unknown, unknown]> = [];
        for (let i = 0; i < 4; i++) {
          const r = await t.gql(aliasedLogins(100), { e: u.email, p: `guess ${i}` });
          expect(r.body.errors).toHaveLength(1);
          seen.push([r.body.errors![0].path?.[0], r.body.errors![0].extensions?.reason ?? codeOf(r)]);
        }
        // Had the 99 later aliases run (or been counted), the second request would already be refused.
        expect(seen).toEqual([['l0', 'INVALID_CREDENTIALS'], ['l0', 'INVALID_CREDENTIALS'], ['l0', 'INVALID_CREDENTIALS'], ['l0', 'RATE_LIMITED']]);
        // The right password is refused now as well: the limit counts attempts, and holds until the window ends.
        expect(codeOf(await login(t, u.email, u.password))).toBe('RATE_LIMITED');
      }, kind);
    });

    it('parallel requests cannot race past the limit', async () => {
      await withServer({ LOGIN_LIMIT_PER_EMAIL: '5' }, async (t) => {
        const u = await registerUser(t);
        const results = await Promise.all(Array.from({ length: 30 }, () => login(t, u.email, 'guess')));
        const reasons = results.map((r) => reasonOf(r) ?? codeOf(r));
        expect(reasons.filter((x) => x === 'INVALID_CREDENTIALS')).toHaveLength(5);
        expect(reasons.filter((x) => x === 'RATE_LIMITED')).toHaveLength(25);
      }, kind);
    });

    it('a successful sign-in clears the email’s failure count', async () => {
      await withServer({ LOGIN_LIMIT_PER_EMAIL: '3' }, async (t) => {
        const u = await registerUser(t);
        await login(t, u.email, 'guess');
        await login(t, u.email, 'guess');
        expect((await login(t, u.email, u.password)).body.data.login.accessToken).toBeTruthy();
        expect(reasonOf(await login(t, u.email, 'guess'))).toBe('INVALID_CREDENTIALS');
        expect(reasonOf(await login(t, u.email, 'guess'))).toBe('INVALID_CREDENTIALS');
      }, kind);
    });
  });
});

describe('timing', () => {
  it('unknown-email vs wrong-password logins: median time ratio < 1.5 at the real scrypt cost', async () => {
    const SAMPLES = 15;
    await withServer({ PASSWORD_SCRYPT_LOG_N: '17' }, async (t) => {
      const u = await registerUser(t);
      const timed = async (email: string) => {
        const start = performance.now();
        const r = await login(t, email, 'definitely not it');
        const ms = performance.now() - start;
        expect(reasonOf(r)).toBe('INVALID_CREDENTIALS');
        return ms;
      };
      // One of each first: connection set-up and JIT are not what we measure.
      await timed(u.email);
      await timed(uniqueEmail('ghost'));
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        // Interleaved and sequential: drift in machine load hits both series alike.
        known.push(await timed(u.email));
        unknown.push(await timed(uniqueEmail('ghost')));
      }
      const [a, b] = [median(known), median(unknown)];
      const ratio = Math.max(a, b) / Math.min(a, b);
      // eslint-disable-next-line no-console
      console.log(`login timing (scrypt N=2^17, ${SAMPLES} samples each): wrong password median ${a.toFixed(1)} ms, unknown email median ${b.toFixed(1)} ms, ratio ${ratio.toFixed(3)}`);
      expect(ratio).toBeLessThan(1.5);
    });
  }, 120_000);
});

describe('throttling: request shape (no database involved)', () => {
  it('the default MAX_ALIASES (15) rejects the 100-alias document before any attempt is made', async () => {
    await withServer({ LOGIN_LIMIT_PER_EMAIL: '1' }, async (t) => {
      expect(t.server.config.maxAliases).toBe(15);
      const u = await registerUser(t);
      const r = await t.gql(aliasedLogins(100), { e: u.email, p: 'guess' });
      expect(r.status).toBe(400);
      expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.body.data).toBeUndefined();
      // Nothing was executed, so nothing was counted: the single allowed attempt is still there.
      expect(reasonOf(await login(t, u.email, 'guess'))).toBe('INVALID_CREDENTIALS');
      expect(codeOf(await login(t, u.email, 'guess'))).toBe('RATE_LIMITED');
    });
  });

  it('16 aliases are over the default limit, 15 are not', async () => {
    await withServer({}, async (t) => {
      const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
      expect((await t.gql(aliases(15))).body.data.a14).toBe('Query');
      expect(codeOf(await t.gql(aliases(16)))).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  it('a batch (JSON array) of logins is refused whole: batching cannot multiply attempts', async () => {
    await withServer({ LOGIN_LIMIT_PER_EMAIL: '1' }, async (t) => {
      const u = await registerUser(t);
      const batch = Array.from({ length: 50 }, () => ({ query: LOGIN, variables: { email: u.email, password: 'guess' } }));
      const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
      expect(res.status).toBe(400);
      const body = (await res.json()) as any;
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(reasonOf(await login(t, u.email, 'guess'))).toBe('INVALID_CREDENTIALS');
    });
  });

  it('X-Forwarded-For is not trusted by default: spoofing it does not reset the per-address limit', async () => {
    await withServer({ LOGIN_LIMIT_PER_ADDRESS: '3' }, async (t) => {
      const seen: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await login(t, uniqueEmail('xff'), 'guess', { 'x-forwarded-for': `203.0.113.${i}` });
        seen.push(reasonOf(r) ?? codeOf(r));
      }
      expect(seen).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    });
  });
});

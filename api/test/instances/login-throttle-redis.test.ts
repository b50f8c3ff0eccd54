import Redis from 'ioredis';
import { LOGIN, codeOf, reasonOf, startTestServer, uniqueEmail, type TestServer } from '../support/server.js';
import { noteSkippedSuite } from '../support/databases.js';

const REDIS_URL = process.env.BATON_TEST_REDIS_URL?.trim() || undefined;
const SUITE = 'login throttling shared through Redis across instances';

/** Both servers allow 3 attempts per email per minute; the address limit stays out of the way. */
const LIMITS = { LOGIN_LIMIT_PER_EMAIL: '3', LOGIN_LIMIT_WINDOW: '60s' };

async function attempt(t: TestServer, email: string) {
  const r = await t.gql(LOGIN, { email, password: 'wrong password here' });
  return { status: r.status, code: codeOf(r), reason: reasonOf(r) };
}

if (!REDIS_URL) {
  noteSkippedSuite(SUITE, 'BATON_TEST_REDIS_URL is not set');
  describe.skip(`${SUITE} — SKIPPED: BATON_TEST_REDIS_URL is not set`, () => {
    it('runs with Redis', () => undefined);
  });
} else {
  describe(SUITE, () => {
    const servers: TestServer[] = [];
    let redis: Redis;
    beforeAll(() => {
      redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    });
    afterAll(async () => {
      for (const s of servers) await s.stop();
      redis?.disconnect();
    });
    const start = async (env: Record<string, string>) => {
      const t = await startTestServer({ ...LIMITS, ...env });
      servers.push(t);
      return t;
    };

    it('attempts at A and at B add up: the 4th attempt overall is refused, wherever it lands', async () => {
      const [a, b] = [await start({ REDIS_URL }), await start({ REDIS_URL })];
      const email = uniqueEmail('throttle');
      const results = [await attempt(a, email), await attempt(b, email), await attempt(a, email), await attempt(b, email), await attempt(a, email)];
      expect(results.slice(0, 3).map((r) => r.reason)).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
      expect(results.slice(3).map((r) => r.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
      expect(results.every((r) => r.status < 500)).toBe(true);
      // The count really lives in Redis (rate-limiter-flexible's key: prefix + ':' + key).
      expect(Number(await redis.get(`baton_login_email:${email}`))).toBeGreaterThanOrEqual(4);
      expect(await redis.pttl(`baton_login_email:${email}`)).toBeGreaterThan(0);
    });

    it('control: without REDIS_URL each instance counts alone, so the same pattern is never refused', async () => {
      const [a, b] = [await start({}), await start({})];
      const email = uniqueEmail('throttle-memory');
      const results = [await attempt(a, email), await attempt(b, email), await attempt(a, email), await attempt(b, email)];
      expect(results.map((r) => r.reason)).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
      expect(await redis.exists(`baton_login_email:${email}`)).toBe(0);
    });
  });
}

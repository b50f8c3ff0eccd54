import { LOGIN, codeOf, reasonOf, startTestServer, uniqueEmail, type TestServer } from '../support/server.js';
import { loadConfig } from '../../src/config/config.js';

/**
 * Behind a load balancer every request comes from the balancer's address;
 * TRUST_PROXY makes the per-address login limit see the real client
 * (X-Forwarded-For) — and without it a client cannot pick its address.
 */
describe('TRUST_PROXY behind a load balancer', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });
  const start = async (env: Record<string, string>) => {
    const t = await startTestServer({ LOGIN_LIMIT_PER_ADDRESS: '2', LOGIN_LIMIT_WINDOW: '60s', ...env });
    servers.push(t);
    return t;
  };
  const attemptFrom = async (t: TestServer, forwardedFor: string) => {
    const r = await t.gql(LOGIN, { email: uniqueEmail('proxy'), password: 'wrong password here' }, { headers: { 'x-forwarded-for': forwardedFor } });
    return codeOf(r) === 'RATE_LIMITED' ? 'RATE_LIMITED' : reasonOf(r);
  };

  it.each([
    ['false', false],
    ['1', 1],
    ['2', 2],
    ['true', true],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8, 127.0.0.1'],
  ])('TRUST_PROXY=%s is read as %p (hop counts are numbers, as Express needs)', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it('TRUST_PROXY=1: each forwarded client address has its own limit', async () => {
    const t = await start({ TRUST_PROXY: '1' });
    expect([await attemptFrom(t, '203.0.113.1'), await attemptFrom(t, '203.0.113.1'), await attemptFrom(t, '203.0.113.1')]).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'RATE_LIMITED',
    ]);
    expect(await attemptFrom(t, '203.0.113.2')).toBe('INVALID_CREDENTIALS');
    // With one hop, a client-supplied address in front of the balancer's entry is ignored.
    expect(await attemptFrom(t, '198.51.100.7, 203.0.113.1')).toBe('RATE_LIMITED');
  });

  it('TRUST_PROXY=true starts and serves (Express would throw on the string "true")', async () => {
    const t = await start({ TRUST_PROXY: 'true' });
    expect(await attemptFrom(t, '203.0.113.9')).toBe('INVALID_CREDENTIALS');
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: a client cannot dodge the limit by inventing addresses', async () => {
    const t = await start({});
    expect([await attemptFrom(t, '203.0.113.1'), await attemptFrom(t, '203.0.113.2'), await attemptFrom(t, '203.0.113.3')]).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'RATE_LIMITED',
    ]);
  });
});

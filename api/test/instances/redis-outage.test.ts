/**
 * Redis down: login must neither fail with an internal error nor go
 * unthrottled. The throttle falls back to this process's memory.
 */
import { freePort } from './processes.js';
import { LOGIN, REGISTER, startTestServer, uniqueEmail, type TestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  const deadPort = await freePort(); // nothing listens there
  t = await startTestServer({ REDIS_URL: `redis://127.0.0.1:${deadPort}/0`, LOGIN_LIMIT_PER_EMAIL: '3' });
});
afterAll(() => t.stop());

it('with Redis unreachable, sign-in still works and is still throttled (in memory)', async () => {
  const email = uniqueEmail();
  const registered = await t.gql(REGISTER, { email, password: 'correct horse battery' });
  expect(registered.body.data?.register?.accessToken).toBeTruthy();

  const ok = await t.gql(LOGIN, { email, password: 'correct horse battery' });
  expect(ok.body.errors).toBeUndefined();
  expect(ok.body.data.login.accessToken).toBeTruthy();

  const codes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await t.gql(LOGIN, { email, password: 'wrong password!' });
    codes.push(r.body.errors![0].extensions!.code);
  }
  expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
  expect(codes.slice(0, 3)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
  expect(codes.slice(3)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
});

/**
 * Round 3 — a token broadcast crossing this tab's logout (another tab's refresh
 * finished just as the user clicked "log out" here) must not sign this tab
 * back in: its `me` may only be asked once the server has revoked the session.
 */
import { TOKEN_TRANSPORT_HEADER } from '@baton/shared';
import { createBatonClient, createCoordinator, createTokenStore } from '../../src/index.js';
import { alice } from '../fake-api.js';
import { deferred, fakeChannelHub, fakeLock, scriptedLink, unauthenticated } from '../helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a token broadcast arriving while logout() is in flight does not sign the tab back in', async () => {
  const valid = new Set<string>(['t1', 'late-token']);
  let cookie = true;
  const logoutAnswer = deferred<void>();
  const { link } = scriptedLink(async (req) => {
    switch (req.operationName) {
      case 'BatonLogin':
        return { data: { login: { __typename: 'AuthPayload', accessToken: 't1', accessTokenExpiresAt: null, user: alice } } };
      case 'BatonLogout':
        await logoutAnswer.promise;
        cookie = false;
        valid.clear(); // the session is revoked: `me` checks that it is live
        return { data: { logout: true } };
      case 'BatonMe': {
        const token = req.authorization?.replace(/^Bearer /, '');
        return token && valid.has(token) ? { data: { me: alice } } : unauthenticated();
      }
      case 'BatonRefreshToken':
        return cookie && req.headers[TOKEN_TRANSPORT_HEADER] === 'cookie' ? { data: null, errors: [{ message: 'x' }] } : unauthenticated('REFRESH_TOKEN_INVALID');
      default:
        return { data: null, errors: [{ message: 'unknown' }] };
    }
  });
  const hub = fakeChannelHub();
  const lock = fakeLock();
  const tabB = createBatonClient({ link, coordination: { lock, channel: hub.connect() } });
  const tabA = createCoordinator({ store: createTokenStore(), lock, channel: hub.connect() });
  await tabB.login('alice@example.com', 'correct horse');

  const loggedOut = tabB.logout();
  tabA.publishToken('late-token'); // A's refresh result, sent before A saw B's logout
  await sleep(20);
  logoutAnswer.resolve();
  await loggedOut;
  await sleep(30);
  expect(tabB.getSession().status).toBe('signedOut');
  tabB.stop();
  tabA.close();
});

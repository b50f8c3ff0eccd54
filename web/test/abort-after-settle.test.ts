/** Logging out after a refresh has completed must not leave an unhandled rejection behind (it crashes Node servers). */
import { MeDocument, createBatonClient } from '../src/index.js';
import { fakeApi } from './fake-api.js';

test('logout after a completed refresh raises no unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const { api, link } = fakeApi();
    const baton = createBatonClient({ link, coordination: false, leewaySeconds: 0 });
    await baton.login('alice@example.com', 'correct horse');
    api.valid.clear(); // the access token is now rejected: the next query refreshes
    await baton.client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    expect(api.named('BatonRefreshToken')).toHaveLength(1);
    await baton.logout(); // aborts "the refresh in flight", which already settled
    await new Promise((r) => setTimeout(r, 20));
    expect(unhandled).toEqual([]);
    baton.stop();
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

/** Two tabs of one browser: `createBatonClient` instances sharing a lock and a broadcast channel. */
import { createBatonClient } from '../src/index.js';
import { alice, fakeApi } from './fake-api.js';
import { fakeChannelHub, fakeLock } from './helpers.js';

const until = async (check: () => boolean, ms = 1000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

test('signing in in one tab signs in a signed-out tab too (it adopts the token and loads `me`)', async () => {
  const { api, link } = fakeApi(); // one API, one cookie jar: same browser
  const hub = fakeChannelHub();
  const lock = fakeLock();
  const tabA = createBatonClient({ link, coordination: { lock, channel: hub.connect() } });
  const tabB = createBatonClient({ link, coordination: { lock, channel: hub.connect() } });
  await tabB.restore(); // nobody signed in yet
  expect(tabB.getSession().status).toBe('signedOut');

  await tabA.login('alice@example.com', 'correct horse');
  await until(() => tabB.getSession().status === 'signedIn');
  expect(tabB.getSession().user).toEqual(alice);
  expect(tabB.store.get()).toBe(tabA.store.get());
  expect(api.named('BatonMe').at(-1)!.authorization).toBe(`Bearer ${tabA.store.get()}`);

  // …and signing out in B signs A out.
  await tabB.logout();
  expect(tabA.getSession().status).toBe('signedOut');
  tabA.stop();
  tabB.stop();
});

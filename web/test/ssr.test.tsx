/** @jest-environment node */
import { renderToString } from 'react-dom/server';
import { createBatonClient } from '../src/index.js';
import { BatonProvider, useAuth } from '../src/react/index.js';
import { fakeApi } from './fake-api.js';

function Status() {
  const { status } = useAuth();
  return <p>status:{status}</p>;
}

describe('server rendering', () => {
  test('renderToString without window, navigator or BroadcastChannel neither throws nor sends requests', () => {
    expect(typeof window).toBe('undefined');
    const bc = jest.spyOn(globalThis as unknown as { BroadcastChannel: typeof BroadcastChannel }, 'BroadcastChannel');
    const { api, link } = fakeApi();
    const baton = createBatonClient({ link });
    const html = renderToString(
      <BatonProvider client={baton}>
        <Status />
      </BatonProvider>,
    );
    expect(html).toMatch(/status:(<!-- -->)?(loading|signedOut)/);
    expect(api.requests).toHaveLength(0); // the silent refresh runs in an effect, on the client only
    expect(bc).not.toHaveBeenCalled();
    baton.stop();
  });

  test('two clients rendered for two users on one server keep their sessions apart', async () => {
    const one = fakeApi();
    const two = fakeApi();
    const a = createBatonClient({ link: one.link });
    const b = createBatonClient({ link: two.link });
    await a.login('alice@example.com', 'correct horse');
    expect(b.store.get()).toBeNull();
    expect(b.getSession().status).toBe('loading');
    a.stop();
    b.stop();
  });
});

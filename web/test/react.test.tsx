/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { createBatonClient, MeDocument } from '../src/index.js';
import { BatonProvider, useAuth } from '../src/react/index.js';
import { fakeApi } from './fake-api.js';

function Status() {
  const { status, user, login, logout } = useAuth();
  return (
    <div>
      <p data-testid="status">{status}</p>
      <p data-testid="user">{user?.email ?? '-'}</p>
      <button onClick={() => void login('alice@example.com', 'correct horse')}>sign in</button>
      <button onClick={() => void logout()}>sign out</button>
    </div>
  );
}

function setup() {
  const { api, link } = fakeApi();
  const onSessionEnd = jest.fn();
  const baton = createBatonClient({ link, onSessionEnd });
  render(
    <BatonProvider client={baton}>
      <Status />
    </BatonProvider>,
  );
  return { api, baton, onSessionEnd };
}

describe('React bindings', () => {
  test('BatonProvider restores the session with a silent refresh: loading, then signedIn with me', async () => {
    const { api, link } = fakeApi();
    api.cookie = true;
    const baton = createBatonClient({ link });
    render(
      <BatonProvider client={baton}>
        <Status />
      </BatonProvider>,
    );
    expect(screen.getByTestId('status').textContent).toBe('loading');
    expect(await screen.findByText('signedIn')).toBeTruthy();
    expect(screen.getByTestId('user').textContent).toBe('alice@example.com');
    expect(api.requests.map((r) => r.operationName)).toEqual(['BatonRefreshToken', 'BatonMe']);
  });

  test('without a refresh cookie the provider settles signedOut, and login through useAuth signs in', async () => {
    setup();
    expect(await screen.findByText('signedOut')).toBeTruthy();
    fireEvent.click(screen.getByText('sign in'));
    expect(await screen.findByText('signedIn')).toBeTruthy();
    expect(screen.getByTestId('user').textContent).toBe('alice@example.com');
  });

  test('a failed refresh while signed in forces a logout: status signedOut, onSessionEnd called', async () => {
    const { api, baton, onSessionEnd } = setup();
    await screen.findByText('signedOut');
    fireEvent.click(screen.getByText('sign in'));
    await screen.findByText('signedIn');
    api.valid.clear(); // access token expired…
    api.cookie = false; // …and the refresh token was revoked
    await act(async () => {
      await baton.client.query({ query: MeDocument, fetchPolicy: 'network-only' }).catch(() => {});
    });
    expect(screen.getByTestId('status').textContent).toBe('signedOut');
    expect(screen.getByTestId('user').textContent).toBe('-');
    expect(onSessionEnd).toHaveBeenCalledWith(expect.objectContaining({ reason: 'refresh-failed' }));
  });

  test('logout through useAuth signs out', async () => {
    const { api } = setup();
    await screen.findByText('signedOut');
    fireEvent.click(screen.getByText('sign in'));
    await screen.findByText('signedIn');
    fireEvent.click(screen.getByText('sign out'));
    expect(await screen.findByText('signedOut')).toBeTruthy();
    expect(api.named('BatonLogout')).toHaveLength(1);
  });

  test('useAuth outside BatonProvider throws a clear error', () => {
    jest.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Status />)).toThrow(/BatonProvider/);
  });
});

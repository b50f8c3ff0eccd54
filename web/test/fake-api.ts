import { TOKEN_TRANSPORT_HEADER } from '@baton/shared';
import { deferred, scriptedLink, unauthenticated, type Deferred, type RecordedRequest } from './helpers.js';

export const alice = { __typename: 'User', id: 'u1', email: 'alice@example.com', role: 'USER', createdAt: '2025-01-01T00:00:00.000Z' };

const payload = (accessToken: string) => ({
  __typename: 'AuthPayload',
  accessToken,
  accessTokenExpiresAt: '2099-01-01T00:00:00.000Z',
  user: alice,
});

/**
 * A scripted stand-in for Baton's API, behind a terminating link: login,
 * register, refreshToken (cookie mode), logout and `me`. Tests flip its state.
 */
export function fakeApi() {
  const api = {
    /** Access tokens `me` accepts. */
    valid: new Set<string>(),
    /** Whether the refresh cookie works; `refreshToken` fails with UNAUTHENTICATED otherwise. */
    cookie: false,
    /** When set, the next refreshToken answer waits for this. */
    holdRefresh: null as Deferred<void> | null,
    issued: 0,
    requests: [] as RecordedRequest[],
    named: (name: string) => api.requests.filter((r) => r.operationName === name),
    hold() {
      api.holdRefresh = deferred<void>();
      return api.holdRefresh;
    },
  };
  const issue = () => {
    const token = `at-${++api.issued}`;
    api.valid.add(token);
    return token;
  };
  const { link, requests } = scriptedLink(async (req) => {
    switch (req.operationName) {
      case 'BatonLogin':
      case 'BatonRegister': {
        if (req.variables.password !== 'correct horse') {
          return { data: null, errors: [{ message: 'Invalid credentials', extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' } }] };
        }
        api.cookie = req.headers[TOKEN_TRANSPORT_HEADER] === 'cookie';
        const field = req.operationName === 'BatonLogin' ? 'login' : 'register';
        return { data: { [field]: payload(issue()) } };
      }
      case 'BatonRefreshToken': {
        const hold = api.holdRefresh;
        api.holdRefresh = null;
        if (hold) await hold.promise;
        if (!api.cookie || req.headers[TOKEN_TRANSPORT_HEADER] !== 'cookie') return unauthenticated('REFRESH_TOKEN_INVALID');
        return { data: { refreshToken: payload(issue()) } };
      }
      case 'BatonLogout':
        api.cookie = false;
        return { data: { logout: true } };
      case 'BatonMe': {
        const token = req.authorization?.replace(/^Bearer /, '');
        return token && api.valid.has(token) ? { data: { me: alice } } : unauthenticated();
      }
      default:
        return { data: null, errors: [{ message: `unknown operation ${req.operationName}` }] };
    }
  });
  api.requests = requests;
  return { api, link };
}

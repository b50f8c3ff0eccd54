/** AccessTokens: the verified-token cache must never outlive a token's validity. */
import { randomBytes } from 'node:crypto';
import { AccessTokens } from '../src/auth/access-tokens.js';
import { hmacKeyRing } from '../src/auth/signing-keys.js';

const tokens = new AccessTokens({ keys: hmacKeyRing(randomBytes(32).toString('base64url')), issuer: 'baton', audience: 'baton-api', ttlMs: 60_000, clockToleranceSec: 5 });
const subject = { userId: 'u1', sessionId: 's1', role: 'USER' as const };

it('a token verified once (and so cached) is refused as TOKEN_EXPIRED once its exp has passed', () => {
  const now = Date.now();
  const { token } = tokens.sign(subject, now);
  expect(tokens.verify(token, now)).toMatchObject({ ok: true, claims: { sub: 'u1', sid: 's1' } });
  expect(tokens.verify(token, now + 30_000)).toMatchObject({ ok: true }); // cache hit, still valid
  expect(tokens.verify(token, now + 60_000 + 6_000)).toEqual({ ok: false, reason: 'TOKEN_EXPIRED' });
});

it('within the clock leeway, a just-expired cached token still passes, as on first verification', () => {
  const now = Date.now();
  const { token } = tokens.sign(subject, now);
  tokens.verify(token, now);
  expect(tokens.verify(token, now + 61_000)).toMatchObject({ ok: true });
});

it('a token that fails verification is never cached: a forged copy stays invalid', () => {
  const { token } = tokens.sign(subject);
  const [h, p] = token.split('.');
  const forged = `${h}.${p}.${'A'.repeat(43)}`;
  expect(tokens.verify(forged)).toEqual({ ok: false, reason: 'TOKEN_INVALID' });
  expect(tokens.verify(forged)).toEqual({ ok: false, reason: 'TOKEN_INVALID' });
  expect(tokens.verify(token)).toMatchObject({ ok: true });
});

it('a token from another key ring is refused even when an identical-looking token is cached', () => {
  const other = new AccessTokens({ keys: hmacKeyRing(randomBytes(32).toString('base64url')), issuer: 'baton', audience: 'baton-api', ttlMs: 60_000, clockToleranceSec: 5 });
  const { token } = other.sign(subject);
  expect(tokens.verify(token)).toEqual({ ok: false, reason: 'TOKEN_INVALID' });
});

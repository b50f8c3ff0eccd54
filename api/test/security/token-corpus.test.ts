/**
 * A corpus of forged, damaged and misused tokens and Authorization headers.
 * Every one must end as UNAUTHENTICATED with Baton's own message: never a
 * 5xx, a stack trace or a JWT library's wording.
 */
import { createHmac, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { ME, registerUser, startTestServer, type GqlResponse, type TestServer } from '../support/server.js';
import { AUTH_MESSAGES, codeOf, expectNoLeak, rawGraphQL, reasonOf, refresh, strongSecrets } from './support.js';

const secrets = strongSecrets();
let t: TestServer;
let user: Awaited<ReturnType<typeof registerUser>>;
/** Claims of a genuine access token, the base every forgery starts from. */
let claims: Record<string, unknown>;
let kid: string;

beforeAll(async () => {
  t = await startTestServer(secrets);
  user = await registerUser(t);
  claims = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
  kid = JSON.parse(Buffer.from(user.accessToken.split('.')[0], 'base64url').toString()).kid;
});
afterAll(() => t.stop());

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** Builds a JWT by hand, so nothing stops us from making it wrong. */
function forge(header: Record<string, unknown>, payload: unknown, key = secrets.JWT_ACCESS_SECRET, hmacAlg = String(header.alg)): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const digest = HMAC[hmacAlg] ?? 'sha256';
  return `${input}.${createHmac(digest, key).update(input).digest('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);
const header = (extra: Record<string, unknown> = {}) => ({ alg: 'HS256', typ: 'at+jwt', kid, ...extra });
const payload = (extra: Record<string, unknown> = {}) => ({ ...claims, iat: now(), nbf: now(), exp: now() + 600, ...extra });
const without = (key: string) => {
  const copy: Record<string, unknown> = payload();
  delete copy[key];
  return copy;
};
const headerWithout = (key: string) => {
  const copy: Record<string, unknown> = header();
  delete copy[key];
  return copy;
};

/** An ES256 token signed with the attacker's own key, which it also embeds (CVE-2018-0114 style). */
function attackerEs256(): string {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const input = `${b64({ alg: 'ES256', typ: 'at+jwt', kid, jwk: publicKey.export({ format: 'jwk' }) })}.${b64(payload({ role: 'ADMIN' }))}`;
  return `${input}.${cryptoSign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

/**
 * [label, token factory] pairs; each token is sent as `Authorization: Bearer
 * <token>`. Factories, because the genuine token they start from exists only
 * once the server runs (after Jest has collected the test names).
 */
const valid = () => user.accessToken;
const part = (i: number) => () => user.accessToken.split('.')[i];
const [h, p, s] = [part(0), part(1), part(2)];
const TOKEN_CORPUS: Array<[string, () => string]> = [
  ['alg none, empty signature', () => `${b64({ alg: 'none', typ: 'at+jwt', kid })}.${b64(payload())}.`],
  ['alg None (capitalised)', () => `${b64({ alg: 'None', typ: 'at+jwt', kid })}.${b64(payload())}.`],
  ['alg none keeping a real signature', () => `${b64({ alg: 'none', typ: 'at+jwt', kid })}.${p()}.${s()}`],
  ['HS512 with the right secret', () => forge(header({ alg: 'HS512' }), payload())],
  ['HS384 with the right secret', () => forge(header({ alg: 'HS384' }), payload())],
  ['RS256 header, HMAC signature (algorithm confusion)', () => forge(header({ alg: 'RS256' }), payload(), secrets.JWT_ACCESS_SECRET, 'HS256')],
  ['ES256 with an embedded attacker jwk', () => attackerEs256()],
  ['tampered payload: role ADMIN, original signature', () => `${h()}.${b64({ ...claims, role: 'ADMIN' })}.${s()}`],
  ['tampered payload: another sub, original signature', () => `${h()}.${b64({ ...claims, sub: '00000000-0000-0000-0000-000000000000' })}.${s()}`],
  ['tampered header: kid changed, original signature', () => `${b64(header({ kid: 'other' }))}.${p()}.${s()}`],
  ['expired an hour ago', () => forge(header(), payload({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 }))],
  ['expired beyond the leeway (60 s)', () => forge(header(), payload({ exp: now() - 60 }))],
  ['not yet valid (nbf in an hour)', () => forge(header(), payload({ nbf: now() + 3600, exp: now() + 7200 }))],
  ['wrong iss', () => forge(header(), payload({ iss: 'evil' }))],
  ['wrong aud', () => forge(header(), payload({ aud: 'another-api' }))],
  ['no iss', () => forge(header(), without('iss'))],
  ['no aud', () => forge(header(), without('aud'))],
  ['no exp', () => forge(header(), without('exp'))],
  ['no nbf', () => forge(header(), without('nbf'))],
  ['no sid', () => forge(header(), without('sid'))],
  ['no sub', () => forge(header(), without('sub'))],
  ['exp as a string', () => forge(header(), payload({ exp: String(now() + 600) }))],
  ['unknown role', () => forge(header(), payload({ role: 'SUPERUSER' }))],
  ['typ JWT instead of at+jwt', () => forge(header({ typ: 'JWT' }), payload())],
  ['no typ', () => forge(headerWithout('typ'), payload())],
  ['unknown kid', () => forge(header({ kid: 'hs256-unknownkid00' }), payload())],
  ['no kid', () => forge(headerWithout('kid'), payload())],
  ['signed with the refresh secret (separate secrets per purpose)', () => forge(header(), payload(), secrets.REFRESH_TOKEN_SECRET)],
  ['signed with another random secret', () => forge(header(), payload(), 'x'.repeat(12) + Math.random())],
  ['truncated signature', () => valid().slice(0, -10)],
  ['signature removed', () => `${h()}.${p()}.`],
  ['two segments', () => `${h()}.${p()}`],
  ['four segments', () => `${valid()}.${s()}`],
  ['header not base64 JSON', () => `${b64('not json')}.${p()}.${s()}`],
  ['payload not JSON', () => forge(header(), 'not json at all')],
  ['payload a JSON array', () => forge(header(), [1, 2, 3])],
  ['payload a JSON string', () => forge(header(), '"just a string"')],
  ['oversized 16 KB token', () => forge(header(), payload({ pad: 'A'.repeat(16 * 1024) }))],
  ['a refresh token used as an access token', () => user.refreshToken],
  ['random garbage', () => 'garbage'],
];

/** [label, raw Authorization header lines] pairs, sent over a raw socket. */
const HEADER_CORPUS: Array<[string, () => string[]]> = [
  ['`Bearer` alone', () => ['Authorization: Bearer']],
  ['`Bearer ` with a trailing space', () => ['Authorization: Bearer ']],
  ['`Bearer a.b.c`', () => ['Authorization: Bearer a.b.c']],
  ['wrong signature', () => [`Authorization: Bearer ${valid().slice(0, valid().lastIndexOf('.') + 1)}${'A'.repeat(43)}`]],
  ['Basic credentials', () => ['Authorization: Basic dXNlcjpwYXNzd29yZA==']],
  ['another scheme with a valid token', () => [`Authorization: Token ${valid()}`]],
  ['a valid token without a scheme', () => [`Authorization: ${valid()}`]],
  ['two tokens in one header', () => [`Authorization: Bearer ${valid()} ${valid()}`]],
  ['duplicated Authorization header (both valid)', () => [`Authorization: Bearer ${valid()}`, `Authorization: Bearer ${valid()}`]],
  ['duplicated Authorization header (garbage first)', () => ['Authorization: Bearer a.b.c', `Authorization: Bearer ${valid()}`]],
  ['oversized 16 KB header', () => [`Authorization: Bearer ${'A'.repeat(8 * 1024)}.${'B'.repeat(8 * 1024)}.c`]],
  ['non-ASCII bytes', () => [`Authorization: Bearer ${valid().slice(0, 20)}é${valid().slice(21)}`]],
];

function expectRefused(r: { status: number; body: GqlResponse['body'] }) {
  expect(r.status).toBeLessThan(500);
  expect(r.body.data ?? null).toBeNull();
  expect(r.body.errors).toHaveLength(1);
  const [error] = r.body.errors!;
  expect(error.extensions?.code).toBe('UNAUTHENTICATED');
  expect(['TOKEN_INVALID', 'TOKEN_EXPIRED']).toContain(error.extensions?.reason);
  expect(AUTH_MESSAGES.has(error.message)).toBe(true);
  expect(Object.keys(error.extensions!).sort()).toEqual(['code', 'reason']);
  expectNoLeak(r.body);
}

describe('access-token corpus', () => {
  it('is large enough to mean something', () => {
    expect(TOKEN_CORPUS.length + HEADER_CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  it('the genuine token works (control: the corpus fails for its flaws, not by accident)', async () => {
    expect((await t.gql(ME, {}, { token: user.accessToken })).body.data.me.id).toBe(user.user.id);
    // Re-signed by hand with the right key and claims, a token is accepted:
    // the forge() helper itself is sound.
    expect((await t.gql(ME, {}, { token: forge(header(), payload()) })).body.data.me.id).toBe(user.user.id);
  });

  it('honours a small clock leeway: exp 2 s ago and nbf 2 s ahead are accepted', async () => {
    for (const token of [forge(header(), payload({ exp: now() - 2 })), forge(header(), payload({ nbf: now() + 2 }))]) {
      expect((await t.gql(ME, {}, { token })).body.data?.me?.id).toBe(user.user.id);
    }
  });

  it.each(TOKEN_CORPUS)('%s → UNAUTHENTICATED on me and sessions, no leak', async (label, make) => {
    const token = make();
    const me = await t.gql(ME, {}, { token });
    expectRefused(me);
    if (label.startsWith('expired')) expect(reasonOf(me)).toBe('TOKEN_EXPIRED');
    expectRefused(await t.gql('{ sessions { id } }', {}, { token }));
    // A field that needs no authentication still answers.
    expect((await t.gql('{ __typename }', {}, { token })).body).toEqual({ data: { __typename: 'Query' } });
  });

  it.each(HEADER_CORPUS)('header %s → UNAUTHENTICATED, never 500', async (_label, lines) => {
    const r = await rawGraphQL(t.server.port, ME, lines());
    expect(r.status).toBeLessThan(500);
    expectRefused({ status: r.status, body: JSON.parse(r.body) });
  });

  it('no Authorization header → UNAUTHENTICATED / TOKEN_MISSING', async () => {
    const r = await t.gql(ME);
    expect(r.status).toBeLessThan(500);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(reasonOf(r)).toBe('TOKEN_MISSING');
    expectNoLeak(r.body);
  });

  it('a bad token does not stop fields that need no authentication (login)', async () => {
    const r = await t.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', { e: user.email, p: user.password }, {
      headers: { authorization: 'Bearer a.b.c' },
    });
    expect(r.body.data.login.user.id).toBe(user.user.id);
  });

  it('a header far beyond any limit (64 KB) is refused by HTTP, not with a 500', async () => {
    const r = await rawGraphQL(t.server.port, ME, [`Authorization: Bearer ${'A'.repeat(64 * 1024)}`]);
    expect(r.status).toBe(431);
  });
});

describe('refresh-token corpus', () => {
  const REFRESH_CORPUS: Array<[string, () => string]> = [
    ['an access token used as a refresh token', () => user.accessToken],
    ['empty string', () => ''],
    ['one character short', () => user.refreshToken.slice(0, -1)],
    ['one character long', () => user.refreshToken + 'A'],
    ['one character changed', () => (user.refreshToken[0] === 'A' ? 'B' : 'A') + user.refreshToken.slice(1)],
    ['the SHA-256 of a real token (what the database stores)', () => 'f'.repeat(64)],
    ['non-base64url characters', () => '%'.repeat(43)],
    ['SQL', () => "' OR 1=1 --" + 'x'.repeat(32)],
    ['oversized', () => 'A'.repeat(16 * 1024)],
  ];

  it.each(REFRESH_CORPUS)('%s → UNAUTHENTICATED, no leak', async (_label, make) => {
    const r = await refresh(t, make());
    expect(r.status).toBeLessThan(500);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(AUTH_MESSAGES.has(r.body.errors![0].message)).toBe(true);
    expectNoLeak(r.body);
  });

  it('the genuine refresh token still works after the corpus (nothing above revoked it)', async () => {
    expect((await refresh(t, user.refreshToken)).body.data.refreshToken.user.id).toBe(user.user.id);
  });
});

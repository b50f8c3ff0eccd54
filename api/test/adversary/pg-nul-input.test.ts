/**
 * Adversary: bad input must never become INTERNAL_SERVER_ERROR (contract:
 * "Never a 500 … for bad input"). PostgreSQL refuses NUL (U+0000) in text
 * ("invalid byte sequence for encoding UTF8: 0x00"), and Baton passes the
 * raw email / session id straight to the database.
 *
 * Runs on PostgreSQL when BATON_TEST_POSTGRES_URL is set (skipped otherwise),
 * and on SQLite, where the same input must at least not create an account
 * whose email carries a control character.
 */
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

const LOGIN = 'mutation($e:String!,$p:String!){login(email:$e,password:$p){accessToken}}';
const REGISTER = 'mutation($e:String!,$p:String!){register(email:$e,password:$p){accessToken}}';
const REVOKE = 'mutation($id:ID!){revokeSession(id:$id)}';

describeEachDatabase('adversary: NUL bytes in arguments', (kind) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({}, kind);
  });
  afterAll(() => t.stop());

  it('login with a NUL in the email is INVALID_CREDENTIALS, not an internal error', async () => {
    const r = await t.gql(LOGIN, { e: 'vic\u0000tim@example.com', p: 'password123' });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.body.errors?.[0]?.extensions?.reason).toBe('INVALID_CREDENTIALS');
  });

  it('register with a NUL in the email is BAD_USER_INPUT (INVALID_EMAIL), not an internal error or an account', async () => {
    const r = await t.gql(REGISTER, { e: 'new\u0000user@example.com', p: 'password123' });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.body.errors?.[0]?.extensions?.reason).toBe('INVALID_EMAIL');
  });

  it('revokeSession with a NUL in the id is SESSION_NOT_FOUND, not an internal error', async () => {
    const reg = await t.gql('mutation{register(email:"nul-revoke@example.com",password:"password123"){accessToken}}');
    const token = reg.body.data.register.accessToken;
    const r = await t.gql(REVOKE, { id: 'abc\u0000def' }, { token });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.body.errors?.[0]?.extensions?.reason).toBe('SESSION_NOT_FOUND');
  });
});

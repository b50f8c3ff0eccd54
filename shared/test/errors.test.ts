import { ErrorCode, ErrorReason, CREDENTIAL_FIELDS } from '../src/index.js';

describe('shared contract', () => {
  it('every code and reason equals its own name (values are the wire format)', () => {
    for (const [k, v] of Object.entries({ ...ErrorCode, ...ErrorReason })) expect(v).toBe(k);
  });

  it('lists the credential mutations the link must never retry', () => {
    expect([...CREDENTIAL_FIELDS].sort()).toEqual(['login', 'logout', 'refreshToken', 'register']);
  });
});

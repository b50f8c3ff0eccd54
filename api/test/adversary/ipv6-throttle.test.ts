/**
 * Adversary: the per-address login limit is keyed by the exact address
 * string. An IPv6 client routinely owns a whole /64 (2^64 addresses), so
 * rotating the interface identifier resets the per-address budget on every
 * request: password spraying across many emails is unthrottled. IPv4-mapped
 * IPv6 (`::ffff:a.b.c.d`, what a dual-stack listener reports) and plain IPv4
 * must also share one bucket.
 */
import { LoginThrottle } from '../../src/security/login-throttle.js';

async function attempts(throttle: LoginThrottle, emailPrefix: string, addresses: string[]): Promise<number> {
  let limited = 0;
  for (const [i, address] of addresses.entries()) {
    try {
      await throttle.attempt(`${emailPrefix}${i}@example.com`, address);
    } catch {
      limited++;
    }
  }
  return limited;
}

describe('adversary: per-address throttle and IPv6', () => {
  it('addresses of one IPv6 /64 share the per-address budget', async () => {
    const throttle = new LoginThrottle({ perEmail: 10, perAddress: 5, windowMs: 60_000 });
    const addresses = Array.from({ length: 20 }, (_, i) => `2001:db8:1:2::${(i + 1).toString(16)}`);
    // 20 attempts (different emails) from 20 addresses of the same /64: 15 must be refused.
    expect(await attempts(throttle, 'spray', addresses)).toBe(15);
  });

  it('IPv4 and its IPv4-mapped IPv6 form share the per-address budget', async () => {
    const throttle = new LoginThrottle({ perEmail: 10, perAddress: 5, windowMs: 60_000 });
    const addresses = Array.from({ length: 10 }, (_, i) => (i % 2 ? '203.0.113.7' : '::ffff:203.0.113.7'));
    expect(await attempts(throttle, 'mapped', addresses)).toBe(5);
  });
});

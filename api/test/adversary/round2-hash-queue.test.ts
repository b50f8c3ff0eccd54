/**
 * Adversary round 2: the password-hashing queue (PASSWORD_HASH_CONCURRENCY,
 * then a queue of 100, then RATE_LIMITED) is one global FIFO shared by every
 * client. LOGIN_LIMIT_PER_ADDRESS (default 100 per 15 min) lets a single
 * address hold ~all of it: every other user's login then waits behind ~100
 * scrypts (15-30 s at N=2^17), and two addresses (two IPv4s, two IPv6 /64s)
 * overflow it so that every other login is refused with RATE_LIMITED.
 * Unit level (deterministic): the queue has no notion of who is waiting.
 * Fixed: each client (address bucket) may hold at most 10 places of the queue.
 */
import { PasswordHasher } from '../../src/auth/passwords.js';

describe('adversary round 2: hashing queue fairness', () => {
  test("a burst from attackers within their login budget does not refuse another user's login", async () => {
    const hasher = new PasswordHasher({ logN: 10, r: 8, p: 1 }, { concurrency: 1, maxQueue: 100, maxPerClient: 10 }); // the server's limits
    const victimHash = await hasher.hash('correct horse battery');
    // Two attacker addresses, 60 wrong-password logins each (within their 100 budget each).
    const burst = Array.from({ length: 120 }, (_, i) => hasher.verifyDummy('wrong password!', i % 2 ? 'attacker-a' : 'attacker-b').catch((e: unknown) => e));
    await new Promise((r) => setImmediate(r)); // the burst is queued
    const victim = hasher.verify('correct horse battery', victimHash, 'victim').catch((e: unknown) => e);
    await Promise.all(burst);
    await expect(victim).resolves.toBe(true);
  });
});

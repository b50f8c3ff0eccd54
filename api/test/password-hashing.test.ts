/**
 * Password hashing is capped in concurrency so a login flood cannot occupy
 * every libuv pool thread (which the SQLite driver shares) — see
 * docs/benchmarks.md, scenario 5.
 */
import { PasswordHasher } from '../src/auth/passwords.js';
import { QueueFullError, Semaphore } from '../src/security/semaphore.js';
import { RateLimitedError } from '../src/errors.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once, the rest in order', async () => {
    const semaphore = new Semaphore(2, 10);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        semaphore.run(async () => {
          peak = Math.max(peak, ++active);
          await tick();
          order.push(i);
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects at once when the queue is full, and frees slots after failures', async () => {
    const semaphore = new Semaphore(1, 1);
    const first = semaphore.run(async () => { await tick(); throw new Error('boom'); });
    const second = semaphore.run(async () => 'second');
    await expect(semaphore.run(async () => 'third')).rejects.toBeInstanceOf(QueueFullError);
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('second');
    await expect(semaphore.run(async () => 'later')).resolves.toBe('later');
  });
});

describe('PasswordHasher', () => {
  it('hashes and verifies, refusing a wrong password', async () => {
    const hasher = new PasswordHasher({ logN: 10, r: 8, p: 1 });
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^scrypt\$ln=10,r=8,p=1\$/);
    await expect(hasher.verify('correct horse battery', hash)).resolves.toBe(true);
    await expect(hasher.verify('wrong horse battery', hash)).resolves.toBe(false);
  });

  it('answers RATE_LIMITED when more hashes wait than the queue allows', async () => {
    const hasher = new PasswordHasher({ logN: 12, r: 8, p: 1 }, { concurrency: 1, maxQueue: 2 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => hasher.hash('some password')));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(RateLimitedError);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(2);
  });
});

describe('Semaphore per-key share', () => {
  it('refuses a key beyond maxPerKey while other keys still get in, and frees the share when tasks end', async () => {
    const semaphore = new Semaphore(1, 100, 2);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = semaphore.run(() => gate, 'a');
    const a2 = semaphore.run(async () => 'a2', 'a');
    await expect(semaphore.run(async () => 'a3', 'a')).rejects.toBeInstanceOf(QueueFullError);
    const b = semaphore.run(async () => 'b', 'b');
    release();
    await a1;
    await expect(a2).resolves.toBe('a2');
    await expect(b).resolves.toBe('b');
    await expect(semaphore.run(async () => 'a again', 'a')).resolves.toBe('a again');
  });
});

import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { RateLimitedError } from '../errors.js';
import { QueueFullError, Semaphore } from '../security/semaphore.js';

/** scrypt with a promise interface (node's is callback-only). Runs on libuv's pool, off the event loop. */
function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** scrypt parameters; OWASP's minimum is N=2^17, r=8, p=1. */
export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/** How many hashes may run at once and wait in line (see {@link PasswordHasher}). */
export interface HashingLimits {
  concurrency: number;
  maxQueue: number;
  /** Places (running or waiting) one client may hold, so no client can fill the queue alone. */
  maxPerClient?: number;
}

/** Node refuses scrypt above `maxmem` (32 MiB by default); N=2^17, r=8 needs 128 MiB. */
const maxmem = ({ logN, r }: ScryptParams) => 256 * r * 2 ** logN;

/**
 * Hashes and verifies passwords with scrypt. Hashes are self-describing
 * (`scrypt$ln=17,r=8,p=1$<salt>$<key>`), so raising the cost later keeps old
 * hashes verifiable.
 */
export class PasswordHasher {
  /**
   * Hash of a random password, verified against for unknown emails. Made at
   * construction so that even the *first* unknown-email login costs one
   * verification, not a hash plus a verification.
   */
  private readonly dummyHash: Promise<string>;
  /**
   * scrypt runs on libuv's thread pool, which the SQLite driver and DNS share.
   * Uncapped, a login flood fills every pool thread for hundreds of
   * milliseconds and every other request waits behind it (measured: `me`
   * p99 ×265). Capped, logins queue among themselves and the rest flows.
   */
  private readonly slots: Semaphore;

  constructor(private readonly params: ScryptParams, limits: HashingLimits = { concurrency: 1, maxQueue: 100, maxPerClient: 10 }) {
    this.slots = new Semaphore(limits.concurrency, limits.maxQueue, limits.maxPerClient ?? Infinity);
    this.dummyHash = this.hash(randomBytes(16).toString('hex'));
    this.dummyHash.catch(() => undefined); // awaited (and so reported) on first use
  }

  /** Hashes a password with a fresh random salt. `client` names who asked (for the per-client share of the queue). */
  async hash(password: string, client?: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const { logN, r, p } = this.params;
    const key = await this.limited(() => scrypt(password, salt, KEY_LENGTH, { N: 2 ** logN, r, p, maxmem: maxmem(this.params) }), client);
    return `scrypt$ln=${logN},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  /** True when `password` matches `encoded`; false for a mismatch or an unreadable hash. */
  async verify(password: string, encoded: string, client?: string): Promise<boolean> {
    const parsed = parseHash(encoded);
    if (!parsed) return false;
    const key = await this.limited(() =>
      scrypt(password, parsed.salt, parsed.key.length, {
        N: 2 ** parsed.params.logN, r: parsed.params.r, p: parsed.params.p, maxmem: maxmem(parsed.params),
      }),
      client,
    );
    return timingSafeEqual(key, parsed.key);
  }

  /** Runs one scrypt in a free slot; a full queue is back-pressure, answered as RATE_LIMITED. */
  private async limited(work: () => Promise<Buffer>, client?: string): Promise<Buffer> {
    try {
      return await this.slots.run(work, client);
    } catch (error) {
      if (error instanceof QueueFullError) throw new RateLimitedError(1);
      throw error;
    }
  }

  /**
   * Spends the same time as a real verification, for an unknown email: login
   * must not reveal which accounts exist by answering faster.
   */
  async verifyDummy(password: string, client?: string): Promise<false> {
    await this.verify(password, await this.dummyHash, client);
    return false;
  }
}

function parseHash(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const m = /^scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(encoded);
  if (!m) return undefined;
  return {
    params: { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) },
    salt: Buffer.from(m[4], 'base64'),
    key: Buffer.from(m[5], 'base64'),
  };
}

import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type Redis from 'ioredis';
import { isIPv6 } from 'node:net';
import { RateLimitedError } from '../errors.js';

/**
 * The per-address bucket of a client address. An IPv6 client usually holds a
 * whole /64, so counting each address apart would let it reset its budget at
 * will: IPv6 addresses count per /64. IPv4-mapped IPv6 (`::ffff:a.b.c.d`, what
 * a dual-stack listener reports) counts as the IPv4 address it carries.
 */
export function addressBucket(address: string): string {
  const bare = address.replace(/%.*$/, ''); // zone id (fe80::1%eth0)
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped) return mapped[1];
  if (!isIPv6(bare)) return address;
  const [head, tail = ''] = bare.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail only ever sits in the low 64 bits: drop it before padding.
  const rightGroups = right.flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const groups = bare.includes('::') ? [...left, ...Array(8 - left.length - rightGroups.length).fill('0'), ...rightGroups] : left;
  return groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':') + '::/64';
}

/** Limits of {@link LoginThrottle}. */
export interface LoginThrottleOptions {
  perEmail: number;
  perAddress: number;
  windowMs: number;
  /** A shared store for many instances; in-memory (one process) when absent. */
  redis?: Redis;
}

/**
 * Throttles sign-in attempts per email and per client address. Every
 * attempt is counted *before* the password is checked — each aliased `login`
 * field is its own attempt — so neither aliases nor parallel requests slip
 * through. A successful sign-in clears the email's count.
 */
export class LoginThrottle {
  private readonly byEmail: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(options: LoginThrottleOptions) {
    const duration = Math.max(1, Math.ceil(options.windowMs / 1000));
    const make = (keyPrefix: string, points: number) => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      // When Redis is unreachable, count in this process instead: sign-in
      // stays available and throttled (per instance) rather than failing.
      return options.redis
        ? new RateLimiterRedis({ storeClient: options.redis, keyPrefix, points, duration, insuranceLimiter: memory, rejectIfRedisNotReady: true })
        : memory;
    };
    this.byEmail = make('baton_login_email', options.perEmail);
    this.byAddress = make('baton_login_addr', options.perAddress);
  }

  /** Counts one attempt; throws {@link RateLimitedError} when either limit is exhausted. */
  async attempt(email: string, address: string): Promise<void> {
    try {
      await this.byAddress.consume(addressBucket(address));
      await this.byEmail.consume(email);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection; // the store failed: let the server mask and log it
    }
  }

  /** Forgets an email's failed attempts after it signed in. */
  async succeeded(email: string): Promise<void> {
    await this.byEmail.delete(email);
  }
}

import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type Redis from 'ioredis';
import { RateLimitedError } from '../errors.js';

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
    const make = (keyPrefix: string, points: number) =>
      options.redis
        ? new RateLimiterRedis({ storeClient: options.redis, keyPrefix, points, duration })
        : new RateLimiterMemory({ keyPrefix, points, duration });
    this.byEmail = make('baton_login_email', options.perEmail);
    this.byAddress = make('baton_login_addr', options.perAddress);
  }

  /** Counts one attempt; throws {@link RateLimitedError} when either limit is exhausted. */
  async attempt(email: string, address: string): Promise<void> {
    try {
      await this.byAddress.consume(address);
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

import type Redis from 'ioredis';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import type { Logger } from './logger.js';
import { AccessTokens } from './auth/access-tokens.js';
import { AccountService } from './auth/accounts.js';
import { PasswordHasher } from './auth/passwords.js';
import { SessionService } from './auth/sessions.js';
import { ecKeyRing, hmacKeyRing, type KeyRing } from './auth/signing-keys.js';
import type { Secrets } from './auth/secrets.js';
import { LoginThrottle } from './security/login-throttle.js';

/** Everything resolvers use, wired once at start. */
export interface Services {
  config: Config;
  logger: Logger;
  db: Database;
  keys: KeyRing;
  accessTokens: AccessTokens;
  sessions: SessionService;
  accounts: AccountService;
}

/** Wires the services from configuration, secrets and an open database. */
export function createServices(config: Config, secrets: Secrets, db: Database, logger: Logger, redis?: Redis): Services {
  const keys = config.jwtSigningKeys ? ecKeyRing(config.jwtSigningKeys) : hmacKeyRing(secrets.accessTokenSecret);
  const accessTokens = new AccessTokens({
    keys,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    ttlMs: config.accessTokenTtlMs,
    clockToleranceSec: config.jwtClockToleranceSec,
  });
  const sessions = new SessionService(db, {
    refreshTokenTtlMs: config.refreshTokenTtlMs,
    sessionMaxAgeMs: config.sessionMaxAgeMs,
    refreshGraceMs: config.refreshGraceMs,
    refreshTokenSecret: secrets.refreshTokenSecret,
  });
  const throttle = new LoginThrottle({
    perEmail: config.loginLimitPerEmail,
    perAddress: config.loginLimitPerAddress,
    windowMs: config.loginLimitWindowMs,
    redis,
  });
  const passwords = new PasswordHasher({ logN: config.scryptLogN, r: 8, p: 1 }, { concurrency: config.passwordHashConcurrency, maxQueue: 100, maxPerClient: config.passwordHashQueuePerClient });
  const accounts = new AccountService(db, passwords, sessions, accessTokens, throttle);
  return { config, logger, db, keys, accessTokens, sessions, accounts };
}

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, type Config } from '../config/config.js';
import type { Logger } from '../logger.js';

/** The two secrets Baton needs: one per purpose, so one leaking does not forge the other. */
export interface Secrets {
  /** HMAC key for HS256 access tokens (unused when asymmetric keys are configured). */
  accessTokenSecret: string;
  /** HMAC key deriving rotated refresh tokens. */
  refreshTokenSecret: string;
}

const MIN_SECRET_LENGTH = 32;
const KNOWN_WEAK = /^(secret|changeme|password|test|dev|default|example)/i;

/** Why a secret is too weak to sign with, or undefined when it is acceptable. */
export function secretWeakness(secret: string): string | undefined {
  if (secret.length < MIN_SECRET_LENGTH) return `shorter than ${MIN_SECRET_LENGTH} characters`;
  if (new Set(secret).size < 10) return 'too few distinct characters';
  if (KNOWN_WEAK.test(secret)) return 'a well-known placeholder';
  return undefined;
}

/**
 * Resolves the secrets. Production requires them from the environment and
 * refuses weak ones. Development generates them once and keeps them beside
 * the SQLite file (mode 0600), so tokens survive a restart; it warns, because
 * such a file must never be how a real deployment gets its keys.
 */
export function resolveSecrets(config: Config, logger: Logger): Secrets {
  const fromEnv = {
    JWT_ACCESS_SECRET: config.accessTokenSecret,
    REFRESH_TOKEN_SECRET: config.refreshTokenSecret,
  };
  // With asymmetric signing keys, the HMAC access secret is not used.
  const needed = config.jwtSigningKeys ? (['REFRESH_TOKEN_SECRET'] as const) : (['JWT_ACCESS_SECRET', 'REFRESH_TOKEN_SECRET'] as const);
  for (const name of needed) {
    const value = fromEnv[name];
    if (value === undefined) {
      if (config.production) throw new ConfigError(name, 'is required when NODE_ENV=production (32+ random characters, e.g. `openssl rand -base64 48`)');
      continue;
    }
    const weakness = secretWeakness(value);
    if (weakness && config.production) throw new ConfigError(name, `is too weak: ${weakness}`);
    if (weakness) logger.warn(`${name} is weak (${weakness}); production would refuse it`);
  }
  if (fromEnv.JWT_ACCESS_SECRET && fromEnv.JWT_ACCESS_SECRET === fromEnv.REFRESH_TOKEN_SECRET) {
    throw new ConfigError('REFRESH_TOKEN_SECRET', 'must differ from JWT_ACCESS_SECRET (one secret per purpose)');
  }
  const generated = fromEnv.JWT_ACCESS_SECRET && fromEnv.REFRESH_TOKEN_SECRET ? undefined : developmentSecrets(config, logger);
  return {
    accessTokenSecret: fromEnv.JWT_ACCESS_SECRET ?? generated!.accessTokenSecret,
    refreshTokenSecret: fromEnv.REFRESH_TOKEN_SECRET ?? generated!.refreshTokenSecret,
  };
}

function randomSecrets(): Secrets {
  return { accessTokenSecret: randomBytes(48).toString('base64url'), refreshTokenSecret: randomBytes(48).toString('base64url') };
}

function developmentSecrets(config: Config, logger: Logger): Secrets {
  const db = config.database;
  if (db.kind !== 'sqlite' || db.path === ':memory:') {
    logger.warn('no JWT_ACCESS_SECRET/REFRESH_TOKEN_SECRET: using random secrets for this process only (development)');
    return randomSecrets();
  }
  mkdirSync(dirname(db.path), { recursive: true });
  const file = join(dirname(db.path), 'baton-secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Secrets;
    if (stored.accessTokenSecret && stored.refreshTokenSecret) return stored;
  }
  const secrets = randomSecrets();
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  logger.warn(`development secrets generated in ${file}; set JWT_ACCESS_SECRET and REFRESH_TOKEN_SECRET in production`);
  return secrets;
}

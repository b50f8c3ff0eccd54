import { availableParallelism } from 'node:os';
import { parseDuration } from './duration.js';

/** A configuration variable is missing or invalid. The message names it. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Where the data lives, parsed from `DATABASE_URL`. */
export type DatabaseTarget =
  | { kind: 'sqlite'; path: string } // path ':memory:' for an in-memory database
  | { kind: 'postgres'; url: string };

/** Baton's validated configuration. Build it with {@link loadConfig}. */
export interface Config {
  production: boolean;
  port: number;
  host: string;
  database: DatabaseTarget;
  /** Connections in the PostgreSQL pool. */
  databasePoolSize: number;
  /** Run pending migrations when the server starts. */
  migrateOnStart: boolean;
  accessTokenTtlMs: number;
  /** Idle lifetime of a refresh token: unused this long, it expires. */
  refreshTokenTtlMs: number;
  /** Absolute lifetime of a session (refresh-token family) from login. */
  sessionMaxAgeMs: number;
  /** How long a just-rotated refresh token still gets the same successor (0 disables). */
  refreshGraceMs: number;
  /** Secrets from the environment; missing ones are generated in development (see auth/secrets). */
  accessTokenSecret?: string;
  refreshTokenSecret?: string;
  /** PEM private keys (ES256), newest first, for asymmetric signing; see docs/deploy.md. */
  jwtSigningKeys?: string;
  jwtIssuer: string;
  jwtAudience: string;
  jwtClockToleranceSec: number;
  /** log2 of scrypt's N for password hashing (OWASP: 17). */
  scryptLogN: number;
  /** Password hashes computed at once (libuv's pool is shared with the database driver). */
  passwordHashConcurrency: number;
  /** Places in the hashing queue (running or waiting) one client address may hold. */
  passwordHashQueuePerClient: number;
  corsOrigins: string[];
  cookieSecure: boolean;
  /** Express `trust proxy` setting, so the client address is right behind a proxy: false, true (any), a hop count, or addresses/subnets. */
  trustProxy: boolean | number | string;
  loginLimitPerEmail: number;
  loginLimitPerAddress: number;
  loginLimitWindowMs: number;
  redisUrl?: string;
  maxQueryDepth: number;
  maxAliases: number;
  /** Documents with more lexical tokens are refused before parsing finishes (validation cost grows with size). */
  maxQueryTokens: number;
  bodyLimitBytes: number;
  introspection: boolean;
  sandbox: boolean;
  exposeStackTraces: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

type Env = Record<string, string | undefined>;

/** Reads one variable with a parser; a parse failure names the variable. */
function read<T>(env: Env, name: string, fallback: T, parse: (raw: string) => T | undefined, expected: string): T {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = parse(raw.trim());
  if (value === undefined) throw new ConfigError(name, `expected ${expected}, got ${JSON.stringify(raw)}`);
  return value;
}

const integer = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
};
const boolean = (raw: string) => ({ true: true, '1': true, yes: true, false: false, '0': false, no: false })[raw.toLowerCase()];
const duration = (raw: string) => parseDuration(raw);
const positiveDuration = (raw: string) => {
  const ms = parseDuration(raw);
  return ms !== undefined && ms > 0 ? ms : undefined;
};

/** Parses `DATABASE_URL`: `sqlite:<path>`, `sqlite::memory:` or `postgres://…`. */
function parseDatabaseUrl(raw: string): DatabaseTarget | undefined {
  if (/^postgres(ql)?:\/\//.test(raw)) return { kind: 'postgres', url: raw };
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/.exec(raw);
  if (sqlite) return { kind: 'sqlite', path: sqlite[1] };
  return undefined;
}

/**
 * `TRUST_PROXY` in the form Express needs: a boolean or a hop count must
 * not stay a string — Express reads `"true"` as an address (and throws) and
 * `"1"` as the address 0.0.0.1.
 */
function parseTrustProxy(raw: string): Config['trustProxy'] {
  // Digits first: `1` means one proxy hop (the safe setting behind one load
  // balancer), not `true`, which trusts a client-supplied X-Forwarded-For.
  if (/^\d+$/.test(raw)) return Number(raw);
  const flag = boolean(raw);
  return flag ?? raw;
}

function parseSize(raw: string): number | undefined {
  const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw);
  if (!m) return undefined;
  const factor = { b: 1, kb: 1024, mb: 1024 * 1024 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Number(m[1]) * factor;
}

/**
 * Builds and validates the configuration from environment variables.
 * Every variable is documented in the README; an invalid one throws a
 * {@link ConfigError} naming it, so the server never starts half-configured.
 */
export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const config: Config = {
    production,
    port: read(env, 'PORT', 4000, integer(0, 65535), 'a port number 0-65535'),
    // Loopback in development: a dev server is not exposed to the network by accident.
    host: env.HOST?.trim() || (production ? '0.0.0.0' : '127.0.0.1'),
    database: read(env, 'DATABASE_URL', { kind: 'sqlite', path: './data/baton.sqlite' } as DatabaseTarget, parseDatabaseUrl, 'sqlite:<path>, sqlite::memory: or postgres://…'),
    databasePoolSize: read(env, 'DATABASE_POOL_SIZE', 10, integer(1, 1000), 'an integer 1-1000'),
    migrateOnStart: read(env, 'MIGRATE_ON_START', true, boolean, 'true or false'),
    accessTokenTtlMs: read(env, 'ACCESS_TOKEN_TTL', 15 * 60_000, positiveDuration, 'a duration like 15m'),
    refreshTokenTtlMs: read(env, 'REFRESH_TOKEN_TTL', 30 * 86_400_000, positiveDuration, 'a duration like 30d'),
    sessionMaxAgeMs: read(env, 'SESSION_MAX_AGE', 90 * 86_400_000, positiveDuration, 'a duration like 90d'),
    refreshGraceMs: read(env, 'REFRESH_GRACE_PERIOD', 5_000, duration, 'a duration like 5s (0 disables)'),
    accessTokenSecret: env.JWT_ACCESS_SECRET || undefined,
    refreshTokenSecret: env.REFRESH_TOKEN_SECRET || undefined,
    jwtSigningKeys: env.JWT_SIGNING_KEYS || undefined,
    jwtIssuer: env.JWT_ISSUER?.trim() || 'baton',
    jwtAudience: env.JWT_AUDIENCE?.trim() || 'baton-api',
    jwtClockToleranceSec: read(env, 'JWT_CLOCK_TOLERANCE', 5, (r) => { const ms = parseDuration(r); return ms !== undefined && ms <= 300_000 ? Math.round(ms / 1000) : undefined; }, 'a duration up to 5m'),
    passwordHashQueuePerClient: read(env, 'PASSWORD_HASH_QUEUE_PER_CLIENT', 10, integer(1, 100), 'an integer 1-100'),
    passwordHashConcurrency: read(env, 'PASSWORD_HASH_CONCURRENCY', Math.max(1, Math.min(availableParallelism() - 1, 3)), integer(1, 64), 'an integer 1-64'),
    scryptLogN: read(env, 'PASSWORD_SCRYPT_LOG_N', 17, integer(10, 20), 'an integer 10-20 (OWASP: 17)'),
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    cookieSecure: read(env, 'COOKIE_SECURE', production, boolean, 'true or false'),
    trustProxy: read(env, 'TRUST_PROXY', false as Config['trustProxy'], parseTrustProxy, 'false, true, a hop count or a subnet list'),
    loginLimitPerEmail: read(env, 'LOGIN_LIMIT_PER_EMAIL', 10, integer(1, 1_000_000), 'a positive integer'),
    loginLimitPerAddress: read(env, 'LOGIN_LIMIT_PER_ADDRESS', 100, integer(1, 1_000_000), 'a positive integer'),
    loginLimitWindowMs: read(env, 'LOGIN_LIMIT_WINDOW', 15 * 60_000, positiveDuration, 'a duration like 15m'),
    redisUrl: env.REDIS_URL || undefined,
    maxQueryDepth: read(env, 'MAX_QUERY_DEPTH', 10, integer(1, 100), 'an integer 1-100'),
    maxAliases: read(env, 'MAX_ALIASES', 15, integer(0, 10_000), 'an integer 0-10000'),
    maxQueryTokens: read(env, 'MAX_QUERY_TOKENS', 5_000, integer(100, 1_000_000), 'an integer 100-1000000'),
    bodyLimitBytes: read(env, 'BODY_LIMIT', 100 * 1024, parseSize, 'a size like 100kb'),
    introspection: read(env, 'GRAPHQL_INTROSPECTION', !production, boolean, 'true or false'),
    sandbox: read(env, 'GRAPHQL_SANDBOX', !production, boolean, 'true or false'),
    exposeStackTraces: read(env, 'EXPOSE_STACK_TRACES', false, boolean, 'true or false'),
    logLevel: read(env, 'LOG_LEVEL', 'info' as Config['logLevel'], (r) => (['debug', 'info', 'warn', 'error', 'silent'].includes(r) ? (r as Config['logLevel']) : undefined), 'debug, info, warn, error or silent'),
  };
  if (production && config.scryptLogN < 17) throw new ConfigError('PASSWORD_SCRYPT_LOG_N', 'must be at least 17 in production (OWASP)');
  if (config.sessionMaxAgeMs < config.accessTokenTtlMs) throw new ConfigError('SESSION_MAX_AGE', 'must be longer than ACCESS_TOKEN_TTL');
  return config;
}

/**
 * Settings that weaken security, as human-readable warnings. The server logs
 * each at start so an insecure deployment is loud, never silent.
 */
export function insecureSettings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.exposeStackTraces) warnings.push('EXPOSE_STACK_TRACES=true: stack traces are sent to clients');
  if (config.production && !config.cookieSecure) warnings.push('COOKIE_SECURE=false in production: refresh cookies travel over plain HTTP');
  if (config.production && config.introspection) warnings.push('GRAPHQL_INTROSPECTION=true in production');
  if (config.production && config.sandbox) warnings.push('GRAPHQL_SANDBOX=true in production');
  if (config.production && config.refreshGraceMs > 60_000) warnings.push('REFRESH_GRACE_PERIOD over 1m: a stolen refresh token stays usable that long after rotation');
  return warnings;
}

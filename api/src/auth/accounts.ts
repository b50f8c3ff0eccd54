import { randomUUID } from 'node:crypto';
import { ErrorReason, type Role } from '@baton/shared';
import type { Database } from '../db/database.js';
import { UserEntity } from '../db/entities/user.entity.js';
import { AuthenticationError, InputError } from '../errors.js';
import { addressBucket, type LoginThrottle } from '../security/login-throttle.js';
import type { AccessTokens } from './access-tokens.js';
import type { PasswordHasher } from './passwords.js';
import type { ClientInfo, IssuedRefreshToken, SessionService } from './sessions.js';

/** What a successful sign-in, registration or refresh yields. */
export interface AuthResult {
  user: UserEntity;
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

const EMAIL = /^[^\s@\u0000-\u001f\u007f]+@[^\s@.\u0000-\u001f\u007f]+(\.[^\s@.\u0000-\u001f\u007f]+)+$/;
/** Control characters: never part of an email, and PostgreSQL refuses NUL in text outright. */
const CONTROL = /[\u0000-\u001f\u007f]/;
const MIN_PASSWORD = 8;
const MAX_PASSWORD = 128;

/** Trims and lower-cases an email so one address is one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function assertValidEmail(email: string): void {
  if (email.length > 254 || !EMAIL.test(email)) throw new InputError(ErrorReason.INVALID_EMAIL, 'email', 'Enter a valid email address.');
}

function assertValidPassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
    throw new InputError(ErrorReason.INVALID_PASSWORD, field, `The password must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters long.`);
  }
}

/** Who is calling, as the HTTP layer resolved it (see GraphQLContext.client). */
export interface Caller {
  address: string;
  userAgent?: string | null;
}

/** What a new session records about its client: the user agent and the address it signed in from. */
function clientInfo(caller: Caller): ClientInfo {
  return { userAgent: caller.userAgent ?? null, ipAddress: caller.address };
}

/** True for a unique-constraint violation on SQLite or PostgreSQL. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT';
}

/** Accounts: registration, sign-in, refresh and password change, each ending in fresh tokens. */
export class AccountService {
  constructor(
    private readonly db: Database,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly accessTokens: AccessTokens,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Creates an account and signs it in. */
  async register(rawEmail: string, password: string, client: Caller): Promise<AuthResult> {
    const email = normalizeEmail(rawEmail);
    assertValidEmail(email);
    assertValidPassword(password);
    await this.throttle.attempt(email, client.address);
    const user = Object.assign(new UserEntity(), {
      id: randomUUID(),
      email,
      passwordHash: await this.passwords.hash(password, addressBucket(client.address)),
      role: 'USER' as Role,
      createdAt: new Date(),
    });
    try {
      await this.db.write((m) => m.insert(UserEntity, user));
    } catch (error) {
      if (isUniqueViolation(error)) throw new InputError(ErrorReason.EMAIL_TAKEN, 'email', 'An account with this email already exists.');
      throw error;
    }
    // The attempt counted against the address (mass sign-ups); the new
    // account's own sign-in budget starts full, as after a successful login.
    await this.throttle.succeeded(email);
    return this.issue(user, await this.sessions.start(user.id, clientInfo(client)));
  }

  /**
   * Signs in. Unknown email and wrong password fail identically — same code,
   * reason, message, and a full password hash either way — so the answer
   * reveals nothing about which accounts exist.
   */
  async login(rawEmail: string, password: string, client: Caller): Promise<AuthResult> {
    const email = normalizeEmail(rawEmail);
    await this.throttle.attempt(email, client.address);
    const user = email.length <= 254 && !CONTROL.test(email) ? await this.db.users.findOneBy({ email }) : null;
    const ok = user && password.length <= MAX_PASSWORD
      ? await this.passwords.verify(password, user.passwordHash, addressBucket(client.address))
      : await this.passwords.verifyDummy(password.slice(0, MAX_PASSWORD), addressBucket(client.address));
    if (!ok || !user) throw new AuthenticationError(ErrorReason.INVALID_CREDENTIALS);
    await this.throttle.succeeded(email);
    return this.issue(user, await this.sessions.start(user.id, clientInfo(client)));
  }

  /** Rotates a refresh token (see {@link SessionService.rotate}) and issues a new access token. */
  async refresh(refreshToken: string): Promise<AuthResult> {
    const issued = await this.sessions.rotate(refreshToken);
    const user = await this.db.users.findOneBy({ id: issued.userId });
    if (!user) throw new AuthenticationError(ErrorReason.REFRESH_TOKEN_INVALID);
    return this.issue(user, issued);
  }

  /**
   * Changes the password after checking the current one, ends every session
   * of the user (a thief's included) and starts a fresh one for the caller.
   * Attempts are throttled like sign-ins: a stolen access token must not be
   * a way to brute-force the current password.
   */
  async changePassword(userId: string, current: string, next: string, client: Caller): Promise<AuthResult> {
    assertValidPassword(next, 'newPassword');
    const user = await this.db.users.findOneBy({ id: userId });
    if (!user) throw new AuthenticationError(ErrorReason.INVALID_CREDENTIALS);
    await this.throttle.attempt(user.email, client.address);
    if (!(await this.passwords.verify(current, user.passwordHash, addressBucket(client.address)))) {
      throw new AuthenticationError(ErrorReason.INVALID_CREDENTIALS);
    }
    await this.throttle.succeeded(user.email);
    user.passwordHash = await this.passwords.hash(next, addressBucket(client.address));
    // One transaction: the new password never exists alongside a surviving
    // session, and a failure leaves both the old password and sessions intact.
    await this.db.write(async (m) => {
      await m.update(UserEntity, { id: user.id }, { passwordHash: user.passwordHash });
      await this.sessions.revokeAllIn(m, user.id, 'PASSWORD_CHANGED');
    });
    return this.issue(user, await this.sessions.start(user.id, clientInfo(client)));
  }

  private issue(user: UserEntity, session: IssuedRefreshToken): AuthResult {
    const access = this.accessTokens.sign({ userId: user.id, sessionId: session.sessionId, role: user.role });
    return {
      user,
      sessionId: session.sessionId,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: session.refreshToken,
      refreshTokenExpiresAt: session.expiresAt,
    };
  }
}

import { randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { ErrorReason } from '@baton/shared';
import type { Database } from '../db/database.js';
import { SessionEntity } from '../db/entities/session.entity.js';
import { UserEntity } from '../db/entities/user.entity.js';
import { RefreshTokenEntity } from '../db/entities/refresh-token.entity.js';
import { AuthenticationError } from '../errors.js';
import { deriveSuccessor, generateRefreshToken, hashRefreshToken, looksLikeRefreshToken } from './refresh-tokens.js';

/** Lifetimes and the grace window of refresh tokens. */
export interface SessionPolicy {
  refreshTokenTtlMs: number;
  sessionMaxAgeMs: number;
  refreshGraceMs: number;
  refreshTokenSecret: string;
}

/** Who is signing in, for the session list. */
export interface ClientInfo {
  userAgent?: string | null;
  ipAddress?: string | null;
}

/** A refresh token handed to the client, with its session. */
export interface IssuedRefreshToken {
  sessionId: string;
  userId: string;
  refreshToken: string;
  expiresAt: Date;
}

/** Inside a rotation's transaction: the session and successor's expiry, or why it failed. */
type RotationOutcome = { error: ErrorReason } | { session: SessionEntity; expiresAt: Date; refreshToken: string };

/** Why a session was revoked (stored in `sessions.revoked_reason`). */
export type RevocationReason = 'LOGOUT' | 'LOGOUT_ALL' | 'REVOKED' | 'REUSE' | 'PASSWORD_CHANGED';

/**
 * Sessions and their refresh-token families: sign-in, rotation with reuse
 * detection and a grace window, revocation. All rules of docs/security.md
 * that touch the database live here.
 */
export class SessionService {
  constructor(private readonly db: Database, private readonly policy: SessionPolicy) {}

  /** Starts a session (a new token family) for a user who just proved who they are. */
  async start(userId: string, client: ClientInfo, now = new Date()): Promise<IssuedRefreshToken> {
    const session = Object.assign(new SessionEntity(), {
      id: randomUUID(),
      userId,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.policy.sessionMaxAgeMs),
      revokedAt: null,
      revokedReason: null,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      ipAddress: client.ipAddress?.slice(0, 64) ?? null,
    });
    const refreshToken = generateRefreshToken();
    const row = this.tokenRow(session, hashRefreshToken(refreshToken), now);
    await this.db.write(async (m) => {
      await m.insert(SessionEntity, session);
      await m.insert(RefreshTokenEntity, row);
    });
    return { sessionId: session.id, userId, refreshToken, expiresAt: row.expiresAt };
  }

  /**
   * Exchanges a refresh token for its successor.
   *
   * - The rotation is a conditional update (`rotated_at IS NULL`), so of any
   *   number of simultaneous calls — on any number of instances — exactly one
   *   rotates.
   * - The others, and any replay of the predecessor within the grace window
   *   while the successor is still unused, get the same successor back.
   * - Any other presentation of a rotated token is theft: the whole family is
   *   revoked and `REFRESH_TOKEN_REUSED` returned.
   */
  async rotate(presented: string, now = new Date()): Promise<IssuedRefreshToken> {
    if (!looksLikeRefreshToken(presented)) throw new AuthenticationError(ErrorReason.REFRESH_TOKEN_INVALID);
    const tokenHash = hashRefreshToken(presented);

    const outcome = await this.db.write(async (m): Promise<RotationOutcome> => {
      const token = await m.findOneBy(RefreshTokenEntity, { tokenHash });
      if (!token) return { error: ErrorReason.REFRESH_TOKEN_INVALID } as const;
      // Salted with the row's random id, which only the database knows: the
      // secret plus an old token is not enough to compute later tokens.
      const successor = deriveSuccessor(presented, token.id, this.policy.refreshTokenSecret);
      const successorHash = hashRefreshToken(successor);
      const session = await m.findOneByOrFail(SessionEntity, { id: token.sessionId });
      const unusable = this.sessionUnusableReason(session, now);
      if (unusable) return { error: unusable } as const;

      if (token.rotatedAt === null) {
        // Idle expiry applies to the live token only: a *rotated* token is
        // never legitimately presented after the grace window, however old it
        // is, so it must still reach the reuse check below and revoke the family.
        if (token.expiresAt <= now) return { error: ErrorReason.REFRESH_TOKEN_EXPIRED } as const;
        const claimed = await m.update(
          RefreshTokenEntity,
          { id: token.id, rotatedAt: IsNull() },
          { rotatedAt: now, successorHash },
        );
        if (claimed.affected === 1) {
          const next = this.tokenRow(session, successorHash, now);
          await m.insert(RefreshTokenEntity, next);
          await m.update(SessionEntity, { id: session.id }, { lastUsedAt: now });
          return { session, expiresAt: next.expiresAt, refreshToken: successor } as const;
        }
        // Lost the race: another request rotated it between our read and update.
        Object.assign(token, await m.findOneByOrFail(RefreshTokenEntity, { id: token.id }));
      }
      return this.replay(m, session, token, successor, now);
    });

    if ('error' in outcome) throw new AuthenticationError(outcome.error);
    return { sessionId: outcome.session.id, userId: outcome.session.userId, refreshToken: outcome.refreshToken, expiresAt: outcome.expiresAt };
  }

  /** A rotated token presented again: the grace answer, or theft. */
  private async replay(m: EntityManager, session: SessionEntity, token: RefreshTokenEntity, successor: string, now: Date): Promise<RotationOutcome> {
    const successorHash = hashRefreshToken(successor);
    // `now` was read before this transaction, so a request that lost the race
    // may hold a `now` older than the winner's `rotatedAt` (PostgreSQL: no
    // in-process lock orders the transactions). A negative age is inside any
    // window of positive length; REFRESH_GRACE_PERIOD=0 means no window at all.
    const withinGrace =
      this.policy.refreshGraceMs > 0 && token.rotatedAt !== null && now.getTime() - token.rotatedAt.getTime() <= this.policy.refreshGraceMs;
    if (withinGrace && token.successorHash === successorHash) {
      const next = await m.findOneBy(RefreshTokenEntity, { tokenHash: successorHash });
      // Only the immediate predecessor of the live (unexpired) token gets the grace answer.
      if (next && next.rotatedAt === null && next.expiresAt > now) return { session, expiresAt: next.expiresAt, refreshToken: successor } as const;
    }
    await this.revokeIn(m, session.id, 'REUSE', now);
    return { error: ErrorReason.REFRESH_TOKEN_REUSED } as const;
  }

  /** Why no token of this session can be used (revoked, or past its absolute end), if so. */
  private sessionUnusableReason(session: SessionEntity, now: Date): ErrorReason | undefined {
    if (session.revokedAt) return ErrorReason.REFRESH_TOKEN_INVALID;
    if (session.expiresAt <= now) return ErrorReason.REFRESH_TOKEN_EXPIRED;
    return undefined;
  }

  private tokenRow(session: SessionEntity, tokenHash: string, now: Date): RefreshTokenEntity {
    const idleEnd = now.getTime() + this.policy.refreshTokenTtlMs;
    return Object.assign(new RefreshTokenEntity(), {
      id: randomUUID(),
      sessionId: session.id,
      tokenHash,
      createdAt: now,
      expiresAt: new Date(Math.min(idleEnd, session.expiresAt.getTime())),
      rotatedAt: null,
      successorHash: null,
    });
  }

  /** Revokes the session a refresh token belongs to (logout). Returns its id, or undefined when unknown. */
  async revokeByToken(presented: string, reason: RevocationReason = 'LOGOUT'): Promise<string | undefined> {
    if (!looksLikeRefreshToken(presented)) return undefined;
    const token = await this.db.refreshTokens.findOneBy({ tokenHash: hashRefreshToken(presented) });
    if (!token) return undefined;
    await this.revoke(token.sessionId, reason);
    return token.sessionId;
  }

  /** Revokes one session; true when it was live. */
  revoke(sessionId: string, reason: RevocationReason, now = new Date()): Promise<boolean> {
    return this.db.write((m) => this.revokeIn(m, sessionId, reason, now));
  }

  private async revokeIn(m: EntityManager, sessionId: string, reason: RevocationReason, now: Date): Promise<boolean> {
    const result = await m.update(SessionEntity, { id: sessionId, revokedAt: IsNull() }, { revokedAt: now, revokedReason: reason });
    return result.affected === 1;
  }

  /** Revokes every live session of a user except `keep`; returns how many. */
  async revokeAllOf(userId: string, reason: RevocationReason, keep?: string, now = new Date()): Promise<number> {
    return this.db.write((m) => this.revokeAllIn(m, userId, reason, keep, now));
  }

  /**
   * {@link revokeAllOf} inside a caller's transaction, so a change that must
   * end every session (a new password) commits together with the revocation.
   */
  async revokeAllIn(m: EntityManager, userId: string, reason: RevocationReason, keep?: string, now = new Date()): Promise<number> {
    const qb = m
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: now, revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (keep) qb.andWhere('id != :keep', { keep });
    return (await qb.execute()).affected ?? 0;
  }

  /** True when the session exists, is not revoked and has not reached its absolute end. */
  async isLive(sessionId: string, now = new Date()): Promise<boolean> {
    const session = await this.db.sessions.findOneBy({ id: sessionId });
    return !!session && !session.revokedAt && session.expiresAt > now;
  }

  /**
   * The user of a live session, in one query (the session check and the user
   * load of `me` were two round trips). Null when the session is revoked,
   * expired or unknown.
   */
  async liveUser(sessionId: string, now = new Date()): Promise<UserEntity | null> {
    return this.db.users
      .createQueryBuilder('u')
      .innerJoin(SessionEntity, 's', 's.user_id = u.id')
      .where('s.id = :sessionId AND s.revoked_at IS NULL AND s.expires_at > :now', { sessionId, now: now.getTime() })
      .getOne();
  }

  /** A user's live sessions, most recently used first. */
  async listLive(userId: string, now = new Date()): Promise<SessionEntity[]> {
    const sessions = await this.db.sessions.find({ where: { userId, revokedAt: IsNull() }, order: { lastUsedAt: 'DESC' } });
    return sessions.filter((s) => s.expiresAt > now);
  }
}

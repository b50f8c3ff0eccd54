import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { epochMs } from '../columns.js';
import { UserEntity } from './user.entity.js';

/**
 * A session: one sign-in, and the family of refresh tokens rotated from it.
 * Revoking the session kills every token of the family at once.
 */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index()
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'bigint', transformer: epochMs })
  lastUsedAt: Date;

  /** Absolute end of the session (`SESSION_MAX_AGE` after sign-in), whatever the refreshes. */
  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMs })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'bigint', transformer: epochMs, nullable: true })
  revokedAt: Date | null;

  /** Why it was revoked: LOGOUT, REUSE, REVOKED, LOGOUT_ALL, PASSWORD_CHANGED. */
  @Column({ name: 'revoked_reason', type: 'varchar', length: 32, nullable: true })
  revokedReason: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  @Column({ name: 'ip_address', type: 'varchar', length: 64, nullable: true })
  ipAddress: string | null;
}

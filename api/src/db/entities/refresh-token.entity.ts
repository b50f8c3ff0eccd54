import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { epochMs } from '../columns.js';
import { SessionEntity } from './session.entity.js';

/**
 * One refresh token of a session's family. Only its SHA-256 hash is stored;
 * the token itself exists only in the response that delivered it.
 */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index()
  @Column({ name: 'session_id', type: 'varchar', length: 36 })
  sessionId: string;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: SessionEntity;

  /** Hex SHA-256 of the token. */
  @Index({ unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: Date;

  /** Idle expiry: `REFRESH_TOKEN_TTL` after issue (never past the session's end). */
  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMs })
  expiresAt: Date;

  /** When it was rotated. Set once, by a conditional update: the rotation's single winner. */
  @Column({ name: 'rotated_at', type: 'bigint', transformer: epochMs, nullable: true })
  rotatedAt: Date | null;

  /** Hash of the token it was rotated into. */
  @Column({ name: 'successor_hash', type: 'varchar', length: 64, nullable: true })
  successorHash: string | null;
}

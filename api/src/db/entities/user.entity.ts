import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@baton/shared';
import { epochMs } from '../columns.js';

/** An account. The password is stored only as a self-describing scrypt hash. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Lower-cased and trimmed, so lookups need no case-insensitive index. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16, default: 'USER' })
  role: Role;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: Date;
}

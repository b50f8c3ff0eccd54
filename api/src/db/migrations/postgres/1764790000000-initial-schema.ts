import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, sessions and refresh tokens on PostgreSQL (generated from the entities). */
export class InitialSchemaPostgres1764790000000 implements MigrationInterface {
  name = 'InitialSchemaPostgres1764790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "users" ("id" character varying(36) NOT NULL, "email" character varying(254) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" character varying(16) NOT NULL DEFAULT 'USER', "created_at" bigint NOT NULL, CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "sessions" ("id" character varying(36) NOT NULL, "user_id" character varying(36) NOT NULL, "created_at" bigint NOT NULL, "last_used_at" bigint NOT NULL, "expires_at" bigint NOT NULL, "revoked_at" bigint, "revoked_reason" character varying(32), "user_agent" character varying(512), "ip_address" character varying(64), CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_085d540d9f418cfbdc7bd55bb1" ON "sessions" ("user_id") `);
    await q.query(`CREATE TABLE "refresh_tokens" ("id" character varying(36) NOT NULL, "session_id" character varying(36) NOT NULL, "token_hash" character varying(64) NOT NULL, "created_at" bigint NOT NULL, "expires_at" bigint NOT NULL, "rotated_at" bigint, "successor_hash" character varying(64), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_3bf308fa93da3966f9e76fcfba" ON "refresh_tokens" ("session_id") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_a7838d2ba25be1342091b6695f" ON "refresh_tokens" ("token_hash") `);
    await q.query(`ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3bf308fa93da3966f9e76fcfba4" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "refresh_tokens"`);
    await q.query(`DROP TABLE "sessions"`);
    await q.query(`DROP TABLE "users"`);
  }
}

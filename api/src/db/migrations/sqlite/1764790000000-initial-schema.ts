import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, sessions and refresh tokens on SQLite (generated from the entities, then tidied). */
export class InitialSchemaSqlite1764790000000 implements MigrationInterface {
  name = 'InitialSchemaSqlite1764790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "password_hash" varchar(255) NOT NULL, "role" varchar(16) NOT NULL DEFAULT ('USER'), "created_at" bigint NOT NULL, CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"))`);
    await q.query(`CREATE TABLE "sessions" ("id" varchar(36) PRIMARY KEY NOT NULL, "user_id" varchar(36) NOT NULL, "created_at" bigint NOT NULL, "last_used_at" bigint NOT NULL, "expires_at" bigint NOT NULL, "revoked_at" bigint, "revoked_reason" varchar(32), "user_agent" varchar(512), "ip_address" varchar(64), CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await q.query(`CREATE INDEX "IDX_085d540d9f418cfbdc7bd55bb1" ON "sessions" ("user_id") `);
    await q.query(`CREATE TABLE "refresh_tokens" ("id" varchar(36) PRIMARY KEY NOT NULL, "session_id" varchar(36) NOT NULL, "token_hash" varchar(64) NOT NULL, "created_at" bigint NOT NULL, "expires_at" bigint NOT NULL, "rotated_at" bigint, "successor_hash" varchar(64), CONSTRAINT "FK_3bf308fa93da3966f9e76fcfba4" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await q.query(`CREATE INDEX "IDX_3bf308fa93da3966f9e76fcfba" ON "refresh_tokens" ("session_id") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_a7838d2ba25be1342091b6695f" ON "refresh_tokens" ("token_hash") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "refresh_tokens"`);
    await q.query(`DROP TABLE "sessions"`);
    await q.query(`DROP TABLE "users"`);
  }
}

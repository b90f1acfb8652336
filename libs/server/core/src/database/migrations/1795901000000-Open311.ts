import type { MigrationInterface, QueryRunner } from "typeorm";

export class Open3111795901000000 implements MigrationInterface {
    name = 'Open3111795901000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "open311_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "partner_name" text NOT NULL, "key_hash" bytea NOT NULL, "key_prefix" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "open311_key_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "open311_key_hash_uq" ON "open311_key"  ("key_hash") `);
        await queryRunner.query(`CREATE TABLE "open311_request" ("need_id" uuid NOT NULL, "key_id" uuid NOT NULL, "token" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "open311_request_pk" PRIMARY KEY ("need_id"))`);
        await queryRunner.query(`CREATE INDEX "open311_request_key_idx" ON "open311_request"  ("key_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "open311_request_token_uq" ON "open311_request"  ("token") `);
        await queryRunner.query(`ALTER TABLE "open311_key" ADD CONSTRAINT "open311_key_creator_fk" FOREIGN KEY ("created_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "open311_request" ADD CONSTRAINT "open311_request_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "open311_request" ADD CONSTRAINT "open311_request_key_fk" FOREIGN KEY ("key_id") REFERENCES "open311_key"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "open311_request" DROP CONSTRAINT "open311_request_key_fk"`);
        await queryRunner.query(`ALTER TABLE "open311_request" DROP CONSTRAINT "open311_request_need_fk"`);
        await queryRunner.query(`ALTER TABLE "open311_key" DROP CONSTRAINT "open311_key_creator_fk"`);
        await queryRunner.query(`DROP INDEX "public"."open311_request_token_uq"`);
        await queryRunner.query(`DROP INDEX "public"."open311_request_key_idx"`);
        await queryRunner.query(`DROP TABLE "open311_request"`);
        await queryRunner.query(`DROP INDEX "public"."open311_key_hash_uq"`);
        await queryRunner.query(`DROP TABLE "open311_key"`);
    }

}

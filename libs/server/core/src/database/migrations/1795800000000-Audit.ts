import type { MigrationInterface, QueryRunner } from "typeorm";

export class Audit1795800000000 implements MigrationInterface {
    name = 'Audit1795800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_id" uuid, "action" text NOT NULL, "subject_type" text NOT NULL, "subject_id" uuid NOT NULL, "before" jsonb, "after" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "audit_entry_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "audit_entry_subject_idx" ON "audit_entry"  ("subject_type", "subject_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "audit_entry_created_idx" ON "audit_entry"  ("created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."audit_entry_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_entry_subject_idx"`);
        await queryRunner.query(`DROP TABLE "audit_entry"`);
    }

}

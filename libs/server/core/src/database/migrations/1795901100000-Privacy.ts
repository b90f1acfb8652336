import type { MigrationInterface, QueryRunner } from "typeorm";

export class Privacy1795901100000 implements MigrationInterface {
    name = 'Privacy1795901100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "data_export" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'queued', "file_key" text, "link_secret" text NOT NULL, "claim_id" uuid, "heartbeat_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "data_export_status_check" CHECK (status IN ('queued', 'running', 'done', 'failed')), CONSTRAINT "data_export_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "data_export_pending_uq" ON "data_export"  ("person_id") WHERE status IN ('queued', 'running')`);
        await queryRunner.query(`CREATE INDEX "data_export_person_idx" ON "data_export"  ("person_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "inactivity_warning" ("person_id" uuid NOT NULL, "stage" integer NOT NULL, "last_active_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "inactivity_warning_stage_check" CHECK (stage IN (30, 7)), CONSTRAINT "inactivity_warning_pk" PRIMARY KEY ("person_id", "stage", "last_active_at"))`);
        await queryRunner.query(`ALTER TABLE "person" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "data_export" ADD CONSTRAINT "data_export_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inactivity_warning" ADD CONSTRAINT "inactivity_warning_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "inactivity_warning" DROP CONSTRAINT "inactivity_warning_person_fk"`);
        await queryRunner.query(`ALTER TABLE "data_export" DROP CONSTRAINT "data_export_person_fk"`);
        await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "erased_at"`);
        await queryRunner.query(`DROP TABLE "inactivity_warning"`);
        await queryRunner.query(`DROP INDEX "public"."data_export_person_idx"`);
        await queryRunner.query(`DROP INDEX "public"."data_export_pending_uq"`);
        await queryRunner.query(`DROP TABLE "data_export"`);
    }

}

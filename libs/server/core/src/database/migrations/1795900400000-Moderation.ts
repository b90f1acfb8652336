import type { MigrationInterface, QueryRunner } from "typeorm";

export class Moderation1795900400000 implements MigrationInterface {
    name = 'Moderation1795900400000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "authority_moderation" ("authority_id" uuid NOT NULL, "premoderation" boolean NOT NULL DEFAULT false, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "authority_moderation_pk" PRIMARY KEY ("authority_id"))`);
        await queryRunner.query(`CREATE TABLE "need_moderation_hold" ("need_id" uuid NOT NULL, "authority_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "need_moderation_hold_pk" PRIMARY KEY ("need_id"))`);
        await queryRunner.query(`CREATE INDEX "need_moderation_hold_authority_idx" ON "need_moderation_hold"  ("authority_id") `);
        await queryRunner.query(`CREATE INDEX "need_moderation_hold_created_idx" ON "need_moderation_hold"  ("created_at") `);
        await queryRunner.query(`CREATE TABLE "need_report" ("need_id" uuid NOT NULL, "reporter_id" uuid NOT NULL, "reason" text NOT NULL, "detail" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "need_report_pk" PRIMARY KEY ("need_id", "reporter_id"))`);
        await queryRunner.query(`CREATE INDEX "need_report_reporter_idx" ON "need_report"  ("reporter_id") `);
        await queryRunner.query(`CREATE INDEX "need_report_created_idx" ON "need_report"  ("created_at") `);
        await queryRunner.query(`CREATE TABLE "moderation_flag" ("subject_type" text NOT NULL, "subject_id" uuid NOT NULL, "personal_data" text array NOT NULL DEFAULT '{}', "personal_data_at" TIMESTAMP WITH TIME ZONE, "reviewed_at" TIMESTAMP WITH TIME ZONE, "reviewed_by" uuid, CONSTRAINT "moderation_flag_pk" PRIMARY KEY ("subject_type", "subject_id"))`);
        await queryRunner.query(`CREATE INDEX "moderation_flag_personal_data_idx" ON "moderation_flag"  ("personal_data_at") `);
        await queryRunner.query(`ALTER TABLE "authority_moderation" ADD CONSTRAINT "authority_moderation_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "authority_moderation" ADD CONSTRAINT "authority_moderation_updater_fk" FOREIGN KEY ("updated_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_moderation_hold" ADD CONSTRAINT "need_moderation_hold_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_moderation_hold" ADD CONSTRAINT "need_moderation_hold_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_report" ADD CONSTRAINT "need_report_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_report" ADD CONSTRAINT "need_report_reporter_fk" FOREIGN KEY ("reporter_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "moderation_flag" ADD CONSTRAINT "moderation_flag_reviewer_fk" FOREIGN KEY ("reviewed_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "moderation_flag" DROP CONSTRAINT "moderation_flag_reviewer_fk"`);
        await queryRunner.query(`ALTER TABLE "need_report" DROP CONSTRAINT "need_report_reporter_fk"`);
        await queryRunner.query(`ALTER TABLE "need_report" DROP CONSTRAINT "need_report_need_fk"`);
        await queryRunner.query(`ALTER TABLE "need_moderation_hold" DROP CONSTRAINT "need_moderation_hold_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "need_moderation_hold" DROP CONSTRAINT "need_moderation_hold_need_fk"`);
        await queryRunner.query(`ALTER TABLE "authority_moderation" DROP CONSTRAINT "authority_moderation_updater_fk"`);
        await queryRunner.query(`ALTER TABLE "authority_moderation" DROP CONSTRAINT "authority_moderation_authority_fk"`);
        await queryRunner.query(`DROP INDEX "public"."moderation_flag_personal_data_idx"`);
        await queryRunner.query(`DROP TABLE "moderation_flag"`);
        await queryRunner.query(`DROP INDEX "public"."need_report_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."need_report_reporter_idx"`);
        await queryRunner.query(`DROP TABLE "need_report"`);
        await queryRunner.query(`DROP INDEX "public"."need_moderation_hold_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."need_moderation_hold_authority_idx"`);
        await queryRunner.query(`DROP TABLE "need_moderation_hold"`);
        await queryRunner.query(`DROP TABLE "authority_moderation"`);
    }

}

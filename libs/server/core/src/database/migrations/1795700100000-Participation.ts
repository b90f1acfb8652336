import type { MigrationInterface, QueryRunner } from "typeorm";

export class Participation1795700100000 implements MigrationInterface {
    name = 'Participation1795700100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "need_support" ("need_id" uuid NOT NULL, "person_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "need_support_pk" PRIMARY KEY ("need_id", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "need_support_person_idx" ON "need_support"  ("person_id") `);
        await queryRunner.query(`CREATE TABLE "need_support_tally" ("need_id" uuid NOT NULL, "shard" smallint NOT NULL, "supports" integer NOT NULL, CONSTRAINT "need_support_tally_pk" PRIMARY KEY ("need_id", "shard"))`);
        await queryRunner.query(`CREATE TABLE "need_paper_support" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "need_id" uuid NOT NULL, "recorded_by" uuid, "count" integer NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "need_paper_support_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "need_paper_support_need_idx" ON "need_paper_support"  ("need_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "need_backing" ("need_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "statement" text NOT NULL, "backed_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "need_backing_pk" PRIMARY KEY ("need_id", "organisation_id"))`);
        await queryRunner.query(`CREATE INDEX "need_backing_organisation_idx" ON "need_backing"  ("organisation_id") `);
        await queryRunner.query(`CREATE TABLE "need_follow" ("need_id" uuid NOT NULL, "person_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "need_follow_pk" PRIMARY KEY ("need_id", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "need_follow_person_idx" ON "need_follow"  ("person_id") `);
        await queryRunner.query(`CREATE TABLE "authority_participation" ("authority_id" uuid NOT NULL, "support_threshold" integer NOT NULL DEFAULT '50', "answer_delay_days" integer NOT NULL DEFAULT '60', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, CONSTRAINT "authority_participation_pk" PRIMARY KEY ("authority_id"))`);
        await queryRunner.query(`CREATE TABLE "need_engagement" ("need_id" uuid NOT NULL, "threshold_reached_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answer_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "need_engagement_pk" PRIMARY KEY ("need_id"))`);
        await queryRunner.query(`CREATE INDEX "need_engagement_due_idx" ON "need_engagement"  ("answer_due_at") `);
        await queryRunner.query(`ALTER TABLE "need_support" ADD CONSTRAINT "need_support_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_support" ADD CONSTRAINT "need_support_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_support_tally" ADD CONSTRAINT "need_support_tally_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_paper_support" ADD CONSTRAINT "need_paper_support_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_paper_support" ADD CONSTRAINT "need_paper_support_recorder_fk" FOREIGN KEY ("recorded_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_backing" ADD CONSTRAINT "need_backing_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_backing" ADD CONSTRAINT "need_backing_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_backing" ADD CONSTRAINT "need_backing_person_fk" FOREIGN KEY ("backed_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_follow" ADD CONSTRAINT "need_follow_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_follow" ADD CONSTRAINT "need_follow_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "authority_participation" ADD CONSTRAINT "authority_participation_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "authority_participation" ADD CONSTRAINT "authority_participation_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_engagement" ADD CONSTRAINT "need_engagement_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "need_engagement" DROP CONSTRAINT "need_engagement_need_fk"`);
        await queryRunner.query(`ALTER TABLE "authority_participation" DROP CONSTRAINT "authority_participation_updated_by_fk"`);
        await queryRunner.query(`ALTER TABLE "authority_participation" DROP CONSTRAINT "authority_participation_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "need_follow" DROP CONSTRAINT "need_follow_person_fk"`);
        await queryRunner.query(`ALTER TABLE "need_follow" DROP CONSTRAINT "need_follow_need_fk"`);
        await queryRunner.query(`ALTER TABLE "need_backing" DROP CONSTRAINT "need_backing_person_fk"`);
        await queryRunner.query(`ALTER TABLE "need_backing" DROP CONSTRAINT "need_backing_organisation_fk"`);
        await queryRunner.query(`ALTER TABLE "need_backing" DROP CONSTRAINT "need_backing_need_fk"`);
        await queryRunner.query(`ALTER TABLE "need_paper_support" DROP CONSTRAINT "need_paper_support_recorder_fk"`);
        await queryRunner.query(`ALTER TABLE "need_paper_support" DROP CONSTRAINT "need_paper_support_need_fk"`);
        await queryRunner.query(`ALTER TABLE "need_support_tally" DROP CONSTRAINT "need_support_tally_need_fk"`);
        await queryRunner.query(`ALTER TABLE "need_support" DROP CONSTRAINT "need_support_person_fk"`);
        await queryRunner.query(`ALTER TABLE "need_support" DROP CONSTRAINT "need_support_need_fk"`);
        await queryRunner.query(`DROP INDEX "public"."need_engagement_due_idx"`);
        await queryRunner.query(`DROP TABLE "need_engagement"`);
        await queryRunner.query(`DROP TABLE "authority_participation"`);
        await queryRunner.query(`DROP INDEX "public"."need_follow_person_idx"`);
        await queryRunner.query(`DROP TABLE "need_follow"`);
        await queryRunner.query(`DROP INDEX "public"."need_backing_organisation_idx"`);
        await queryRunner.query(`DROP TABLE "need_backing"`);
        await queryRunner.query(`DROP INDEX "public"."need_paper_support_need_idx"`);
        await queryRunner.query(`DROP TABLE "need_paper_support"`);
        await queryRunner.query(`DROP TABLE "need_support_tally"`);
        await queryRunner.query(`DROP INDEX "public"."need_support_person_idx"`);
        await queryRunner.query(`DROP TABLE "need_support"`);
    }

}

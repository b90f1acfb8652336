import type { MigrationInterface, QueryRunner } from "typeorm";

export class BackOffice1795900000000 implements MigrationInterface {
    name = 'BackOffice1795900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "need" ADD "assignee_id" uuid`);
        await queryRunner.query(`ALTER TABLE "need" ADD "channel" text NOT NULL DEFAULT 'web'`);
        await queryRunner.query(`ALTER TABLE "need" ADD "first_answer_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "need" ADD "answer_due_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "authority_participation" ADD "first_answer_days" integer NOT NULL DEFAULT '30'`);
        await queryRunner.query(`CREATE INDEX "need_assignee_idx" ON "need" ("assignee_id") `);
        await queryRunner.query(`ALTER TABLE "need" ADD CONSTRAINT "need_channel_ck" CHECK (channel IN ('web', 'guichet', 'france_services', 'telephone', 'courrier', 'email'))`);
        await queryRunner.query(`ALTER TABLE "need" ADD CONSTRAINT "need_assignee_fk" FOREIGN KEY ("assignee_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE TABLE "need_co_assignment" ("need_id" uuid NOT NULL, "authority_id" uuid NOT NULL, "reason" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "need_co_assignment_pk" PRIMARY KEY ("need_id", "authority_id"))`);
        await queryRunner.query(`CREATE INDEX "need_co_assignment_authority_idx" ON "need_co_assignment"  ("authority_id") `);
        await queryRunner.query(`ALTER TABLE "need_co_assignment" ADD CONSTRAINT "need_co_assignment_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_co_assignment" ADD CONSTRAINT "need_co_assignment_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_co_assignment" ADD CONSTRAINT "need_co_assignment_creator_fk" FOREIGN KEY ("created_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "need_co_assignment" DROP CONSTRAINT "need_co_assignment_creator_fk"`);
        await queryRunner.query(`ALTER TABLE "need_co_assignment" DROP CONSTRAINT "need_co_assignment_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "need_co_assignment" DROP CONSTRAINT "need_co_assignment_need_fk"`);
        await queryRunner.query(`DROP INDEX "public"."need_co_assignment_authority_idx"`);
        await queryRunner.query(`DROP TABLE "need_co_assignment"`);
        await queryRunner.query(`ALTER TABLE "need" DROP CONSTRAINT "need_assignee_fk"`);
        await queryRunner.query(`ALTER TABLE "need" DROP CONSTRAINT "need_channel_ck"`);
        await queryRunner.query(`DROP INDEX "public"."need_assignee_idx"`);
        await queryRunner.query(`ALTER TABLE "authority_participation" DROP COLUMN "first_answer_days"`);
        await queryRunner.query(`ALTER TABLE "need" DROP COLUMN "answer_due_at"`);
        await queryRunner.query(`ALTER TABLE "need" DROP COLUMN "first_answer_at"`);
        await queryRunner.query(`ALTER TABLE "need" DROP COLUMN "channel"`);
        await queryRunner.query(`ALTER TABLE "need" DROP COLUMN "assignee_id"`);
    }

}

import type { MigrationInterface, QueryRunner } from "typeorm";

export class Accountability1795900300000 implements MigrationInterface {
    name = 'Accountability1795900300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "service_feedback" ("need_id" uuid NOT NULL, "person_id" uuid NOT NULL, "answer" text NOT NULL, "comment" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "service_feedback_answer_ck" CHECK (answer IN ('yes', 'partly', 'no')), CONSTRAINT "service_feedback_pk" PRIMARY KEY ("need_id", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "service_feedback_person_idx" ON "service_feedback" ("person_id") `);
        await queryRunner.query(`CREATE TABLE "service_feedback_request" ("need_id" uuid NOT NULL, "person_id" uuid NOT NULL, "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "service_feedback_request_pk" PRIMARY KEY ("need_id", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "service_feedback_request_person_idx" ON "service_feedback_request" ("person_id") `);
        await queryRunner.query(`ALTER TABLE "service_feedback" ADD CONSTRAINT "service_feedback_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "service_feedback" ADD CONSTRAINT "service_feedback_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "service_feedback_request" ADD CONSTRAINT "service_feedback_request_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "service_feedback_request" ADD CONSTRAINT "service_feedback_request_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "service_feedback_request" DROP CONSTRAINT "service_feedback_request_person_fk"`);
        await queryRunner.query(`ALTER TABLE "service_feedback_request" DROP CONSTRAINT "service_feedback_request_need_fk"`);
        await queryRunner.query(`ALTER TABLE "service_feedback" DROP CONSTRAINT "service_feedback_person_fk"`);
        await queryRunner.query(`ALTER TABLE "service_feedback" DROP CONSTRAINT "service_feedback_need_fk"`);
        await queryRunner.query(`DROP INDEX "public"."service_feedback_request_person_idx"`);
        await queryRunner.query(`DROP TABLE "service_feedback_request"`);
        await queryRunner.query(`DROP INDEX "public"."service_feedback_person_idx"`);
        await queryRunner.query(`DROP TABLE "service_feedback"`);
    }

}

import type { MigrationInterface, QueryRunner } from "typeorm";

export class AnswerTemplates1795800100000 implements MigrationInterface {
    name = 'AnswerTemplates1795800100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "answer_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "authority_id" uuid NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "status" text, "created_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "answer_template_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "answer_template_authority_idx" ON "answer_template"  ("authority_id", "title") `);
        await queryRunner.query(`ALTER TABLE "answer_template" ADD CONSTRAINT "answer_template_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "answer_template" ADD CONSTRAINT "answer_template_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "answer_template" DROP CONSTRAINT "answer_template_created_by_fk"`);
        await queryRunner.query(`ALTER TABLE "answer_template" DROP CONSTRAINT "answer_template_authority_fk"`);
        await queryRunner.query(`DROP INDEX "public"."answer_template_authority_idx"`);
        await queryRunner.query(`DROP TABLE "answer_template"`);
    }

}

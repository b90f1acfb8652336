import type { MigrationInterface, QueryRunner } from "typeorm";

export class InternalNotes1795900100000 implements MigrationInterface {
    name = 'InternalNotes1795900100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "need_internal_note" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "need_id" uuid NOT NULL, "author_id" uuid, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "need_internal_note_body_ck" CHECK (char_length(body) BETWEEN 1 AND 2000), CONSTRAINT "need_internal_note_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "need_internal_note_need_idx" ON "need_internal_note" ("need_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "need_internal_note" ADD CONSTRAINT "need_internal_note_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_internal_note" ADD CONSTRAINT "need_internal_note_author_fk" FOREIGN KEY ("author_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "need_internal_note" DROP CONSTRAINT "need_internal_note_author_fk"`);
        await queryRunner.query(`ALTER TABLE "need_internal_note" DROP CONSTRAINT "need_internal_note_need_fk"`);
        await queryRunner.query(`DROP INDEX "public"."need_internal_note_need_idx"`);
        await queryRunner.query(`DROP TABLE "need_internal_note"`);
    }

}

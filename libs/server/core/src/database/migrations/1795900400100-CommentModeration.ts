import type { MigrationInterface, QueryRunner } from "typeorm";

export class CommentModeration1795900400100 implements MigrationInterface {
    name = 'CommentModeration1795900400100'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "comment" ADD "hidden_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "comment" ADD "hidden_reason" text`);
        await queryRunner.query(`ALTER TABLE "comment" ADD "hidden_by" uuid`);
        await queryRunner.query(`ALTER TABLE "comment" ADD CONSTRAINT "comment_hidden_by_fk" FOREIGN KEY ("hidden_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "comment_hidden_by_fk"`);
        await queryRunner.query(`ALTER TABLE "comment" DROP COLUMN "hidden_by"`);
        await queryRunner.query(`ALTER TABLE "comment" DROP COLUMN "hidden_reason"`);
        await queryRunner.query(`ALTER TABLE "comment" DROP COLUMN "hidden_at"`);
    }

}

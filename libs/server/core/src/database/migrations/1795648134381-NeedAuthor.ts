import type { MigrationInterface, QueryRunner } from "typeorm";

export class NeedAuthor1795648134381 implements MigrationInterface {
    name = 'NeedAuthor1795648134381'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "need" ADD "author_id" uuid`);
        await queryRunner.query(`ALTER TABLE "need" ADD "author_email" text`);
        await queryRunner.query(`ALTER TABLE "need" ADD "author_view_hash" bytea`);
        await queryRunner.query(`CREATE INDEX "need_author_idx" ON "need"  ("author_id") `);
        await queryRunner.query(`ALTER TABLE "need" ADD CONSTRAINT "need_author_fk" FOREIGN KEY ("author_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "need" DROP CONSTRAINT "need_author_fk"`);
        await queryRunner.query(`DROP INDEX "public"."need_author_idx"`);
        await queryRunner.query(`ALTER TABLE "need" DROP COLUMN "author_view_hash"`);
        await queryRunner.query(`ALTER TABLE "need" DROP COLUMN "author_email"`);
        await queryRunner.query(`ALTER TABLE "need" DROP COLUMN "author_id"`);
    }

}

import type { MigrationInterface, QueryRunner } from "typeorm";

export class PaperSupportIdentity1795900900000 implements MigrationInterface {
    name = 'PaperSupportIdentity1795900900000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "need_paper_support" ADD "identity_hash" bytea`);
        await queryRunner.query(`ALTER TABLE "need_paper_support" ADD "commune_code" character(5)`);
        await queryRunner.query(`ALTER TABLE "external_identity" ADD "identity_hash" bytea`);
        await queryRunner.query(`CREATE UNIQUE INDEX "need_paper_support_identity_uq" ON "need_paper_support" ("need_id", "identity_hash") WHERE identity_hash IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "external_identity_identity_hash_idx" ON "external_identity" ("identity_hash") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."external_identity_identity_hash_idx"`);
        await queryRunner.query(`DROP INDEX "public"."need_paper_support_identity_uq"`);
        await queryRunner.query(`ALTER TABLE "external_identity" DROP COLUMN "identity_hash"`);
        await queryRunner.query(`ALTER TABLE "need_paper_support" DROP COLUMN "commune_code"`);
        await queryRunner.query(`ALTER TABLE "need_paper_support" DROP COLUMN "identity_hash"`);
    }

}

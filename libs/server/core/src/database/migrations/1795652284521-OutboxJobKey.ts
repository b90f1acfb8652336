import type { MigrationInterface, QueryRunner } from "typeorm";

export class OutboxJobKey1795652284521 implements MigrationInterface {
    name = 'OutboxJobKey1795652284521'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox_message" ADD "job_key" uuid NOT NULL DEFAULT gen_random_uuid()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "job_key"`);
    }

}

import type { MigrationInterface, QueryRunner } from "typeorm";

export class RoutingNote1795800200000 implements MigrationInterface {
    name = 'RoutingNote1795800200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "need_routing" ADD "note" text`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "need_routing" DROP COLUMN "note"`);
    }

}

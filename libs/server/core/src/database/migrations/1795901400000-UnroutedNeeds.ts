import type { MigrationInterface, QueryRunner } from "typeorm";

/** The reconciliation sweep reads the needs still unrouted, oldest first, without scanning the table. */
export class UnroutedNeeds1795901400000 implements MigrationInterface {
    name = 'UnroutedNeeds1795901400000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "need_unrouted_idx" ON "need" ("created_at") WHERE current_routing_id IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."need_unrouted_idx"`);
    }
}

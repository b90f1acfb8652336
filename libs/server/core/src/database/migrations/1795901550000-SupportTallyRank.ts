import type { MigrationInterface, QueryRunner } from "typeorm";

/** The "most supported" list reads the tally shards from the largest down instead of summing every need's (bench/needs-feed.mjs). */
export class SupportTallyRank1795901550000 implements MigrationInterface {
    name = 'SupportTallyRank1795901550000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "need_support_tally_rank_idx" ON "need_support_tally" ("supports", "need_id", "shard")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."need_support_tally_rank_idx"`);
    }
}

import type { MigrationInterface, QueryRunner } from "typeorm";

export class Merge1795900200000 implements MigrationInterface {
    name = 'Merge1795900200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "need_merge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "from_need_id" uuid NOT NULL, "into_need_id" uuid NOT NULL, "reason" text NOT NULL, "merged_by" uuid, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "need_merge_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "need_merge_from_idx" ON "need_merge"  ("from_need_id") `);
        await queryRunner.query(`CREATE INDEX "need_merge_into_idx" ON "need_merge"  ("into_need_id") `);
        await queryRunner.query(`CREATE TABLE "support_carry_over" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "merge_id" uuid NOT NULL, "person_id" uuid NOT NULL, "state" text NOT NULL DEFAULT 'pending', "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "support_carry_over_decided_ck" CHECK ((state = 'pending') = (decided_at IS NULL)), CONSTRAINT "support_carry_over_state_ck" CHECK (state IN ('pending', 'accepted', 'declined')), CONSTRAINT "support_carry_over_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "support_carry_over_person_idx" ON "support_carry_over"  ("person_id", "state") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "support_carry_over_merge_person_uq" ON "support_carry_over"  ("merge_id", "person_id") `);
        await queryRunner.query(`ALTER TABLE "need_merge" ADD CONSTRAINT "need_merge_from_fk" FOREIGN KEY ("from_need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_merge" ADD CONSTRAINT "need_merge_into_fk" FOREIGN KEY ("into_need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_merge" ADD CONSTRAINT "need_merge_by_fk" FOREIGN KEY ("merged_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "support_carry_over" ADD CONSTRAINT "support_carry_over_merge_fk" FOREIGN KEY ("merge_id") REFERENCES "need_merge"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "support_carry_over" ADD CONSTRAINT "support_carry_over_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "support_carry_over" DROP CONSTRAINT "support_carry_over_person_fk"`);
        await queryRunner.query(`ALTER TABLE "support_carry_over" DROP CONSTRAINT "support_carry_over_merge_fk"`);
        await queryRunner.query(`ALTER TABLE "need_merge" DROP CONSTRAINT "need_merge_by_fk"`);
        await queryRunner.query(`ALTER TABLE "need_merge" DROP CONSTRAINT "need_merge_into_fk"`);
        await queryRunner.query(`ALTER TABLE "need_merge" DROP CONSTRAINT "need_merge_from_fk"`);
        await queryRunner.query(`DROP INDEX "public"."support_carry_over_merge_person_uq"`);
        await queryRunner.query(`DROP INDEX "public"."support_carry_over_person_idx"`);
        await queryRunner.query(`DROP TABLE "support_carry_over"`);
        await queryRunner.query(`DROP INDEX "public"."need_merge_into_idx"`);
        await queryRunner.query(`DROP INDEX "public"."need_merge_from_idx"`);
        await queryRunner.query(`DROP TABLE "need_merge"`);
    }

}

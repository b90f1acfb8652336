import type { MigrationInterface, QueryRunner } from "typeorm";

export class TeamLife1795900600000 implements MigrationInterface {
    name = 'TeamLife1795900600000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "staff_alert_preference" ("person_id" uuid NOT NULL, "mode" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "staff_alert_preference_mode_ck" CHECK (mode IN ('immediate', 'daily', 'off')), CONSTRAINT "staff_alert_preference_pk" PRIMARY KEY ("person_id"))`);
        await queryRunner.query(`CREATE TABLE "staff_need_alert" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "need_id" uuid NOT NULL, "person_id" uuid NOT NULL, "routing_id" uuid NOT NULL, "authority_id" uuid NOT NULL, "delivery" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "staff_need_alert_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "staff_need_alert_routing_idx" ON "staff_need_alert"  ("routing_id") `);
        await queryRunner.query(`CREATE INDEX "staff_need_alert_pending_daily_idx" ON "staff_need_alert"  ("person_id") WHERE delivery = 'daily' AND sent_at IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "staff_need_alert_need_person_uq" ON "staff_need_alert"  ("need_id", "person_id") `);
        await queryRunner.query(`CREATE TABLE "need_handover" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "authority_id" uuid NOT NULL, "from_person_id" uuid NOT NULL, "to_person_id" uuid NOT NULL, "until" date, "need_count" integer NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "need_handover_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "need_handover_authority_idx" ON "need_handover"  ("authority_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "staff_alert_preference" ADD CONSTRAINT "staff_alert_preference_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "staff_need_alert" ADD CONSTRAINT "staff_need_alert_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "staff_need_alert" ADD CONSTRAINT "staff_need_alert_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "staff_need_alert" ADD CONSTRAINT "staff_need_alert_routing_fk" FOREIGN KEY ("routing_id") REFERENCES "need_routing"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "staff_need_alert" ADD CONSTRAINT "staff_need_alert_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_handover" ADD CONSTRAINT "need_handover_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_handover" ADD CONSTRAINT "need_handover_from_fk" FOREIGN KEY ("from_person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_handover" ADD CONSTRAINT "need_handover_to_fk" FOREIGN KEY ("to_person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_handover" ADD CONSTRAINT "need_handover_creator_fk" FOREIGN KEY ("created_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "need_handover" DROP CONSTRAINT "need_handover_creator_fk"`);
        await queryRunner.query(`ALTER TABLE "need_handover" DROP CONSTRAINT "need_handover_to_fk"`);
        await queryRunner.query(`ALTER TABLE "need_handover" DROP CONSTRAINT "need_handover_from_fk"`);
        await queryRunner.query(`ALTER TABLE "need_handover" DROP CONSTRAINT "need_handover_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "staff_need_alert" DROP CONSTRAINT "staff_need_alert_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "staff_need_alert" DROP CONSTRAINT "staff_need_alert_routing_fk"`);
        await queryRunner.query(`ALTER TABLE "staff_need_alert" DROP CONSTRAINT "staff_need_alert_person_fk"`);
        await queryRunner.query(`ALTER TABLE "staff_need_alert" DROP CONSTRAINT "staff_need_alert_need_fk"`);
        await queryRunner.query(`ALTER TABLE "staff_alert_preference" DROP CONSTRAINT "staff_alert_preference_person_fk"`);
        await queryRunner.query(`DROP INDEX "public"."need_handover_authority_idx"`);
        await queryRunner.query(`DROP TABLE "need_handover"`);
        await queryRunner.query(`DROP INDEX "public"."staff_need_alert_need_person_uq"`);
        await queryRunner.query(`DROP INDEX "public"."staff_need_alert_pending_daily_idx"`);
        await queryRunner.query(`DROP INDEX "public"."staff_need_alert_routing_idx"`);
        await queryRunner.query(`DROP TABLE "staff_need_alert"`);
        await queryRunner.query(`DROP TABLE "staff_alert_preference"`);
    }

}

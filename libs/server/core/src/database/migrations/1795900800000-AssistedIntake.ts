import type { MigrationInterface, QueryRunner } from "typeorm";

export class AssistedIntake1795900800000 implements MigrationInterface {
    name = 'AssistedIntake1795900800000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "need_mandate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "need_id" uuid NOT NULL, "mediator_id" uuid, "authority_id" uuid NOT NULL, "resident_label" text, "contact_kind" text NOT NULL, "contact_value" text, "place_phone" text, "pseudonym" text NOT NULL, "duration" text NOT NULL, "publication_consent" boolean NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, "end_reason" text, "contact_erased_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "need_mandate_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "need_mandate_need_uq" ON "need_mandate"  ("need_id") `);
        await queryRunner.query(`CREATE INDEX "need_mandate_authority_idx" ON "need_mandate"  ("authority_id") `);
        await queryRunner.query(`CREATE TABLE "mandate_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "mandate_id" uuid NOT NULL, "kind" text NOT NULL, "actor_id" uuid, "detail" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "mandate_event_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "mandate_event_mandate_idx" ON "mandate_event"  ("mandate_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "mediation_todo" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "mandate_id" uuid NOT NULL, "authority_id" uuid NOT NULL, "status_change_id" uuid NOT NULL, "kind" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "done_at" TIMESTAMP WITH TIME ZONE, "done_by" uuid, "done_note" text, CONSTRAINT "mediation_todo_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "mediation_todo_status_change_uq" ON "mediation_todo"  ("status_change_id") `);
        await queryRunner.query(`CREATE INDEX "mediation_todo_open_idx" ON "mediation_todo"  ("authority_id", "done_at") `);
        await queryRunner.query(`ALTER TABLE "need_mandate" ADD CONSTRAINT "need_mandate_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_mandate" ADD CONSTRAINT "need_mandate_mediator_fk" FOREIGN KEY ("mediator_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_mandate" ADD CONSTRAINT "need_mandate_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_mandate" ADD CONSTRAINT "need_mandate_revoker_fk" FOREIGN KEY ("revoked_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "mandate_event" ADD CONSTRAINT "mandate_event_mandate_fk" FOREIGN KEY ("mandate_id") REFERENCES "need_mandate"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "mandate_event" ADD CONSTRAINT "mandate_event_actor_fk" FOREIGN KEY ("actor_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "mediation_todo" ADD CONSTRAINT "mediation_todo_mandate_fk" FOREIGN KEY ("mandate_id") REFERENCES "need_mandate"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "mediation_todo" ADD CONSTRAINT "mediation_todo_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "mediation_todo" ADD CONSTRAINT "mediation_todo_status_change_fk" FOREIGN KEY ("status_change_id") REFERENCES "need_status_change"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "mediation_todo" ADD CONSTRAINT "mediation_todo_done_by_fk" FOREIGN KEY ("done_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "mediation_todo" DROP CONSTRAINT "mediation_todo_done_by_fk"`);
        await queryRunner.query(`ALTER TABLE "mediation_todo" DROP CONSTRAINT "mediation_todo_status_change_fk"`);
        await queryRunner.query(`ALTER TABLE "mediation_todo" DROP CONSTRAINT "mediation_todo_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "mediation_todo" DROP CONSTRAINT "mediation_todo_mandate_fk"`);
        await queryRunner.query(`ALTER TABLE "mandate_event" DROP CONSTRAINT "mandate_event_actor_fk"`);
        await queryRunner.query(`ALTER TABLE "mandate_event" DROP CONSTRAINT "mandate_event_mandate_fk"`);
        await queryRunner.query(`ALTER TABLE "need_mandate" DROP CONSTRAINT "need_mandate_revoker_fk"`);
        await queryRunner.query(`ALTER TABLE "need_mandate" DROP CONSTRAINT "need_mandate_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "need_mandate" DROP CONSTRAINT "need_mandate_mediator_fk"`);
        await queryRunner.query(`ALTER TABLE "need_mandate" DROP CONSTRAINT "need_mandate_need_fk"`);
        await queryRunner.query(`DROP INDEX "public"."mediation_todo_open_idx"`);
        await queryRunner.query(`DROP INDEX "public"."mediation_todo_status_change_uq"`);
        await queryRunner.query(`DROP TABLE "mediation_todo"`);
        await queryRunner.query(`DROP INDEX "public"."mandate_event_mandate_idx"`);
        await queryRunner.query(`DROP TABLE "mandate_event"`);
        await queryRunner.query(`DROP INDEX "public"."need_mandate_authority_idx"`);
        await queryRunner.query(`DROP INDEX "public"."need_mandate_need_uq"`);
        await queryRunner.query(`DROP TABLE "need_mandate"`);
    }

}

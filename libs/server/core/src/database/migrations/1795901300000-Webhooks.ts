import type { MigrationInterface, QueryRunner } from "typeorm";

export class Webhooks1795901300000 implements MigrationInterface {
    name = 'Webhooks1795901300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "webhook" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "authority_id" uuid NOT NULL, "url" text NOT NULL, "events" text array NOT NULL, "secret" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "webhook_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "webhook_authority_idx" ON "webhook" ("authority_id") `);
        await queryRunner.query(`CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "webhook_id" uuid NOT NULL, "event_id" text NOT NULL, "event" text NOT NULL, "payload" jsonb NOT NULL, "attempt_count" integer NOT NULL DEFAULT '0', "status" text NOT NULL DEFAULT 'pending', "response_code" integer, "error" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhook_delivery_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "webhook_delivery_recent_idx" ON "webhook_delivery" ("webhook_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "webhook_delivery_event_uq" ON "webhook_delivery" ("webhook_id", "event_id") `);
        await queryRunner.query(`CREATE TABLE "webhook_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "delivery_id" uuid NOT NULL, "attempt" integer NOT NULL, "response_code" integer, "error" text, "duration_ms" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhook_attempt_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "webhook_attempt_delivery_idx" ON "webhook_attempt" ("delivery_id") `);
        await queryRunner.query(`ALTER TABLE "webhook" ADD CONSTRAINT "webhook_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "webhook" ADD CONSTRAINT "webhook_creator_fk" FOREIGN KEY ("created_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_webhook_fk" FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "webhook_attempt" ADD CONSTRAINT "webhook_attempt_delivery_fk" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_attempt" DROP CONSTRAINT "webhook_attempt_delivery_fk"`);
        await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP CONSTRAINT "webhook_delivery_webhook_fk"`);
        await queryRunner.query(`ALTER TABLE "webhook" DROP CONSTRAINT "webhook_creator_fk"`);
        await queryRunner.query(`ALTER TABLE "webhook" DROP CONSTRAINT "webhook_authority_fk"`);
        await queryRunner.query(`DROP INDEX "public"."webhook_attempt_delivery_idx"`);
        await queryRunner.query(`DROP TABLE "webhook_attempt"`);
        await queryRunner.query(`DROP INDEX "public"."webhook_delivery_event_uq"`);
        await queryRunner.query(`DROP INDEX "public"."webhook_delivery_recent_idx"`);
        await queryRunner.query(`DROP TABLE "webhook_delivery"`);
        await queryRunner.query(`DROP INDEX "public"."webhook_authority_idx"`);
        await queryRunner.query(`DROP TABLE "webhook"`);
    }

}

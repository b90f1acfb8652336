import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795646842260 implements MigrationInterface {
    name = 'Initial1795646842260'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox_message" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "name" text NOT NULL, "payload" jsonb NOT NULL, "dedup_key" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "publish_attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "outbox_message_dedup_key_uq" ON "outbox_message"  ("dedup_key") `);
        await queryRunner.query(`CREATE INDEX "outbox_message_unpublished_idx" ON "outbox_message"  ("id") WHERE published_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "authority" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "phrase_de" text NOT NULL, "phrase_a" text, "website" text, CONSTRAINT "PK_b0f9bb35ff132fc6bd92d0582ce" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "authority_kind_code_uq" ON "authority"  ("kind", "code") `);
        await queryRunner.query(`CREATE TABLE "theme" ("key" text NOT NULL, "label" text NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_7b0e03a94450de6bb2114896b24" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE TABLE "category" ("key" text NOT NULL, "theme_key" text NOT NULL, "label" text NOT NULL, "m57_code" text, "position" integer NOT NULL, CONSTRAINT "PK_7c82c39b0dc8ef1ba334eb615a3" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE INDEX "category_theme_idx" ON "category"  ("theme_key") `);
        await queryRunner.query(`CREATE TABLE "commune" ("code" character(5) NOT NULL, "name" text NOT NULL, "search_name" text NOT NULL, "postcodes" text array NOT NULL, "population" integer, "epci_id" uuid NOT NULL, "authority_id" uuid NOT NULL, CONSTRAINT "PK_c7da656431051b5e8b730945285" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE INDEX "commune_epci_idx" ON "commune"  ("epci_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "commune_authority_uq" ON "commune"  ("authority_id") `);
        await queryRunner.query(`CREATE TABLE "delegated_commune" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character(5) NOT NULL, "name" text NOT NULL, "search_name" text NOT NULL, "commune_code" character(5) NOT NULL, CONSTRAINT "PK_7a0a7c8d41c73e1884dedb3f961" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "delegated_commune_commune_idx" ON "delegated_commune"  ("commune_code") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "delegated_commune_code_commune_uq" ON "delegated_commune"  ("code", "commune_code") `);
        await queryRunner.query(`CREATE TABLE "routing_rule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "category_key" text NOT NULL, "epci_id" uuid NOT NULL, "commune_code" character(5), "level" character(1) NOT NULL, "external_authority_id" uuid, "reason_template" text NOT NULL, "to_verify" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b402e9e6a4d11fbd58e076daa2f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "routing_rule_commune_scope_uq" ON "routing_rule"  ("category_key", "epci_id", "commune_code") WHERE commune_code IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "routing_rule_epci_scope_uq" ON "routing_rule"  ("category_key", "epci_id") WHERE commune_code IS NULL`);
        await queryRunner.query(`CREATE TABLE "need" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "category_key" text NOT NULL, "commune_code" character(5) NOT NULL, "status" text NOT NULL, "authority_id" uuid, "current_routing_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_218b14514f334ee6f39954f86ba" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "need_reference_uq" ON "need"  ("reference") `);
        await queryRunner.query(`CREATE INDEX "need_category_idx" ON "need"  ("category_key") `);
        await queryRunner.query(`CREATE INDEX "need_commune_idx" ON "need"  ("commune_code") `);
        await queryRunner.query(`CREATE INDEX "need_status_idx" ON "need"  ("status") `);
        await queryRunner.query(`CREATE INDEX "need_authority_idx" ON "need"  ("authority_id") `);
        await queryRunner.query(`CREATE INDEX "need_public_feed_idx" ON "need"  ("created_at", "id") WHERE status <> 'pending_confirmation'`);
        await queryRunner.query(`CREATE TABLE "need_routing" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "need_id" uuid NOT NULL, "rule_id" uuid, "level" character(1) NOT NULL, "authority_id" uuid NOT NULL, "reason" text NOT NULL, "kind" text NOT NULL DEFAULT 'initial', "job_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a87b23946c0d7122471716ea077" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "need_routing_need_idx" ON "need_routing"  ("need_id") `);
        await queryRunner.query(`CREATE TABLE "need_status_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "need_id" uuid NOT NULL, "status" text NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_77d28fb23d15ebbd54fc9f59959" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "need_status_change_need_idx" ON "need_status_change"  ("need_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "category" ADD CONSTRAINT "category_theme_fk" FOREIGN KEY ("theme_key") REFERENCES "theme"("key") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "commune" ADD CONSTRAINT "commune_epci_fk" FOREIGN KEY ("epci_id") REFERENCES "authority"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "commune" ADD CONSTRAINT "commune_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "delegated_commune" ADD CONSTRAINT "delegated_commune_commune_fk" FOREIGN KEY ("commune_code") REFERENCES "commune"("code") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_category_fk" FOREIGN KEY ("category_key") REFERENCES "category"("key") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_epci_fk" FOREIGN KEY ("epci_id") REFERENCES "authority"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_commune_fk" FOREIGN KEY ("commune_code") REFERENCES "commune"("code") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_external_authority_fk" FOREIGN KEY ("external_authority_id") REFERENCES "authority"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need" ADD CONSTRAINT "need_category_fk" FOREIGN KEY ("category_key") REFERENCES "category"("key") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need" ADD CONSTRAINT "need_commune_fk" FOREIGN KEY ("commune_code") REFERENCES "commune"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need" ADD CONSTRAINT "need_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_routing" ADD CONSTRAINT "need_routing_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_routing" ADD CONSTRAINT "need_routing_rule_fk" FOREIGN KEY ("rule_id") REFERENCES "routing_rule"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_routing" ADD CONSTRAINT "need_routing_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "need_status_change" ADD CONSTRAINT "need_status_change_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "need_status_change" DROP CONSTRAINT "need_status_change_need_fk"`);
        await queryRunner.query(`ALTER TABLE "need_routing" DROP CONSTRAINT "need_routing_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "need_routing" DROP CONSTRAINT "need_routing_rule_fk"`);
        await queryRunner.query(`ALTER TABLE "need_routing" DROP CONSTRAINT "need_routing_need_fk"`);
        await queryRunner.query(`ALTER TABLE "need" DROP CONSTRAINT "need_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "need" DROP CONSTRAINT "need_commune_fk"`);
        await queryRunner.query(`ALTER TABLE "need" DROP CONSTRAINT "need_category_fk"`);
        await queryRunner.query(`ALTER TABLE "routing_rule" DROP CONSTRAINT "routing_rule_external_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "routing_rule" DROP CONSTRAINT "routing_rule_commune_fk"`);
        await queryRunner.query(`ALTER TABLE "routing_rule" DROP CONSTRAINT "routing_rule_epci_fk"`);
        await queryRunner.query(`ALTER TABLE "routing_rule" DROP CONSTRAINT "routing_rule_category_fk"`);
        await queryRunner.query(`ALTER TABLE "delegated_commune" DROP CONSTRAINT "delegated_commune_commune_fk"`);
        await queryRunner.query(`ALTER TABLE "commune" DROP CONSTRAINT "commune_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "commune" DROP CONSTRAINT "commune_epci_fk"`);
        await queryRunner.query(`ALTER TABLE "category" DROP CONSTRAINT "category_theme_fk"`);
        await queryRunner.query(`DROP INDEX "public"."need_status_change_need_idx"`);
        await queryRunner.query(`DROP TABLE "need_status_change"`);
        await queryRunner.query(`DROP INDEX "public"."need_routing_need_idx"`);
        await queryRunner.query(`DROP TABLE "need_routing"`);
        await queryRunner.query(`DROP INDEX "public"."need_public_feed_idx"`);
        await queryRunner.query(`DROP INDEX "public"."need_authority_idx"`);
        await queryRunner.query(`DROP INDEX "public"."need_status_idx"`);
        await queryRunner.query(`DROP INDEX "public"."need_commune_idx"`);
        await queryRunner.query(`DROP INDEX "public"."need_category_idx"`);
        await queryRunner.query(`DROP INDEX "public"."need_reference_uq"`);
        await queryRunner.query(`DROP TABLE "need"`);
        await queryRunner.query(`DROP INDEX "public"."routing_rule_epci_scope_uq"`);
        await queryRunner.query(`DROP INDEX "public"."routing_rule_commune_scope_uq"`);
        await queryRunner.query(`DROP TABLE "routing_rule"`);
        await queryRunner.query(`DROP INDEX "public"."delegated_commune_code_commune_uq"`);
        await queryRunner.query(`DROP INDEX "public"."delegated_commune_commune_idx"`);
        await queryRunner.query(`DROP TABLE "delegated_commune"`);
        await queryRunner.query(`DROP INDEX "public"."commune_authority_uq"`);
        await queryRunner.query(`DROP INDEX "public"."commune_epci_idx"`);
        await queryRunner.query(`DROP TABLE "commune"`);
        await queryRunner.query(`DROP INDEX "public"."category_theme_idx"`);
        await queryRunner.query(`DROP TABLE "category"`);
        await queryRunner.query(`DROP TABLE "theme"`);
        await queryRunner.query(`DROP INDEX "public"."authority_kind_code_uq"`);
        await queryRunner.query(`DROP TABLE "authority"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_message_unpublished_idx"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_message_dedup_key_uq"`);
        await queryRunner.query(`DROP TABLE "outbox_message"`);
    }

}

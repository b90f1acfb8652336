import type { MigrationInterface, QueryRunner } from "typeorm";

export class InboxExports1795900500000 implements MigrationInterface {
    name = 'InboxExports1795900500000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "inbox_export" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "authority_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "filter" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'queued', "rows_done" integer NOT NULL DEFAULT '0', "rows_total" integer, "file_key" text, "link_secret" text NOT NULL, "claim_id" uuid, "heartbeat_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "inbox_export_status_check" CHECK (status IN ('queued', 'running', 'done', 'failed')), CONSTRAINT "inbox_export_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "inbox_export_expires_idx" ON "inbox_export"  ("expires_at") `);
        await queryRunner.query(`CREATE INDEX "inbox_export_requested_by_idx" ON "inbox_export"  ("requested_by", "created_at") `);
        await queryRunner.query(`ALTER TABLE "audit_entry" ADD "authority_id" uuid`);
        await queryRunner.query(`CREATE INDEX "audit_entry_authority_idx" ON "audit_entry"  ("authority_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "inbox_export" ADD CONSTRAINT "inbox_export_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_export" ADD CONSTRAINT "inbox_export_requested_by_fk" FOREIGN KEY ("requested_by") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Entries written before the column: filed as AuditService.record files new ones.
        await queryRunner.query(`UPDATE "audit_entry" e SET "authority_id" = CASE
            WHEN e.subject_type = 'authority' THEN e.subject_id
            WHEN (e.after->>'authorityId') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (e.after->>'authorityId')::uuid
            WHEN (e.before->>'authorityId') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (e.before->>'authorityId')::uuid
            WHEN e.subject_type = 'need' THEN (SELECT n.authority_id FROM need n WHERE n.id = e.subject_id)
          END`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "inbox_export" DROP CONSTRAINT "inbox_export_requested_by_fk"`);
        await queryRunner.query(`ALTER TABLE "inbox_export" DROP CONSTRAINT "inbox_export_authority_fk"`);
        await queryRunner.query(`DROP INDEX "public"."audit_entry_authority_idx"`);
        await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "authority_id"`);
        await queryRunner.query(`DROP INDEX "public"."inbox_export_requested_by_idx"`);
        await queryRunner.query(`DROP INDEX "public"."inbox_export_expires_idx"`);
        await queryRunner.query(`DROP TABLE "inbox_export"`);
    }

}

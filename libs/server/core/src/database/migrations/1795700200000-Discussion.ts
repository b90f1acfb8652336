import type { MigrationInterface, QueryRunner } from "typeorm";

export class Discussion1795700200000 implements MigrationInterface {
    name = 'Discussion1795700200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "need_id" uuid NOT NULL, "parent_id" uuid, "author_id" uuid, "organisation_id" uuid, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "edited_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "comment_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "comment_author_idx" ON "comment"  ("author_id") `);
        await queryRunner.query(`CREATE INDEX "comment_parent_idx" ON "comment"  ("parent_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "comment_need_thread_idx" ON "comment"  ("need_id", "created_at", "id") WHERE parent_id IS NULL`);
        await queryRunner.query(`CREATE TABLE "comment_report" ("comment_id" uuid NOT NULL, "reporter_id" uuid NOT NULL, "reason" text NOT NULL, "detail" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "comment_report_pk" PRIMARY KEY ("comment_id", "reporter_id"))`);
        await queryRunner.query(`CREATE INDEX "comment_report_reporter_idx" ON "comment_report"  ("reporter_id") `);
        await queryRunner.query(`CREATE INDEX "comment_report_created_idx" ON "comment_report"  ("created_at") `);
        await queryRunner.query(`CREATE TABLE "notification_preference" ("person_id" uuid NOT NULL, "mode" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "notification_preference_pk" PRIMARY KEY ("person_id"))`);
        await queryRunner.query(`CREATE TABLE "notification" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "event_key" text NOT NULL, "kind" text NOT NULL, "need_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "person_id" uuid NOT NULL, "delivery" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "notification_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "notification_need_idx" ON "notification"  ("need_id") `);
        await queryRunner.query(`CREATE INDEX "notification_pending_digest_idx" ON "notification"  ("person_id") WHERE delivery = 'digest' AND sent_at IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "notification_event_person_uq" ON "notification"  ("event_key", "person_id") `);
        await queryRunner.query(`CREATE TABLE "notification_digest_run" ("person_id" uuid NOT NULL, "day" date NOT NULL, "item_count" integer NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "notification_digest_run_pk" PRIMARY KEY ("person_id", "day"))`);
        await queryRunner.query(`CREATE TABLE "notification_unsubscribe_token" ("token_hash" bytea NOT NULL, "person_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "notification_unsubscribe_token_pk" PRIMARY KEY ("token_hash"))`);
        await queryRunner.query(`CREATE INDEX "notification_unsubscribe_token_person_idx" ON "notification_unsubscribe_token"  ("person_id") `);
        await queryRunner.query(`ALTER TABLE "comment" ADD CONSTRAINT "comment_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "comment" ADD CONSTRAINT "comment_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "comment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "comment" ADD CONSTRAINT "comment_author_fk" FOREIGN KEY ("author_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "comment" ADD CONSTRAINT "comment_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "comment_report" ADD CONSTRAINT "comment_report_comment_fk" FOREIGN KEY ("comment_id") REFERENCES "comment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "comment_report" ADD CONSTRAINT "comment_report_reporter_fk" FOREIGN KEY ("reporter_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notification_preference" ADD CONSTRAINT "notification_preference_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "notification_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "notification_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notification_digest_run" ADD CONSTRAINT "notification_digest_run_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notification_unsubscribe_token" ADD CONSTRAINT "notification_unsubscribe_token_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notification_unsubscribe_token" DROP CONSTRAINT "notification_unsubscribe_token_person_fk"`);
        await queryRunner.query(`ALTER TABLE "notification_digest_run" DROP CONSTRAINT "notification_digest_run_person_fk"`);
        await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "notification_person_fk"`);
        await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "notification_need_fk"`);
        await queryRunner.query(`ALTER TABLE "notification_preference" DROP CONSTRAINT "notification_preference_person_fk"`);
        await queryRunner.query(`ALTER TABLE "comment_report" DROP CONSTRAINT "comment_report_reporter_fk"`);
        await queryRunner.query(`ALTER TABLE "comment_report" DROP CONSTRAINT "comment_report_comment_fk"`);
        await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "comment_organisation_fk"`);
        await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "comment_author_fk"`);
        await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "comment_parent_fk"`);
        await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "comment_need_fk"`);
        await queryRunner.query(`DROP INDEX "public"."notification_unsubscribe_token_person_idx"`);
        await queryRunner.query(`DROP TABLE "notification_unsubscribe_token"`);
        await queryRunner.query(`DROP TABLE "notification_digest_run"`);
        await queryRunner.query(`DROP INDEX "public"."notification_event_person_uq"`);
        await queryRunner.query(`DROP INDEX "public"."notification_pending_digest_idx"`);
        await queryRunner.query(`DROP INDEX "public"."notification_need_idx"`);
        await queryRunner.query(`DROP TABLE "notification"`);
        await queryRunner.query(`DROP TABLE "notification_preference"`);
        await queryRunner.query(`DROP INDEX "public"."comment_report_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."comment_report_reporter_idx"`);
        await queryRunner.query(`DROP TABLE "comment_report"`);
        await queryRunner.query(`DROP INDEX "public"."comment_need_thread_idx"`);
        await queryRunner.query(`DROP INDEX "public"."comment_parent_idx"`);
        await queryRunner.query(`DROP INDEX "public"."comment_author_idx"`);
        await queryRunner.query(`DROP TABLE "comment"`);
    }

}

import type { MigrationInterface, QueryRunner } from "typeorm";

export class Accounts1795647916794 implements MigrationInterface {
    name = 'Accounts1795647916794'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "mail_delivery" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "delivery_key" text NOT NULL, "recipient" text NOT NULL, "subject" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d3538fca7dd3bf4d2f4ffc38a8c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "mail_delivery_key_recipient_uq" ON "mail_delivery"  ("delivery_key", "recipient") `);
        await queryRunner.query(`CREATE TABLE "attempt" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5f822b29b3128d1c65d3d6c193d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "attempt_key_at_idx" ON "attempt"  ("key", "created_at") `);
        await queryRunner.query(`CREATE TABLE "email_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purpose" text NOT NULL, "token_hash" bytea, "person_id" uuid, "email" text NOT NULL, "subject_id" uuid, "detail" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7175dbe70853f76bcbcb1285f92" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "email_token_hash_uq" ON "email_token"  ("token_hash") WHERE token_hash IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "email_token_person_idx" ON "email_token"  ("person_id") `);
        await queryRunner.query(`CREATE TABLE "person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pseudonym" text NOT NULL, "pseudonym_key" text NOT NULL, "email" text, "email_verified_at" TIMESTAMP WITH TIME ZONE, "password_hash" text, "given_name" text, "family_name" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_active_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deactivated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "person_pseudonym_key_uq" ON "person"  ("pseudonym_key") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "person_email_uq" ON "person"  ("email") `);
        await queryRunner.query(`CREATE TABLE "external_identity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider" text NOT NULL, "subject" text NOT NULL, "person_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_390cd58fc7a0124d5fc815e99a3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "external_identity_person_idx" ON "external_identity"  ("person_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "external_identity_provider_subject_uq" ON "external_identity"  ("provider", "subject") `);
        await queryRunner.query(`CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "kind" text NOT NULL, "identifier_type" text NOT NULL, "identifier" text, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "organisation_member" ("organisation_id" uuid NOT NULL, "person_id" uuid NOT NULL, "role" text NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_85b34fc32c0e6c4c0482c872911" PRIMARY KEY ("organisation_id", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "organisation_member_person_idx" ON "organisation_member"  ("person_id") `);
        await queryRunner.query(`CREATE TABLE "role_assignment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "role" text NOT NULL, "authority_id" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7e79671a8a5db18936173148cb4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "role_assignment_person_idx" ON "role_assignment"  ("person_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "role_assignment_global_uq" ON "role_assignment"  ("person_id", "role") WHERE authority_id IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "role_assignment_uq" ON "role_assignment"  ("person_id", "role", "authority_id") WHERE authority_id IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" bytea NOT NULL, "person_id" uuid NOT NULL, "auth_method" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "idle_timeout_seconds" integer, "ip" text, "user_agent" text, "id_token" text, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "session_token_hash_uq" ON "session"  ("token_hash") `);
        await queryRunner.query(`CREATE INDEX "session_person_idx" ON "session"  ("person_id") `);
        await queryRunner.query(`ALTER TABLE "external_identity" ADD CONSTRAINT "external_identity_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisation_member" ADD CONSTRAINT "organisation_member_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisation_member" ADD CONSTRAINT "organisation_member_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "role_assignment" ADD CONSTRAINT "role_assignment_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "role_assignment" ADD CONSTRAINT "role_assignment_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "authority"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "session" ADD CONSTRAINT "session_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "session_person_fk"`);
        await queryRunner.query(`ALTER TABLE "role_assignment" DROP CONSTRAINT "role_assignment_authority_fk"`);
        await queryRunner.query(`ALTER TABLE "role_assignment" DROP CONSTRAINT "role_assignment_person_fk"`);
        await queryRunner.query(`ALTER TABLE "organisation_member" DROP CONSTRAINT "organisation_member_person_fk"`);
        await queryRunner.query(`ALTER TABLE "organisation_member" DROP CONSTRAINT "organisation_member_organisation_fk"`);
        await queryRunner.query(`ALTER TABLE "external_identity" DROP CONSTRAINT "external_identity_person_fk"`);
        await queryRunner.query(`DROP INDEX "public"."session_person_idx"`);
        await queryRunner.query(`DROP INDEX "public"."session_token_hash_uq"`);
        await queryRunner.query(`DROP TABLE "session"`);
        await queryRunner.query(`DROP INDEX "public"."role_assignment_uq"`);
        await queryRunner.query(`DROP INDEX "public"."role_assignment_global_uq"`);
        await queryRunner.query(`DROP INDEX "public"."role_assignment_person_idx"`);
        await queryRunner.query(`DROP TABLE "role_assignment"`);
        await queryRunner.query(`DROP INDEX "public"."organisation_member_person_idx"`);
        await queryRunner.query(`DROP TABLE "organisation_member"`);
        await queryRunner.query(`DROP TABLE "organisation"`);
        await queryRunner.query(`DROP INDEX "public"."external_identity_provider_subject_uq"`);
        await queryRunner.query(`DROP INDEX "public"."external_identity_person_idx"`);
        await queryRunner.query(`DROP TABLE "external_identity"`);
        await queryRunner.query(`DROP INDEX "public"."person_email_uq"`);
        await queryRunner.query(`DROP INDEX "public"."person_pseudonym_key_uq"`);
        await queryRunner.query(`DROP TABLE "person"`);
        await queryRunner.query(`DROP INDEX "public"."email_token_person_idx"`);
        await queryRunner.query(`DROP INDEX "public"."email_token_hash_uq"`);
        await queryRunner.query(`DROP TABLE "email_token"`);
        await queryRunner.query(`DROP INDEX "public"."attempt_key_at_idx"`);
        await queryRunner.query(`DROP TABLE "attempt"`);
        await queryRunner.query(`DROP INDEX "public"."mail_delivery_key_recipient_uq"`);
        await queryRunner.query(`DROP TABLE "mail_delivery"`);
    }

}

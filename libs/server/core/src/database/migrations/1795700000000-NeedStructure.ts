import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 4, needs-core: structured fields of a need, photos, drafts, and the search indexes
// (French full-text with unaccent through an immutable wrapper, trigram similarity on titles).
export class NeedStructure1795700000000 implements MigrationInterface {
  name = 'NeedStructure1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // unaccent() is only STABLE (its dictionary could change): an index needs an IMMUTABLE wrapper.
    // Names are schema-qualified: index builds run with a restricted search_path (PostgreSQL ≥ 17).
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION pit_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
         AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`,
    );
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION pit_need_search(title text, description text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
         AS $$ SELECT setweight(to_tsvector('pg_catalog.french', public.pit_unaccent(coalesce(title, ''))), 'A')
                   || setweight(to_tsvector('pg_catalog.french', public.pit_unaccent(coalesce(description, ''))), 'B') $$`,
    );
    await queryRunner.query(`ALTER TABLE "need" ADD "kind" text NOT NULL DEFAULT 'need'`);
    await queryRunner.query(`ALTER TABLE "need" ADD "affected_groups" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "need" ADD "frequency" text`);
    await queryRunner.query(`ALTER TABLE "need" ADD "people_range" text`);
    await queryRunner.query(`ALTER TABLE "need" ADD "address_label" text`);
    await queryRunner.query(`ALTER TABLE "need" ADD "address_lat" double precision`);
    await queryRunner.query(`ALTER TABLE "need" ADD "address_lon" double precision`);
    await queryRunner.query(`ALTER TABLE "need" ADD "organisation_id" uuid`);
    await queryRunner.query(`ALTER TABLE "need" ADD "edited_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "need_organisation_idx" ON "need" ("organisation_id") `);
    await queryRunner.query(
      `ALTER TABLE "need" ADD CONSTRAINT "need_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE INDEX "need_search_idx" ON "need" USING gin (public.pit_need_search(title, description))`);
    await queryRunner.query(`CREATE INDEX "need_title_trgm_idx" ON "need" USING gin (public.pit_unaccent(lower(title)) public.gin_trgm_ops)`);

    await queryRunner.query(
      `CREATE TABLE "need_draft" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "payload" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_need_draft" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "need_draft_person_idx" ON "need_draft" ("person_id", "updated_at") `);
    await queryRunner.query(
      `ALTER TABLE "need_draft" ADD CONSTRAINT "need_draft_person_fk" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TABLE "need_photo" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" bytea NOT NULL, "need_id" uuid, "draft_id" uuid,
        "uploaded_by" uuid, "position" smallint, "alt" text, "storage_key" text NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL,
        "bytes" integer NOT NULL, "page_bytes" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_need_photo" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "need_photo_token_uq" ON "need_photo" ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "need_photo_need_idx" ON "need_photo" ("need_id", "position") `);
    await queryRunner.query(`CREATE INDEX "need_photo_draft_idx" ON "need_photo" ("draft_id") `);
    await queryRunner.query(
      `ALTER TABLE "need_photo" ADD CONSTRAINT "need_photo_need_fk" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "need_photo" ADD CONSTRAINT "need_photo_draft_fk" FOREIGN KEY ("draft_id") REFERENCES "need_draft"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "need_photo" ADD CONSTRAINT "need_photo_person_fk" FOREIGN KEY ("uploaded_by") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "need_photo"`);
    await queryRunner.query(`DROP TABLE "need_draft"`);
    await queryRunner.query(`DROP INDEX "public"."need_title_trgm_idx"`);
    await queryRunner.query(`DROP INDEX "public"."need_search_idx"`);
    await queryRunner.query(`ALTER TABLE "need" DROP CONSTRAINT "need_organisation_fk"`);
    await queryRunner.query(`DROP INDEX "public"."need_organisation_idx"`);
    for (const column of ['edited_at', 'organisation_id', 'address_lon', 'address_lat', 'address_label', 'people_range', 'frequency', 'affected_groups', 'kind']) {
      await queryRunner.query(`ALTER TABLE "need" DROP COLUMN "${column}"`);
    }
    await queryRunner.query(`DROP FUNCTION pit_need_search(text, text)`);
    await queryRunner.query(`DROP FUNCTION pit_unaccent(text)`);
  }
}

import type { MigrationInterface, QueryRunner } from "typeorm";

export class OpenData1795901200000 implements MigrationInterface {
    name = 'OpenData1795901200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "open_data_publication" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "day" date NOT NULL, "format" text NOT NULL, "storage_key" text NOT NULL, "row_count" integer NOT NULL, "bytes" integer NOT NULL, "sha256" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "open_data_publication_day_format_key" UNIQUE ("day", "format"), CONSTRAINT "open_data_publication_format_check" CHECK (format IN ('csv', 'json', 'geojson')), CONSTRAINT "open_data_publication_pk" PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "open_data_publication"`);
    }

}

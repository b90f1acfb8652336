import type { MigrationInterface, QueryRunner } from "typeorm";

export class HelpPlaces1795900700000 implements MigrationInterface {
    name = 'HelpPlaces1795900700000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "help_place" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "pivot" text NOT NULL, "street" text NOT NULL, "address_complement" text, "postal_code" character(5) NOT NULL, "commune_code" character(5) NOT NULL, "latitude" double precision, "longitude" double precision, "typologies" text array NOT NULL DEFAULT '{}', "services" text array NOT NULL, "phone" text, "emails" text array NOT NULL DEFAULT '{}', "websites" text array NOT NULL DEFAULT '{}', "opening_hours" text, "summary" text, "access_modes" text array NOT NULL DEFAULT '{}', "support_modes" text array NOT NULL DEFAULT '{}', "fees" text array NOT NULL DEFAULT '{}', "publics" text array NOT NULL DEFAULT '{}', "appointment_url" text, "example" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "help_place_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "help_place_commune_idx" ON "help_place"  ("commune_code") `);
        await queryRunner.query(`ALTER TABLE "help_place" ADD CONSTRAINT "help_place_commune_fk" FOREIGN KEY ("commune_code") REFERENCES "commune"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "help_place" DROP CONSTRAINT "help_place_commune_fk"`);
        await queryRunner.query(`DROP INDEX "public"."help_place_commune_idx"`);
        await queryRunner.query(`DROP TABLE "help_place"`);
    }

}

import { applyDecorators } from '@nestjs/common';
import { Field, Float, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';

@ObjectType('HelpPlaceAddress', { description: 'Address of a help place (schema fields adresse, complement_adresse, code_postal, commune, code_insee)' })
export class HelpPlaceAddressType {
  @Field(() => String)
  street!: string;

  @Field(() => String, { nullable: true })
  complement!: string | null;

  @Field(() => String)
  postalCode!: string;

  @Field(() => String, { description: 'INSEE code' })
  communeCode!: string;

  @Field(() => String)
  communeName!: string;
}

@ObjectType('HelpPlace', { description: 'A place that helps with digital procedures (lieu de médiation numérique, La MedNum/ANCT schema)' })
export class HelpPlaceType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'SIRET or RNA (schema field pivot); 14 zeros when unknown' })
  pivot!: string;

  @Field(() => HelpPlaceAddressType)
  address!: HelpPlaceAddressType;

  @Field(() => Float, { nullable: true })
  latitude!: number | null;

  @Field(() => Float, { nullable: true })
  longitude!: number | null;

  @Field(() => [String], { description: 'Schema typologies (e.g. RFS for France services)' })
  typologies!: string[];

  @Field(() => [String], { description: 'Schema services, in French (e.g. "Aide aux démarches administratives")' })
  services!: string[];

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => [String])
  emails!: string[];

  @Field(() => [String])
  websites!: string[];

  @Field(() => String, { nullable: true, description: 'OpenStreetMap opening_hours value' })
  openingHours!: string | null;

  @Field(() => [String], { description: 'The opening hours in short French sentences, one per group of days' })
  openingHoursText!: string[];

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => [String], { description: 'Schema modalites_acces' })
  accessModes!: string[];

  @Field(() => [String], { description: 'Schema modalites_accompagnement' })
  supportModes!: string[];

  @Field(() => [String], { description: 'Schema frais_a_charge' })
  fees!: string[];

  @Field(() => [String], { description: 'Schema publics_specifiquement_adresses' })
  publics!: string[];

  @Field(() => String, { nullable: true, description: 'Schema prise_rdv' })
  appointmentUrl!: string | null;

  @Field(() => Boolean, { description: 'Seeded as an example: not a verified place' })
  example!: boolean;

  @Field(() => Date, { description: 'Schema date_maj' })
  updatedAt!: Date;
}

@ObjectType('HelpPlaceChoices', { description: 'The values the La MedNum/ANCT schema lists, for the admin form' })
export class HelpPlaceChoicesType {
  @Field(() => [String])
  services!: string[];

  @Field(() => [String])
  typologies!: string[];

  @Field(() => [String])
  accessModes!: string[];

  @Field(() => [String])
  supportModes!: string[];

  @Field(() => [String])
  fees!: string[];

  @Field(() => [String])
  publics!: string[];
}

/** An optional list of short texts (schema values, emails, websites): its type, size and each item's length. */
function TextList(message: string, itemLength: number, required = false) {
  return applyDecorators(
    Field(() => [String], { nullable: !required }),
    ...(required ? [] : [IsOptional()]),
    IsArray({ message }),
    ArrayMaxSize(50, { message: 'Pas plus de 20 valeurs.' }),
    IsString({ each: true, message }),
    MaxLength(itemLength, { each: true, message }),
  );
}
const LIST = 'Choisissez des valeurs de la liste.';

@InputType('SaveHelpPlaceInput', { description: 'Creates a help place (without id) or changes one; checked against the La MedNum/ANCT schema' })
export class SaveHelpPlaceInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString({ message: 'Ce lieu n’existe pas (ou plus).' })
  @MaxLength(100, { message: 'Ce lieu n’existe pas (ou plus).' })
  id?: string | null;

  @Field(() => String)
  @IsString({ message: 'Donnez le nom du lieu.' })
  @MaxLength(2000, { message: 'Le nom doit tenir en 200 caractères.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'SIRET or RNA; 14 zeros when unknown (the default)' })
  @IsOptional()
  @IsString({ message: 'Indiquez le SIRET ou le numéro RNA.' })
  @MaxLength(100, { message: 'Indiquez le SIRET (14 chiffres) ou le numéro RNA (W suivi de 9 chiffres).' })
  pivot?: string | null;

  @Field(() => String)
  @IsString({ message: 'Indiquez le numéro et la voie.' })
  @MaxLength(3000, { message: 'L’adresse doit tenir en 300 caractères.' })
  street!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString({ message: 'Le complément d’adresse doit être un texte.' })
  @MaxLength(3000, { message: 'Le complément d’adresse doit tenir en 300 caractères.' })
  addressComplement?: string | null;

  @Field(() => String)
  @IsString({ message: 'Le code postal compte 5 chiffres.' })
  @MaxLength(20, { message: 'Le code postal compte 5 chiffres.' })
  postalCode!: string;

  @Field(() => String, { description: 'INSEE code of a commune of the territory' })
  @IsString({ message: 'Choisissez une commune du territoire.' })
  @MaxLength(20, { message: 'Choisissez une commune du territoire.' })
  communeCode!: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({}, { message: 'La latitude doit être un nombre (exemple : 47.47).' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({}, { message: 'La longitude doit être un nombre (exemple : -0.55).' })
  longitude?: number | null;

  @TextList('Choisissez des typologies de la liste du schéma.', 200)
  typologies?: string[] | null;

  @TextList('Choisissez au moins un service de la liste du schéma.', 200, true)
  services!: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString({ message: 'Le téléphone doit être un texte.' })
  @MaxLength(100, { message: 'Ce numéro de téléphone n’est pas valide (exemple : 02 41 00 00 00 ou +33241000000).' })
  phone?: string | null;

  @TextList('Indiquez des adresses e-mail.', 300)
  emails?: string[] | null;

  @TextList('Indiquez des adresses web (https://…).', 1000)
  websites?: string[] | null;

  @Field(() => String, { nullable: true, description: 'OpenStreetMap opening_hours value, e.g. "Mo-Fr 09:00-12:00,14:00-17:00; PH off"' })
  @IsOptional()
  @IsString({ message: 'Les horaires doivent être un texte au format OpenStreetMap.' })
  @MaxLength(5000, { message: 'Les horaires doivent tenir en 500 caractères.' })
  openingHours?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString({ message: 'La présentation doit être un texte.' })
  @MaxLength(10_000, { message: 'La présentation doit tenir en 1000 caractères.' })
  summary?: string | null;

  @TextList(LIST, 200)
  accessModes?: string[] | null;

  @TextList(LIST, 200)
  supportModes?: string[] | null;

  @TextList(LIST, 200)
  fees?: string[] | null;

  @TextList(LIST, 200)
  publics?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString({ message: 'Le lien de prise de rendez-vous doit être une adresse web.' })
  @MaxLength(1000, { message: 'Le lien de prise de rendez-vous est trop long.' })
  appointmentUrl?: string | null;
}

@ObjectType('HelpPlaceSchemaRow', {
  description: 'A help place as one row of the La MedNum/ANCT open-data schema (schema field names; lists joined by |)',
})
export class HelpPlaceSchemaRowType {
  @Field(() => String) id!: string;
  @Field(() => String) nom!: string;
  @Field(() => String) pivot!: string;
  @Field(() => String) adresse!: string;
  @Field(() => String, { nullable: true }) complement_adresse?: string;
  @Field(() => String) code_postal!: string;
  @Field(() => String) commune!: string;
  @Field(() => String, { nullable: true }) code_insee?: string;
  @Field(() => Float, { nullable: true }) latitude?: number;
  @Field(() => Float, { nullable: true }) longitude?: number;
  @Field(() => String, { nullable: true }) typologie?: string;
  @Field(() => String, { nullable: true }) services?: string;
  @Field(() => String, { nullable: true }) telephone?: string;
  @Field(() => String, { nullable: true }) courriels?: string;
  @Field(() => String, { nullable: true }) site_web?: string;
  @Field(() => String, { nullable: true }) horaires?: string;
  @Field(() => String, { nullable: true }) presentation_resume?: string;
  @Field(() => String, { nullable: true }) modalites_acces?: string;
  @Field(() => String, { nullable: true }) modalites_accompagnement?: string;
  @Field(() => String, { nullable: true }) frais_a_charge?: string;
  @Field(() => String, { nullable: true }) publics_specifiquement_adresses?: string;
  @Field(() => String, { nullable: true }) prise_rdv?: string;
  @Field(() => String) date_maj!: string;
  @Field(() => String, { nullable: true }) source?: string;
}

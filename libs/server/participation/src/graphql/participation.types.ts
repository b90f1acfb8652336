import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { OrganisationKindEnum } from '@pit/accounts/graphql';

@ObjectType('NeedBacking', { description: "A verified organisation's backing of a need (shown apart from residents' supports)" })
export class NeedBackingType {
  @Field(() => ID)
  organisationId!: string;

  @Field(() => String)
  organisationName!: string;

  @Field(() => OrganisationKindEnum)
  organisationKind!: OrganisationKindEnum;

  @Field(() => String, { description: 'Between 10 and 500 characters' })
  statement!: string;

  @Field(() => Date)
  backedAt!: Date;
}

@ObjectType('BackingOption', { description: 'An organisation the viewer represents, and whether it backs the need' })
export class BackingOptionType {
  @Field(() => ID)
  organisationId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => OrganisationKindEnum)
  kind!: OrganisationKindEnum;

  @Field(() => Boolean, { description: 'Only verified organisations may back a need' })
  verified!: boolean;

  @Field(() => Boolean)
  backs!: boolean;
}

@ObjectType('NeedParticipation', { description: "A need's supports and the viewer's part in them, after a participation mutation" })
export class NeedParticipationType {
  @Field(() => ID)
  needId!: string;

  @Field(() => Int, { description: 'Online and paper supports' })
  supportCount!: number;

  @Field(() => Int)
  supportThreshold!: number;

  @Field(() => Int)
  backingCount!: number;

  @Field(() => Boolean)
  viewerSupports!: boolean;

  @Field(() => Boolean)
  viewerFollows!: boolean;

  @Field(() => Date, { nullable: true, description: 'Set once the threshold is reached: the official answer is due before this date' })
  officialAnswerDueAt!: Date | null;
}

@ObjectType('ParticipationSettings', { description: "An authority's support threshold and answer delay" })
export class ParticipationSettingsType {
  @Field(() => ID)
  authorityId!: string;

  @Field(() => Int, { description: 'Supports (online and paper) that oblige an official answer; default 50' })
  supportThreshold!: number;

  @Field(() => Int, { description: 'Days the authority has to answer once the threshold is reached; default 60' })
  answerDelayDays!: number;

  @Field(() => Int, { description: 'Target days to the first answer on a need routed here (accountability clock); default 30' })
  firstAnswerDays!: number;

  @Field(() => Date, { nullable: true, description: 'Null while the defaults apply' })
  updatedAt!: Date | null;
}

@InputType('ParticipationSettingsInput')
export class ParticipationSettingsInput {
  @Field(() => Int)
  @IsInt({ message: 'Le seuil de soutiens est un nombre entier.' })
  supportThreshold!: number;

  @Field(() => Int)
  @IsInt({ message: 'Le délai de réponse est un nombre entier de jours.' })
  answerDelayDays!: number;

  @Field(() => Int, { nullable: true, description: 'Target days to the first answer (1-365); unchanged when omitted' })
  @IsOptional()
  @IsInt({ message: 'Le délai de première réponse est un nombre entier de jours.' })
  firstAnswerDays?: number | null;
}

@InputType('BackNeedInput')
export class BackNeedInput {
  @Field(() => ID)
  @IsString({ message: "Choisissez l'organisation." })
  @MaxLength(100, { message: "Cet identifiant n'est pas valide." })
  needId!: string;

  @Field(() => ID)
  @IsString({ message: "Choisissez l'organisation." })
  @MaxLength(100, { message: "Cet identifiant n'est pas valide." })
  organisationId!: string;

  @Field(() => String, { description: 'Between 10 and 500 characters' })
  @IsString({ message: 'La déclaration doit être un texte.' })
  @MaxLength(5000, { message: 'La déclaration compte 500 caractères au plus.' })
  statement!: string;
}

@InputType('PaperSupportInput', { description: 'One support collected on paper; the identity is kept only as a keyed hash' })
export class PaperSupportInput {
  @Field(() => ID)
  @IsString({ message: 'Choisissez le besoin.' })
  @MaxLength(100, { message: "Ce besoin n'existe pas ou n'est pas public." })
  needId!: string;

  @Field(() => String, { description: 'First and last name as written on the sheet (never stored in clear)' })
  @IsString({ message: 'Indiquez le prénom et le nom de la personne, comme sur la feuille.' })
  @MaxLength(1000, { message: 'Le prénom et le nom comptent 200 caractères au plus.' })
  name!: string;

  @Field(() => Int, { description: 'Year of birth as written on the sheet (never stored in clear)' })
  @IsInt({ message: "Indiquez l'année de naissance en 4 chiffres." })
  birthYear!: number;

  @Field(() => String, { description: "INSEE code of the person's commune" })
  @IsString({ message: 'Choisissez la commune de la personne.' })
  @MaxLength(5, { message: 'Choisissez la commune de la personne.' })
  communeCode!: string;

  @Field(() => Boolean, { description: 'The mediator saw the signature on the sheet; must be true' })
  @IsBoolean({ message: 'Cochez « Signature vue » : un soutien sur papier compte seulement signé.' })
  signatureSeen!: boolean;
}

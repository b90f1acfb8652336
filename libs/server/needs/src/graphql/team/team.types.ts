import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { AuthorityType, CategoryType, CommuneType, CompetenceLevelEnum } from '@pit/territory/graphql';

@ObjectType('StaffMember', { description: 'An agent of an authority, as their colleagues see them' })
export class StaffMemberType {
  @Field(() => ID, { description: 'The person' })
  id!: string;

  @Field(() => String, { description: 'Their pseudonym' })
  displayName!: string;

  @Field(() => Int, { description: 'Needs of this authority assigned to them' })
  assignedCount!: number;
}

@ObjectType('NeedHandover', { description: "An agent's needs handed to a colleague during an absence" })
export class NeedHandoverType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  fromPersonId!: string;

  @Field(() => String)
  fromName!: string;

  @Field(() => ID)
  toPersonId!: string;

  @Field(() => String)
  toName!: string;

  @Field(() => String, { nullable: true, description: 'Day of return (YYYY-MM-DD), if known' })
  until!: string | null;

  @Field(() => Int, { description: 'Needs moved' })
  needCount!: number;

  @Field(() => Date)
  createdAt!: Date;
}

export enum StaffAlertModeEnum {
  IMMEDIATE = 'immediate',
  DAILY = 'daily',
  OFF = 'off',
}
registerEnumType(StaffAlertModeEnum, {
  name: 'StaffAlertMode',
  description: 'How an agent hears of new needs routed to their authority: one email each, a daily digest (default), or nothing',
});

@ObjectType('StaffAlertSettings')
export class StaffAlertSettingsType {
  @Field(() => StaffAlertModeEnum)
  mode!: StaffAlertModeEnum;
}

@InputType('HandOverNeedsInput', { description: "Every need of the authority assigned to fromPersonId goes to toPersonId (an agent of that authority)" })
export class HandOverNeedsInput {
  @Field(() => ID)
  @IsString({ message: 'Choisissez l’agent absent dans la liste.' })
  @MaxLength(100, { message: 'Choisissez l’agent absent dans la liste.' })
  fromPersonId!: string;

  @Field(() => ID)
  @IsString({ message: 'Choisissez le collègue qui reprend les besoins.' })
  @MaxLength(100, { message: 'Choisissez le collègue qui reprend les besoins.' })
  toPersonId!: string;

  @Field(() => String, { nullable: true, description: 'Day of return (YYYY-MM-DD), shown to the team; optional' })
  @IsOptional()
  @IsString({ message: 'Indiquez la date de retour au format AAAA-MM-JJ, ou laissez vide.' })
  @MaxLength(10, { message: 'Indiquez la date de retour au format AAAA-MM-JJ, ou laissez vide.' })
  until?: string | null;
}

@ObjectType('HandOverResult')
export class HandOverResultType {
  @Field(() => Int, { description: 'Needs moved to the colleague' })
  moved!: number;
}

@ObjectType('DeactivateStaffResult')
export class DeactivateStaffResultType {
  @Field(() => Int, { description: 'Agent roles revoked' })
  revokedRoles!: number;

  @Field(() => Int, { description: "Needs returned to their authority's unassigned queue" })
  unassignedNeeds!: number;

  @Field(() => Int, { description: 'Staff sessions ended' })
  endedSessions!: number;
}

@ObjectType('CoAssignment', { description: 'A second authority working on a need beside the one in charge, with the public reason' })
export class CoAssignmentType {
  @Field(() => AuthorityType)
  authority!: AuthorityType;

  @Field(() => String)
  reason!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@InputType('CoAssignNeedInput')
export class CoAssignNeedInput {
  @Field(() => ID, { description: 'The authority that works on the need too' })
  @IsString({ message: 'Choisissez une collectivité du territoire dans la liste.' })
  @MaxLength(100, { message: 'Choisissez une collectivité du territoire dans la liste.' })
  authorityId!: string;

  @Field(() => String, { description: 'Public reason, 10 to 1000 characters' })
  @IsString({ message: 'Le motif doit être un texte.' })
  @MaxLength(10_000, { message: 'Le motif est beaucoup trop long (1000 caractères au plus).' })
  reason!: string;
}

@ObjectType('RoutingRule', { description: 'Category × EPCI (optionally one commune) → the competent level and the sentence shown to residents' })
export class RoutingRuleType {
  @Field(() => ID)
  id!: string;

  @Field(() => CategoryType)
  category!: CategoryType;

  @Field(() => AuthorityType)
  epci!: AuthorityType;

  @Field(() => CommuneType, { nullable: true, description: 'Null: the rule of the whole EPCI' })
  commune!: CommuneType | null;

  @Field(() => CompetenceLevelEnum)
  level!: CompetenceLevelEnum;

  @Field(() => String, { description: 'Sentence shown to residents; {de_autorite} and {a_autorite} are replaced by the authority' })
  sentence!: string;

  @Field(() => AuthorityType, { nullable: true, description: 'Level EXTERNAL only: the outside body' })
  externalAuthority!: AuthorityType | null;

  @Field(() => Boolean, { description: 'Seeded from a cell marked "?" and not reviewed since' })
  toVerify!: boolean;

  @Field(() => Date)
  updatedAt!: Date;
}

@InputType('SaveRoutingRuleInput', { description: 'Creates a rule (without id) or changes one; applies to needs routed afterwards' })
export class SaveRoutingRuleInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString({ message: 'Cette règle n’existe pas (ou plus).' })
  @MaxLength(100, { message: 'Cette règle n’existe pas (ou plus).' })
  id?: string | null;

  @Field(() => String)
  @IsString({ message: 'Choisissez une catégorie de la liste.' })
  @MaxLength(100, { message: 'Choisissez une catégorie de la liste.' })
  categoryKey!: string;

  @Field(() => String, { description: 'SIREN of the EPCI' })
  @IsString({ message: 'Choisissez une intercommunalité (EPCI) de la liste.' })
  @MaxLength(20, { message: 'Choisissez une intercommunalité (EPCI) de la liste.' })
  epciCode!: string;

  @Field(() => String, { nullable: true, description: 'INSEE code of a commune of that EPCI; empty for the whole EPCI' })
  @IsOptional()
  @IsString({ message: 'Indiquez le code INSEE de la commune (5 caractères).' })
  @MaxLength(5, { message: 'Indiquez le code INSEE de la commune (5 caractères).' })
  communeCode?: string | null;

  @Field(() => CompetenceLevelEnum)
  @IsEnum(CompetenceLevelEnum, { message: 'Choisissez un niveau : commune, EPCI, Pôle ou organisme extérieur.' })
  level!: CompetenceLevelEnum;

  @Field(() => String, { description: '10 to 1000 characters; {de_autorite} and {a_autorite} are replaced by the authority' })
  @IsString({ message: 'Écrivez la phrase montrée aux habitants.' })
  @MaxLength(10_000, { message: 'La phrase est beaucoup trop longue (1000 caractères au plus).' })
  sentence!: string;

  @Field(() => ID, { nullable: true, description: 'Level EXTERNAL only: the outside body' })
  @IsOptional()
  @IsString({ message: 'Choisissez l’organisme extérieur dans la liste.' })
  @MaxLength(100, { message: 'Choisissez l’organisme extérieur dans la liste.' })
  externalAuthorityId?: string | null;
}

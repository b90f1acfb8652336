import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { NeedStatusEnum, NeedType, SubmitNeedInput } from '../need.types.js';
import { NeedChannelEnum } from '../inbox/inbox.types.js';

@InputType('MandateInput', { description: 'The mandate of a resident without an account or email (dépôt accompagné); never public' })
export class MandateInput {
  @Field(() => String, { description: 'Name or initials of the resident, 1 to 120 characters' })
  @IsString({ message: 'Le nom ou les initiales doivent être un texte.' })
  @MaxLength(1000, { message: 'Le nom ou les initiales doivent compter au plus 120 caractères.' })
  residentLabel!: string;

  @Field(() => String, { description: 'How to reach the resident: PHONE, POSTAL or COUNTER (they come back to the counter)' })
  @IsString({ message: 'Le moyen de contact doit être un texte.' })
  @MaxLength(20, { message: 'Choisissez comment joindre la personne : téléphone, courrier ou guichet.' })
  contactKind!: string;

  @Field(() => String, { nullable: true, description: 'The phone number (PHONE) or the postal address (POSTAL)' })
  @IsOptional()
  @IsString({ message: 'Le contact doit être un texte.' })
  @MaxLength(2000, { message: 'Le contact est trop long (500 caractères au plus).' })
  contactValue?: string | null;

  @Field(() => String, { description: 'ONE_DAY, SIX_MONTHS or ONE_YEAR' })
  @IsString({ message: 'La durée doit être un texte.' })
  @MaxLength(20, { message: 'Choisissez la durée du mandat : 1 jour, 6 mois ou 1 an.' })
  duration!: string;

  @Field(() => Boolean, { description: 'The resident agrees to publication under a pseudonym: required' })
  @IsBoolean({ message: 'L’accord de publication doit être oui ou non.' })
  publicationConsent!: boolean;

  @Field(() => String, { nullable: true, description: "The place's phone, printed on the receipt" })
  @IsOptional()
  @IsString({ message: 'Le téléphone du lieu doit être un texte.' })
  @MaxLength(40, { message: 'Le téléphone du lieu doit compter 10 chiffres.' })
  placePhone?: string | null;
}

@InputType('SubmitAssistedNeedInput', { description: 'A need recorded by a mediator or agent for a resident (assisted, phone, paper or email intake)' })
export class SubmitAssistedNeedInput extends SubmitNeedInput {
  @Field(() => String, { description: 'How it arrived: GUICHET, FRANCE_SERVICES, TELEPHONE, COURRIER or EMAIL' })
  @IsString({ message: 'Le canal doit être un texte.' })
  @MaxLength(40, { message: 'Choisissez par quel canal le besoin est arrivé.' })
  channel!: string;

  @Field(() => ID, { nullable: true, description: "The place (authority) acted for; defaults to the actor's only mediator or agent place" })
  @IsOptional()
  @IsString({ message: 'Le lieu doit être désigné par son identifiant.' })
  @MaxLength(40, { message: 'Ce lieu est inconnu.' })
  placeAuthorityId?: string | null;

  @Field(() => MandateInput)
  @ValidateNested()
  @Type(() => MandateInput)
  mandate!: MandateInput;
}

@ObjectType('MandateEvent', { description: 'One use of a mandate (journal)' })
export class MandateEventType {
  @Field(() => String, { description: 'created, viewed, receipt, status_news, letter, todo_done, revoked, claimed, contact_erased' })
  kind!: string;

  @Field(() => String, { nullable: true })
  detail!: string | null;

  @Field(() => String, { nullable: true, description: 'Who used it; null for the system' })
  actorPseudonym!: string | null;

  @Field(() => Date)
  at!: Date;
}

@ObjectType('Mandate', { description: "A resident's mandate: its label and contact only for the place's mediators, its recorder and admins, and only while it is in force" })
export class MandateType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  reference!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => NeedStatusEnum)
  status!: NeedStatusEnum;

  @Field(() => String)
  communeName!: string;

  @Field(() => NeedChannelEnum)
  channel!: NeedChannelEnum;

  @Field(() => ID)
  placeAuthorityId!: string;

  @Field(() => String)
  placeName!: string;

  @Field(() => String, { nullable: true })
  placePhone!: string | null;

  @Field(() => String, { description: 'The public pseudonym of the need' })
  pseudonym!: string;

  @Field(() => String, { nullable: true, description: 'Null once erased' })
  residentLabel!: string | null;

  @Field(() => String, { description: 'PHONE, POSTAL or COUNTER' })
  contactKind!: string;

  @Field(() => String, { nullable: true, description: 'Null for COUNTER and once erased' })
  contactValue!: string | null;

  @Field(() => String, { description: 'ONE_DAY, SIX_MONTHS or ONE_YEAR' })
  duration!: string;

  @Field(() => Boolean)
  publicationConsent!: boolean;

  @Field(() => Boolean, { description: 'Neither revoked, claimed nor expired' })
  active!: boolean;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  endedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'revoked, claimed or expired' })
  endReason!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => [MandateEventType], { description: 'Only on the single-mandate query (empty in lists)' })
  events!: MandateEventType[];
}

@ObjectType('AssistedSubmission', { description: 'What a mediator gets back: the need and its mandate' })
export class AssistedSubmissionType {
  @Field(() => NeedType)
  need!: NeedType;

  @Field(() => MandateType)
  mandate!: MandateType;
}

@ObjectType('TrackedNeedAnswer')
export class TrackedNeedAnswerType {
  @Field(() => String)
  note!: string;

  @Field(() => Date)
  at!: Date;
}

@ObjectType('TrackedNeed', { description: 'What anyone with a tracking code sees (/suivi): no personal data' })
export class TrackedNeedType {
  @Field(() => String)
  reference!: string;

  @Field(() => String)
  title!: string;

  @Field(() => NeedStatusEnum)
  status!: NeedStatusEnum;

  @Field(() => String, { nullable: true })
  communeName!: string | null;

  @Field(() => String, { nullable: true, description: 'The authority it was routed to' })
  authorityName!: string | null;

  @Field(() => TrackedNeedAnswerType, { nullable: true, description: 'The last public answer of the authority' })
  lastAnswer!: TrackedNeedAnswerType | null;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The place that recorded it (assisted needs)' })
  placeName!: string | null;

  @Field(() => String, { nullable: true })
  placePhone!: string | null;
}

@ObjectType('MediationTodo', { description: "A to-do of a mediator's place: tell a resident without email that their need's status changed" })
export class MediationTodoType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  reference!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'PHONE (call back), POSTAL (letter to send) or COUNTER (they come back)' })
  kind!: string;

  @Field(() => NeedStatusEnum)
  status!: NeedStatusEnum;

  @Field(() => String, { nullable: true, description: 'The public note of the status change' })
  note!: string | null;

  @Field(() => Date)
  changedAt!: Date;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  doneAt!: Date | null;

  @Field(() => String, { nullable: true })
  doneNote!: string | null;

  @Field(() => String)
  pseudonym!: string;

  @Field(() => String, { nullable: true, description: 'Null once the mandate ended' })
  residentLabel!: string | null;

  @Field(() => String, { nullable: true, description: 'Null once the mandate ended' })
  contactValue!: string | null;

  @Field(() => String)
  placeName!: string;

  @Field(() => String, { nullable: true })
  placePhone!: string | null;
}

@ObjectType('ChannelCount')
export class ChannelCountType {
  @Field(() => NeedChannelEnum)
  channel!: NeedChannelEnum;

  @Field(() => Int)
  count!: number;
}

@ObjectType('CommuneChannelStatistics', { description: 'Needs of a commune by channel, and the share submitted under a mandate' })
export class CommuneChannelStatisticsType {
  @Field(() => String)
  communeCode!: string;

  @Field(() => String)
  communeName!: string;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  assisted!: number;

  @Field(() => Float, { description: 'Percent, one decimal' })
  assistedShare!: number;

  @Field(() => [ChannelCountType])
  byChannel!: ChannelCountType[];
}

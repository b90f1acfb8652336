import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { AuthorityKindEnum } from '@pit/territory/graphql';
import { NeedStatusEnum } from '@pit/needs/graphql';

export enum ServiceFeedbackAnswerEnum {
  YES = 'yes',
  PARTLY = 'partly',
  NO = 'no',
}
registerEnumType(ServiceFeedbackAnswerEnum, { name: 'ServiceFeedbackAnswer', description: 'Does the service answer the need? oui, en partie, non' });

@ObjectType('ServiceFeedback', { description: 'Answers of a need’s author and supporters to “does the service answer the need?” (counts only)' })
export class ServiceFeedbackType {
  @Field(() => Int)
  yes!: number;

  @Field(() => Int)
  partly!: number;

  @Field(() => Int)
  no!: number;

  @Field(() => Int)
  total!: number;

  @Field(() => Boolean, { description: 'A réalisé need with at least 3 answers, more than half of them no: staff may reopen it (réalisé → en étude)' })
  mostlyNo!: boolean;
}

@ObjectType('ViewerServiceFeedback', { description: 'The logged-in viewer’s side of the survey on one need' })
export class ViewerServiceFeedbackType {
  @Field(() => Boolean, { description: 'The viewer is the need’s author or one of its supporters' })
  eligible!: boolean;

  @Field(() => Boolean, { description: 'The need is réalisé: answers are open' })
  open!: boolean;

  @Field(() => ServiceFeedbackAnswerEnum, { nullable: true })
  answer!: ServiceFeedbackAnswerEnum | null;

  @Field(() => String, { nullable: true, description: 'Seen by staff only' })
  comment!: string | null;
}

@InputType('ServiceFeedbackInput')
export class ServiceFeedbackInput {
  @Field(() => String, { description: 'The need’s reference (B-XXXXXX)' })
  @IsString()
  @MaxLength(20, { message: 'Cette référence n’est pas valide.' })
  reference!: string;

  @Field(() => ServiceFeedbackAnswerEnum)
  @IsEnum(ServiceFeedbackAnswerEnum, { message: 'Choisissez oui, en partie ou non.' })
  answer!: ServiceFeedbackAnswerEnum;

  @Field(() => String, { nullable: true, description: 'Up to 1000 characters, never published' })
  @IsOptional()
  @IsString()
  @MaxLength(5000, { message: 'Le commentaire compte au plus 1000 caractères.' })
  comment?: string | null;
}

@ObjectType('StatusCount')
export class StatusCountType {
  @Field(() => NeedStatusEnum)
  status!: NeedStatusEnum;

  @Field(() => Int)
  count!: number;
}

@ObjectType('AuthorityFigures', { description: 'Public accountability figures of an authority, over the public needs it is currently in charge of' })
export class AuthorityFiguresType {
  @Field(() => ID)
  authorityId!: string;

  @Field(() => AuthorityKindEnum)
  kind!: AuthorityKindEnum;

  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field(() => Int, { description: 'Its target time to a first answer, in days (default 30)' })
  firstAnswerDays!: number;

  @Field(() => Int, { description: 'Public needs it is in charge of' })
  publicNeedCount!: number;

  @Field(() => Int, { description: 'Needs answered since they reached it' })
  answeredCount!: number;

  @Field(() => Float, { nullable: true, description: 'Median days from a need’s arrival to its first answer (one decimal); null until one is answered' })
  medianDaysToFirstAnswer!: number | null;

  @Field(() => Int, { description: 'Open needs past their first-answer or official-answer due date' })
  overdueCount!: number;

  @Field(() => [StatusCountType], { description: 'Public needs by status (statuses with none are left out)' })
  byStatus!: StatusCountType[];

  @Field(() => ServiceFeedbackType, { description: 'Survey answers over its réalisé needs' })
  serviceFeedback!: ServiceFeedbackType;
}

@ObjectType('AuthorityFiguresPage')
export class AuthorityFiguresPageType {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [AuthorityFiguresType])
  items!: AuthorityFiguresType[];
}

@ArgsType()
export class AuthoritiesFiguresArgs {
  @Field(() => AuthorityKindEnum, { nullable: true, description: 'POLE, EPCI or COMMUNE (outside bodies are not listed)' })
  @IsOptional()
  @IsEnum(AuthorityKindEnum)
  kind?: AuthorityKindEnum | null;

  @Field(() => Int, { nullable: true, description: '1-50, default 20' })
  @IsOptional()
  @IsInt()
  first?: number | null;

  @Field(() => Int, { nullable: true, description: 'Authorities to skip (the list is short and stable: Pôle, EPCIs, then communes by name)' })
  @IsOptional()
  @IsInt()
  offset?: number | null;
}

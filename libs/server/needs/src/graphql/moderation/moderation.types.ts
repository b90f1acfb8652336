import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { NeedStatusEnum } from '../need.types.js';

export enum NeedReportReasonEnum {
  SPAM = 'spam',
  ABUSE = 'abuse',
  PERSONAL_DATA = 'personal_data',
  NOT_A_NEED = 'not_a_need',
  OTHER = 'other',
}
registerEnumType(NeedReportReasonEnum, { name: 'NeedReportReason', description: 'Why a need is reported (French labels in @pit/domain NEED_REPORT_REASON_LABELS)' });

export enum ModerationSubjectEnum {
  NEED = 'need',
  COMMENT = 'comment',
}
registerEnumType(ModerationSubjectEnum, { name: 'ModerationSubject', description: 'What a moderation queue item is' });

export enum PersonalDataKindEnum {
  PHONE = 'phone',
  EMAIL = 'email',
}
registerEnumType(PersonalDataKindEnum, { name: 'PersonalDataKind', description: 'Personal data found and masked in public text' });

@InputType('ReportNeedInput', { description: 'A report of a need for moderation: a reason of the list and an optional detail (500 characters at most)' })
export class ReportNeedInput {
  @Field(() => NeedReportReasonEnum)
  @IsEnum(NeedReportReasonEnum, { message: 'Choisissez une raison dans la liste.' })
  reason!: NeedReportReasonEnum;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString({ message: 'La précision doit être un texte.' })
  @MaxLength(5000, { message: 'La précision est beaucoup trop longue (500 caractères au plus).' })
  detail?: string | null;
}

@ObjectType('ModerationReport', { description: 'A report not reviewed yet' })
export class ModerationReportType {
  @Field(() => String, { description: 'The reason code (NeedReportReason or CommentReportReason, lower case)' })
  reason!: string;

  @Field(() => String, { description: 'The reason in French' })
  reasonLabel!: string;

  @Field(() => String, { nullable: true })
  detail!: string | null;

  @Field(() => String)
  reporterPseudonym!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('ModerationItem', { description: 'A need or comment awaiting moderation, with why it is in the queue' })
export class ModerationItemType {
  @Field(() => ModerationSubjectEnum)
  subject!: ModerationSubjectEnum;

  @Field(() => ID, { description: 'The need id or the comment id' })
  id!: string;

  @Field(() => String, { description: 'The need (or the comment’s need) reference' })
  needReference!: string;

  @Field(() => String)
  needTitle!: string;

  @Field(() => String)
  needDescription!: string;

  @Field(() => NeedStatusEnum)
  needStatus!: NeedStatusEnum;

  @Field(() => String, { nullable: true, description: 'The authority the need is routed to' })
  authorityName!: string | null;

  @Field(() => String, { nullable: true, description: 'The comment text (comments only)' })
  commentBody!: string | null;

  @Field(() => String, { nullable: true })
  authorPseudonym!: string | null;

  @Field(() => Boolean, { description: 'Held by pre-moderation until approved or rejected' })
  held!: boolean;

  @Field(() => [ModerationReportType])
  reports!: ModerationReportType[];

  @Field(() => [PersonalDataKindEnum], { description: 'Personal data masked in its text since its last review' })
  personalData!: PersonalDataKindEnum[];

  @Field(() => Date, { description: 'When the oldest pending reason arose' })
  since!: Date;
}

@ObjectType('ModerationSettings', { description: "An authority's moderation settings" })
export class ModerationSettingsType {
  @Field(() => ID)
  authorityId!: string;

  @Field(() => Boolean, { description: 'New needs routed to the authority wait for approval before they are public' })
  premoderation!: boolean;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;
}

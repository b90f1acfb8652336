import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { NeedStatusEnum, NeedType } from '../need.types.js';
import { AnswerTemplateType } from '../need-workflow.types.js';

@ObjectType('TriageAgent', { description: 'An agent a need may be assigned to: never their email or name, only the pseudonym' })
export class TriageAgentType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  pseudonym!: string;
}

@ObjectType('TriageBacker', { description: 'An organisation backing the need' })
export class TriageBackerType {
  @Field(() => ID)
  organisationId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  verified!: boolean;

  @Field(() => String)
  statement!: string;

  @Field(() => Date)
  backedAt!: Date;
}

@ObjectType('TriageComment', { description: 'One of the latest public comments on the need' })
export class TriageCommentType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  body!: string;

  @Field(() => String, { nullable: true })
  authorPseudonym!: string | null;

  @Field(() => String, { nullable: true, description: 'The organisation it speaks for, if any' })
  organisationName!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('TriageCoAssignment', { description: 'A second authority working on the need beside the one in charge' })
export class TriageCoAssignmentType {
  @Field(() => ID)
  authorityId!: string;

  @Field(() => String)
  authorityName!: string;

  @Field(() => String, { description: 'Public reason' })
  reason!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('InternalNote', { description: 'A note staff keep about a need: never public, never shown to residents' })
export class InternalNoteType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  body!: string;

  @Field(() => String, { nullable: true, description: 'Pseudonym of the staff member who wrote it' })
  authorPseudonym!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('TriageStatusChoice', { description: 'A status the actor may move the need to now, with the fields it requires' })
export class TriageStatusChoiceType {
  @Field(() => NeedStatusEnum)
  status!: NeedStatusEnum;

  @Field(() => String, { description: 'French label' })
  label!: string;

  @Field(() => [String], { description: 'Fields of ChangeNeedStatusInput it requires: reason, duplicateOf, outsideBody' })
  requiredFields!: string[];
}

@ObjectType('TriageNeed', { description: "Everything staff see about a need on its triage page (need.triage: agents of its authority and admins)" })
export class TriageNeedType {
  @Field(() => NeedType, { description: 'The public need (history with answers, routings)' })
  need!: NeedType;

  @Field(() => ID, { nullable: true, description: 'The authority in charge now' })
  authorityId!: string | null;

  @Field(() => String, { description: 'How it came in: web, guichet, france_services, telephone, courrier, email' })
  channel!: string;

  @Field(() => TriageAgentType, { nullable: true, description: 'Null: in the unassigned queue' })
  assignee!: TriageAgentType | null;

  @Field(() => Date, { nullable: true, description: 'When the first answer is due' })
  answerDueAt!: Date | null;

  @Field(() => Boolean, { description: 'Staff owe it an answer past its due date' })
  overdue!: boolean;

  @Field(() => Int, { description: 'Supports counted for the threshold (online and on paper)' })
  supportCount!: number;

  @Field(() => Int, { description: 'Residents supporting it online' })
  onlineSupportCount!: number;

  @Field(() => Int, { description: 'Supports collected on paper' })
  paperSupportCount!: number;

  @Field(() => [TriageBackerType])
  backers!: TriageBackerType[];

  @Field(() => Int, { description: 'Public comments (deleted ones aside)' })
  commentCount!: number;

  @Field(() => [TriageCommentType], { description: 'The 5 latest comments, newest first' })
  latestComments!: TriageCommentType[];

  @Field(() => [TriageCoAssignmentType])
  coAssignments!: TriageCoAssignmentType[];

  @Field(() => [InternalNoteType], { description: 'Newest first' })
  internalNotes!: InternalNoteType[];

  @Field(() => [TriageStatusChoiceType], { description: 'The statuses the actor may move it to now (@pit/domain need-workflow)' })
  allowedStatuses!: TriageStatusChoiceType[];

  @Field(() => [AnswerTemplateType], { description: "The authority's answer templates, by title" })
  answerTemplates!: AnswerTemplateType[];

  @Field(() => [TriageAgentType], { description: 'Agents it may be assigned to: of its authority and of co-assigned ones' })
  agents!: TriageAgentType[];
}

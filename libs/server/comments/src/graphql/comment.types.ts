import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoType } from '@pit/needs/graphql';

export enum CommentReportReasonEnum {
  SPAM = 'spam',
  ABUSE = 'abuse',
  PERSONAL_DATA = 'personal_data',
  OFF_TOPIC = 'off_topic',
  OTHER = 'other',
}
registerEnumType(CommentReportReasonEnum, { name: 'CommentReportReason', description: 'Why a comment is reported' });

@ObjectType('Comment', { description: 'A comment on a need; threads are one level deep' })
export class CommentType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Null once deleted by its author' })
  body!: string | null;

  @Field(() => String, { nullable: true, description: "The author's pseudonym (never a name); null when the account is gone" })
  authorPseudonym!: string | null;

  @Field(() => String, { nullable: true, description: 'Written in the name of this organisation by one of its representatives' })
  organisationName!: string | null;

  @Field(() => Boolean, { description: 'Written by the author of the need ("auteur du besoin")' })
  isNeedAuthor!: boolean;

  @Field(() => Boolean, { description: 'Written by the logged-in person' })
  isMine!: boolean;

  @Field(() => Boolean, { description: 'The logged-in person may still edit it (its author, within 15 minutes)' })
  editable!: boolean;

  @Field(() => Boolean, { description: 'Deleted by its author ("commentaire supprimé par son auteur"); the thread stays' })
  deleted!: boolean;

  @Field(() => Boolean, { description: 'Hidden by moderation: its body is "Masqué par la modération : <reason>"' })
  hidden!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Shown as "modifié"' })
  editedAt!: Date | null;

  @Field(() => [CommentType], { description: 'Replies, oldest first (always empty on a reply)' })
  replies!: CommentType[];
}

@ObjectType('CommentEdge')
export class CommentEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => CommentType)
  node!: CommentType;
}

@ObjectType('CommentConnection', { description: 'Top-level comments, oldest first, each with its replies' })
export class CommentConnectionType {
  @Field(() => [CommentEdgeType])
  edges!: CommentEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'Top-level comments (threads) of the need' })
  totalCount!: number;
}

@ObjectType('CommentReport', { description: 'A report of a comment, for moderators' })
export class CommentReportType {
  @Field(() => ID)
  commentId!: string;

  @Field(() => String)
  needReference!: string;

  @Field(() => String, { nullable: true, description: 'Null once deleted' })
  commentBody!: string | null;

  @Field(() => String, { nullable: true })
  commentAuthorPseudonym!: string | null;

  @Field(() => String)
  reporterPseudonym!: string;

  @Field(() => CommentReportReasonEnum)
  reason!: CommentReportReasonEnum;

  @Field(() => String, { description: 'French label of the reason' })
  reasonLabel!: string;

  @Field(() => String, { nullable: true })
  detail!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

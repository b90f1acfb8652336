import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { CategoryType, CommuneType } from '@pit/territory/graphql';
import { NeedStatusEnum, PageInfoType } from '../need.types.js';

export enum NeedChannelEnum {
  WEB = 'web',
  GUICHET = 'guichet',
  FRANCE_SERVICES = 'france_services',
  TELEPHONE = 'telephone',
  COURRIER = 'courrier',
  EMAIL = 'email',
}
registerEnumType(NeedChannelEnum, { name: 'NeedChannel', description: 'How a need reached the platform (French labels in @pit/domain NEED_CHANNEL_LABELS)' });

export enum InboxSortEnum {
  NEWEST = 'newest',
  OLDEST = 'oldest',
  MOST_SUPPORTED = 'most_supported',
  DUE_SOONEST = 'due_soonest',
}
registerEnumType(InboxSortEnum, {
  name: 'InboxSort',
  description: 'Order of an inbox (every sort is keyset-paginated): DUE_SOONEST by first-answer due date, needs without one last',
});

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType('InboxFilter', { description: "Narrows an authority's inbox (and its CSV export); every field is optional, a boolean left null does not filter" })
export class InboxFilterInput {
  @Field(() => [NeedStatusEnum], { nullable: true, description: 'Any of these statuses' })
  @IsOptional()
  @IsArray({ message: 'Choisissez les statuts dans la liste.' })
  @ArrayMaxSize(20, { message: 'Choisissez les statuts dans la liste.' })
  @IsEnum(NeedStatusEnum, { each: true, message: 'Choisissez les statuts dans la liste.' })
  statuses?: NeedStatusEnum[] | null;

  @Field(() => String, { nullable: true, description: 'Key of a theme: needs of its categories' })
  @IsOptional()
  @IsString({ message: 'Le thème doit être un texte.' })
  @MaxLength(60, { message: 'Ce thème est inconnu.' })
  @Transform(trim)
  themeKey?: string | null;

  @Field(() => String, { nullable: true, description: 'Key of a category' })
  @IsOptional()
  @IsString({ message: 'La catégorie doit être un texte.' })
  @MaxLength(60, { message: 'Cette catégorie est inconnue.' })
  @Transform(trim)
  categoryKey?: string | null;

  @Field(() => String, { nullable: true, description: 'INSEE code of the commune' })
  @IsOptional()
  @IsString({ message: 'Le code commune doit être un texte.' })
  @MaxLength(5, { message: 'Le code commune compte 5 caractères.' })
  @Transform(trim)
  communeCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only overdue needs (first answer or official answer late); false: only the others' })
  @IsOptional()
  @IsBoolean({ message: 'Ce filtre vaut vrai ou faux.' })
  overdue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only needs that crossed their support threshold; false: only the others' })
  @IsOptional()
  @IsBoolean({ message: 'Ce filtre vaut vrai ou faux.' })
  thresholdReached?: boolean | null;

  @Field(() => String, { nullable: true, description: 'ME (the acting agent), NONE (unassigned) or the id of a person' })
  @IsOptional()
  @IsString({ message: 'Choisissez « moi », « personne » ou un agent de la liste.' })
  @MaxLength(40, { message: 'Choisissez « moi », « personne » ou un agent de la liste.' })
  @Transform(trim)
  assignee?: string | null;

  @Field(() => NeedChannelEnum, { nullable: true })
  @IsOptional()
  @IsEnum(NeedChannelEnum, { message: 'Choisissez un canal de la liste.' })
  channel?: NeedChannelEnum | null;
}

@ObjectType('InboxAssignee', { description: 'The agent a need is assigned to' })
export class InboxAssigneeType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  pseudonym!: string;
}

@ObjectType('InboxItem', { description: "A need as a row of an authority's inbox: staff-only fields (assignee, overdue, due date, channel) live here, not on Need" })
export class InboxItemType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  reference!: string;

  @Field(() => String)
  title!: string;

  @Field(() => NeedStatusEnum)
  status!: NeedStatusEnum;

  @Field(() => String, { description: 'French label of the status' })
  statusLabel!: string;

  @Field(() => CategoryType)
  category!: CategoryType;

  @Field(() => CommuneType)
  commune!: CommuneType;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Int, { description: 'Supports online and on paper (organisation backings apart)' })
  supportCount!: number;

  @Field(() => Boolean, { description: 'It crossed its support threshold (réponse officielle attendue)' })
  thresholdReached!: boolean;

  @Field(() => Boolean, { description: 'Staff owe it a first answer or an official answer past its due date' })
  overdue!: boolean;

  @Field(() => Date, { nullable: true, description: "When its first answer is due (routing time + the authority's first-answer target); null before routing" })
  answerDueAt!: Date | null;

  @Field(() => NeedChannelEnum)
  channel!: NeedChannelEnum;

  @Field(() => String, { description: 'French label of the channel' })
  channelLabel!: string;

  @Field(() => InboxAssigneeType, { nullable: true, description: 'Null while nobody is assigned' })
  assignee!: InboxAssigneeType | null;

  @Field(() => Boolean, { description: 'In this inbox through a co-assignment: another authority is in charge' })
  coAssigned!: boolean;
}

@ObjectType('InboxEdge')
export class InboxEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => InboxItemType)
  node!: InboxItemType;
}

@ObjectType('InboxConnection')
export class InboxConnectionType {
  @Field(() => [InboxEdgeType])
  edges!: InboxEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'Needs matching the filter and search, all pages' })
  totalCount!: number;
}

@ObjectType('InboxStatusCount')
export class InboxStatusCountType {
  @Field(() => NeedStatusEnum)
  status!: NeedStatusEnum;

  @Field(() => String, { description: 'French label of the status' })
  label!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('AuthorityInboxCounts', { description: "The whole inbox of an authority at a glance (no filter)" })
export class AuthorityInboxCountsType {
  @Field(() => Int)
  total!: number;

  @Field(() => [InboxStatusCountType], { description: 'Every status an inbox may hold, in workflow order, zeros included' })
  byStatus!: InboxStatusCountType[];

  @Field(() => Int)
  overdue!: number;

  @Field(() => Int, { description: 'Needs assigned to nobody (any status)' })
  unassigned!: number;

  @Field(() => Int)
  thresholdReached!: number;
}

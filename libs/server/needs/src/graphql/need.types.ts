import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AuthorityType, CategoryType, CommuneType, CompetenceLevelEnum } from '@pit/territory/graphql';

export enum NeedStatusEnum {
  PENDING_CONFIRMATION = 'pending_confirmation',
  RECEIVED = 'received',
  TRANSMITTED = 'transmitted',
  UNDER_STUDY = 'under_study',
  ACCEPTED = 'accepted',
  PLANNED = 'planned',
  IN_PROGRESS = 'in_progress',
  DONE = 'done',
  REFUSED = 'refused',
  DUPLICATE = 'duplicate',
  OUT_OF_SCOPE = 'out_of_scope',
  HIDDEN = 'hidden',
}
registerEnumType(NeedStatusEnum, { name: 'NeedStatus', description: 'Lifecycle of a need (DOMAIN.md §9)' });

@ObjectType('Routing', { description: 'Where a need was sent, and why' })
export class RoutingType {
  @Field(() => CompetenceLevelEnum)
  level!: CompetenceLevelEnum;

  @Field(() => AuthorityType)
  authority!: AuthorityType;

  @Field(() => String, { description: 'Sentence shown to residents' })
  reason!: string;

  @Field(() => Date)
  routedAt!: Date;
}

@ObjectType('StatusChange')
export class StatusChangeType {
  @Field(() => NeedStatusEnum)
  status!: NeedStatusEnum;

  @Field(() => String, { description: 'French label of the status' })
  label!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('Need')
export class NeedType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Short public reference, e.g. B-7K3M9Q' })
  reference!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => NeedStatusEnum)
  status!: NeedStatusEnum;

  @Field(() => String, { description: 'French label of the status' })
  statusLabel!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => CommuneType)
  commune!: CommuneType;

  @Field(() => CategoryType)
  category!: CategoryType;

  @Field(() => RoutingType, { nullable: true, description: 'Null while the need is not routed yet' })
  routing!: RoutingType | null;

  @Field(() => [StatusChangeType], { description: 'Oldest first' })
  history!: StatusChangeType[];

  @Field(() => String, {
    nullable: true,
    description: 'Only in the answer to submitNeed without an account: lets that browser see the need before it is confirmed (need(viewToken))',
  })
  authorViewToken!: string | null;
}

@ObjectType('NeedEdge')
export class NeedEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => NeedType)
  node!: NeedType;
}

@ObjectType('PageInfo')
export class PageInfoType {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('NeedConnection')
export class NeedConnectionType {
  @Field(() => [NeedEdgeType])
  edges!: NeedEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int)
  totalCount!: number;
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType('NeedFilter')
export class NeedFilterInput {
  @Field(() => String, { nullable: true, description: 'INSEE code' })
  @IsOptional()
  @IsString({ message: 'Le code commune doit être un texte.' })
  @MaxLength(5, { message: 'Le code commune compte 5 caractères.' })
  @Transform(trim)
  communeCode?: string | null;

  @Field(() => String, { nullable: true, description: 'SIREN of the EPCI' })
  @IsOptional()
  @IsString({ message: "Le SIREN de l'intercommunalité doit être un texte." })
  @MaxLength(9, { message: "Le SIREN de l'intercommunalité compte 9 chiffres." })
  @Transform(trim)
  epciCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString({ message: 'Le thème doit être un texte.' })
  @MaxLength(60, { message: 'Ce thème est inconnu.' })
  themeKey?: string | null;

  @Field(() => NeedStatusEnum, { nullable: true })
  @IsOptional()
  status?: NeedStatusEnum | null;
}

@InputType('SubmitNeedInput')
export class SubmitNeedInput {
  @Field(() => String, { description: 'Between 5 and 120 characters' })
  @IsString({ message: 'Le titre doit être un texte.' })
  @MaxLength(1000, { message: 'Le titre est beaucoup trop long (120 caractères au plus).' })
  title!: string;

  @Field(() => String, { description: 'Between 20 and 5000 characters' })
  @IsString({ message: 'La description doit être un texte.' })
  @MaxLength(50_000, { message: 'La description est beaucoup trop longue (5000 caractères au plus).' })
  description!: string;

  @Field(() => String, { description: 'Key of a category (see themes)' })
  @IsString({ message: 'Le thème doit être un texte.' })
  @MaxLength(60, { message: "Ce thème n'existe pas : choisissez-en un dans la liste." })
  categoryKey!: string;

  @Field(() => String, { description: 'INSEE code of the commune' })
  @IsString({ message: 'La commune doit être un texte.' })
  @MaxLength(5, { message: 'Cette commune ne fait pas partie du Pôle métropolitain Loire Angers : choisissez-en une dans la liste.' })
  communeCode!: string;

  @Field(() => String, { nullable: true, description: 'Required without an account: the link to publish the need is emailed there; never public' })
  @IsOptional()
  @IsString({ message: "L'adresse électronique doit être un texte." })
  @MaxLength(300, { message: "L'adresse électronique est trop longue." })
  authorEmail?: string | null;
}

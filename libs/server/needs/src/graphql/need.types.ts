import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
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
  WITHDRAWN = 'withdrawn',
}
registerEnumType(NeedStatusEnum, { name: 'NeedStatus', description: 'Lifecycle of a need (DOMAIN.md §9)' });

export enum NeedKindEnum {
  NEED = 'need',
  IDEA = 'idea',
}
registerEnumType(NeedKindEnum, { name: 'NeedKind', description: 'besoin (something lacking or not working) or idée (a proposed new service)' });

export enum AffectedGroupEnum {
  SENIORS = 'seniors',
  FAMILIES = 'families',
  YOUTH = 'youth',
  DISABLED = 'disabled',
  WORKERS = 'workers',
  STUDENTS = 'students',
  BUSINESSES = 'businesses',
  ALL_RESIDENTS = 'all_residents',
}
registerEnumType(AffectedGroupEnum, { name: 'AffectedGroup', description: 'Who is affected (French labels in @pit/domain AFFECTED_GROUP_LABELS)' });

export enum NeedFrequencyEnum {
  DAILY = 'daily',
  WEEKLY = 'weekly',
  OCCASIONALLY = 'occasionally',
  SEASONAL = 'seasonal',
  ONE_OFF = 'one_off',
}
registerEnumType(NeedFrequencyEnum, { name: 'NeedFrequency', description: 'How often the need arises' });

export enum PeopleRangeEnum {
  UNDER_10 = 'under_10',
  FROM_10_TO_100 = 'from_10_to_100',
  FROM_100_TO_1000 = 'from_100_to_1000',
  OVER_1000 = 'over_1000',
  UNKNOWN = 'unknown',
}
registerEnumType(PeopleRangeEnum, { name: 'PeopleRange', description: 'Roughly how many people the need concerns' });

export enum NeedSortEnum {
  NEWEST = 'newest',
  MOST_SUPPORTED = 'most_supported',
  RECENTLY_ANSWERED = 'recently_answered',
}
registerEnumType(NeedSortEnum, { name: 'NeedSort', description: 'Order of the public list (every sort is keyset-paginated)' });

@ObjectType('NeedAddress', { description: 'The optional place of a need, as the geocoder labelled it' })
export class NeedAddressType {
  @Field(() => String)
  label!: string;

  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lon!: number;
}

@ObjectType('NeedPhoto', { description: 'A photo of a need, re-encoded without metadata; the image is served by /needs/<reference>/photos/<position>' })
export class NeedPhotoType {
  @Field(() => Int, { description: '1 to 3' })
  position!: number;

  @Field(() => String, { description: "Alternative text written by the author" })
  alt!: string;

  @Field(() => Int)
  width!: number;

  @Field(() => Int)
  height!: number;
}

@ObjectType('NeedOrganisation', { description: 'The organisation a need was submitted in the name of' })
export class NeedOrganisationType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: 'Verified by the platform admins' })
  verified!: boolean;
}

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

  @Field(() => String, { description: "initial (automatic routing), requalification (new category, routing run again), transfer (to another authority), co_assignment (another authority works on it too; see Need.coAssignments) or co_assignment_end" })
  kind!: string;

  @Field(() => String, { nullable: true, description: "The staff's public reason of a requalification or a transfer; null for the automatic routing" })
  note!: string | null;
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

  @Field(() => [RoutingType], { description: 'Every routing of the need, oldest first: each move (requalification, transfer) with its reason' })
  routings!: RoutingType[];

  @Field(() => [StatusChangeType], { description: 'Oldest first' })
  history!: StatusChangeType[];

  @Field(() => NeedKindEnum)
  kind!: NeedKindEnum;

  @Field(() => [AffectedGroupEnum])
  affectedGroups!: AffectedGroupEnum[];

  @Field(() => NeedFrequencyEnum, { nullable: true })
  frequency!: NeedFrequencyEnum | null;

  @Field(() => PeopleRangeEnum, { nullable: true })
  peopleRange!: PeopleRangeEnum | null;

  @Field(() => NeedAddressType, { nullable: true })
  address!: NeedAddressType | null;

  @Field(() => Date, { nullable: true, description: 'Last edit by its author ("modifié le …")' })
  editedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The author's pseudonym; null without an account" })
  authorPseudonym!: string | null;

  @Field(() => NeedOrganisationType, { nullable: true })
  organisation!: NeedOrganisationType | null;

  @Field(() => [NeedPhotoType], { description: 'At most 3, in order' })
  photos!: NeedPhotoType[];

  /** Not a GraphQL field: read by the canEdit resolver. */
  authorId!: string | null;

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

  @Field(() => NeedKindEnum, { nullable: true })
  @IsOptional()
  kind?: NeedKindEnum | null;

  @Field(() => Boolean, { nullable: true, description: 'Only needs awaiting an official answer (their support threshold was crossed)' })
  @IsOptional()
  @IsBoolean({ message: 'Ce filtre vaut vrai ou faux.' })
  awaitingAnswer?: boolean | null;
}

@InputType('NeedAddressInput', { description: 'An address chosen among the geocoder answers (see addressSearch): its citycode fixes the commune' })
export class NeedAddressInput {
  @Field(() => String)
  @IsString({ message: "L'adresse doit être un texte." })
  @MaxLength(300, { message: "L'adresse est trop longue." })
  label!: string;

  @Field(() => String, { description: 'INSEE code of its commune' })
  @IsString({ message: 'Le code commune doit être un texte.' })
  @MaxLength(5, { message: 'Le code commune compte 5 caractères.' })
  citycode!: string;

  @Field(() => Float)
  @IsNumber({}, { message: 'La latitude doit être un nombre.' })
  lat!: number;

  @Field(() => Float)
  @IsNumber({}, { message: 'La longitude doit être un nombre.' })
  lon!: number;
}

@InputType('NeedPhotoInput')
export class NeedPhotoInput {
  @Field(() => String, { description: 'Token returned by POST /needs/photos' })
  @IsString({ message: 'La photo doit être désignée par son jeton.' })
  @MaxLength(100, { message: 'Ce jeton de photo est trop long.' })
  token!: string;

  @Field(() => String, { description: 'Alternative text (required to publish, 3 to 250 characters)' })
  @IsString({ message: 'La description de la photo doit être un texte.' })
  @MaxLength(1000, { message: 'La description de la photo est trop longue (250 caractères au plus).' })
  alt!: string;
}

@InputType({ isAbstract: true })
class NeedStructureFields {
  @Field(() => NeedKindEnum, { nullable: true, description: 'Default NEED' })
  @IsOptional()
  @IsEnum(NeedKindEnum, { message: 'Indiquez s’il s’agit d’un besoin ou d’une idée.' })
  kind?: NeedKindEnum | null;

  @Field(() => [AffectedGroupEnum], { nullable: true })
  @IsOptional()
  @IsArray({ message: 'Choisissez les personnes concernées dans la liste.' })
  @ArrayMaxSize(8, { message: 'Choisissez les personnes concernées dans la liste.' })
  affectedGroups?: AffectedGroupEnum[] | null;

  @Field(() => NeedFrequencyEnum, { nullable: true })
  @IsOptional()
  frequency?: NeedFrequencyEnum | null;

  @Field(() => PeopleRangeEnum, { nullable: true })
  @IsOptional()
  peopleRange?: PeopleRangeEnum | null;
}

@InputType('UpdateNeedInput', { description: 'What its author may change while the need is reçu or transmis (commune and theme stay)' })
export class UpdateNeedInput extends NeedStructureFields {
  @Field(() => String)
  @IsString({ message: 'Le titre doit être un texte.' })
  @MaxLength(1000, { message: 'Le titre est beaucoup trop long (120 caractères au plus).' })
  title!: string;

  @Field(() => String)
  @IsString({ message: 'La description doit être un texte.' })
  @MaxLength(50_000, { message: 'La description est beaucoup trop longue (5000 caractères au plus).' })
  description!: string;
}

@InputType('NeedDraftInput', { description: "The form's values as they are: nothing is checked before publishing" })
export class NeedDraftInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1000) title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(50_000) description?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(20) kind?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(60) categoryKey?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5) communeCode?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) affectedGroups?: string[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) frequency?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) peopleRange?: string | null;
  @Field(() => NeedAddressInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => NeedAddressInput) address?: NeedAddressInput | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) organisationId?: string | null;
  @Field(() => [NeedPhotoInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4, { message: 'Vous pouvez joindre 3 photos au plus.' })
  @ValidateNested({ each: true })
  @Type(() => NeedPhotoInput)
  photos?: NeedPhotoInput[] | null;
}

@ObjectType('NeedDraftPhoto')
export class NeedDraftPhotoType {
  @Field(() => String, { description: 'Upload token (this draft is only ever shown to its author)' })
  token!: string;

  @Field(() => String)
  alt!: string;
}

@ObjectType('NeedDraft', { description: "A need being written, seen only by its author" })
export class NeedDraftType {
  @Field(() => ID) id!: string;
  @Field(() => String) title!: string;
  @Field(() => String) description!: string;
  @Field(() => String) kind!: string;
  @Field(() => String) categoryKey!: string;
  @Field(() => String) communeCode!: string;
  @Field(() => [String]) affectedGroups!: string[];
  @Field(() => String) frequency!: string;
  @Field(() => String) peopleRange!: string;
  @Field(() => NeedAddressType, { nullable: true }) address!: (NeedAddressType & { citycode: string }) | null;
  @Field(() => String, { nullable: true, description: 'INSEE code of the address, when one was chosen' }) addressCitycode!: string | null;
  @Field(() => String) organisationId!: string;
  @Field(() => [NeedDraftPhotoType]) photos!: NeedDraftPhotoType[];
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType('GeocodedAddress')
export class GeocodedAddressType {
  @Field(() => String) label!: string;
  @Field(() => String, { description: 'INSEE code of the commune' }) citycode!: string;
  @Field(() => String, { nullable: true }) postcode!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => Float) lat!: number;
  @Field(() => Float) lon!: number;
  @Field(() => Boolean, { description: 'In one of the 65 communes of the Pôle' }) inTerritory!: boolean;
}

@ObjectType('AddressSearchResult')
export class AddressSearchResultType {
  @Field(() => [GeocodedAddressType])
  addresses!: GeocodedAddressType[];

  @Field(() => String, { nullable: true, description: 'Set when the geocoder could not answer: a French sentence for residents (choose the commune by hand)' })
  unavailable!: string | null;
}

@InputType('SubmitNeedInput')
export class SubmitNeedInput extends NeedStructureFields {
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

  @Field(() => NeedAddressInput, { nullable: true, description: 'Optional place; its citycode fixes the commune' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NeedAddressInput)
  address?: NeedAddressInput | null;

  @Field(() => ID, { nullable: true, description: 'Submit in the name of an organisation the actor represents' })
  @IsOptional()
  @IsString({ message: "L'organisation doit être désignée par son identifiant." })
  @MaxLength(40, { message: 'Cette organisation est inconnue.' })
  organisationId?: string | null;

  @Field(() => [NeedPhotoInput], { nullable: true, description: 'Up to 3 photos uploaded beforehand (POST /needs/photos)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4, { message: 'Vous pouvez joindre 3 photos au plus.' })
  @ValidateNested({ each: true })
  @Type(() => NeedPhotoInput)
  photos?: NeedPhotoInput[] | null;

  @Field(() => ID, { nullable: true, description: 'Published from this draft of the actor: it is deleted' })
  @IsOptional()
  @IsString({ message: 'Le brouillon doit être désigné par son identifiant.' })
  @MaxLength(40, { message: 'Ce brouillon est inconnu.' })
  draftId?: string | null;
}

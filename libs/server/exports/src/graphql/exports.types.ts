import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageInfoType } from '@pit/needs/graphql';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType('AuditFilter', { description: 'Narrows the audit journal; every field is optional' })
export class AuditFilterInput {
  @Field(() => ID, { nullable: true, description: 'The acting person' })
  @IsOptional()
  @IsString()
  @MaxLength(40, { message: 'Cet identifiant n’est pas valide.' })
  @Transform(trim)
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'An action (need.status) or a family of actions (need.*)' })
  @IsOptional()
  @IsString()
  @MaxLength(60, { message: 'Indiquez une action comme need.status, ou une famille comme need.*.' })
  @Transform(trim)
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'The kind of object changed: need, authority, role_assignment, organisation, answer_template, inbox_export…' })
  @IsOptional()
  @IsString()
  @MaxLength(40, { message: 'Indiquez un type d’objet comme need ou authority.' })
  @Transform(trim)
  entityType?: string | null;

  @Field(() => ID, { nullable: true, description: 'The object changed' })
  @IsOptional()
  @IsString()
  @MaxLength(40, { message: 'Cet identifiant n’est pas valide.' })
  @Transform(trim)
  entityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The authority concerned' })
  @IsOptional()
  @IsString()
  @MaxLength(40, { message: 'Cet identifiant n’est pas valide.' })
  @Transform(trim)
  authorityId?: string | null;

  @Field(() => Date, { nullable: true, description: 'From this instant (included)' })
  @IsOptional()
  @IsDate({ message: 'Cette date n’est pas valide.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until this instant (excluded)' })
  @IsOptional()
  @IsDate({ message: 'Cette date n’est pas valide.' })
  to?: Date | null;
}

@ObjectType('AuditEntry', { description: 'One staff mutation: who did what to which object, the state before and after, and when' })
export class AuditEntryType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The acting person; null for the system (command line, jobs)' })
  actorId!: string | null;

  @Field(() => String, { nullable: true, description: "The acting person's pseudonym" })
  actorPseudonym!: string | null;

  @Field(() => String, { description: 'e.g. need.status, role.assign, organisation.verify' })
  action!: string;

  @Field(() => String)
  entityType!: string;

  @Field(() => ID)
  entityId!: string;

  @Field(() => ID, { nullable: true })
  authorityId!: string | null;

  @Field(() => String, { nullable: true })
  authorityName!: string | null;

  @Field(() => String, { nullable: true, description: 'The state before, as JSON text (null for a creation)' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'The state after, as JSON text (null for a deletion)' })
  after!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('AuditEntryEdge')
export class AuditEntryEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => AuditEntryType)
  node!: AuditEntryType;
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnectionType {
  @Field(() => [AuditEntryEdgeType])
  edges!: AuditEntryEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

export enum InboxExportStatusEnum {
  QUEUED = 'queued',
  RUNNING = 'running',
  DONE = 'done',
  FAILED = 'failed',
}
registerEnumType(InboxExportStatusEnum, { name: 'InboxExportStatus' });

@ObjectType('InboxExport', { description: "A CSV export of an authority's inbox: built by a job, downloadable for 24 hours" })
export class InboxExportType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  authorityId!: string;

  @Field(() => String)
  authorityName!: string;

  @Field(() => InboxExportStatusEnum)
  status!: InboxExportStatusEnum;

  @Field(() => Int, { description: 'Rows written so far' })
  rowsDone!: number;

  @Field(() => Int, { nullable: true, description: 'Rows to write; null until the job has counted them' })
  rowsTotal!: number | null;

  @Field(() => String, { nullable: true, description: 'The search text the export was asked with' })
  q!: string | null;

  @Field(() => String, { description: 'The inbox filter the export was asked with, as JSON text' })
  filter!: string;

  @Field(() => String, { nullable: true, description: 'Why it failed (French)' })
  error!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'The download link works until then' })
  expiresAt!: Date | null;

  @Field(() => Boolean)
  expired!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Signed token of the download link (GET /exports/inbox/:id/file?token=… with the session), while the export is done and not expired',
  })
  downloadToken!: string | null;

  @Field(() => String, { description: 'Name of the CSV file' })
  fileName!: string;
}

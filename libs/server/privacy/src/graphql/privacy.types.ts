import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum DataExportStatusEnum {
  QUEUED = 'queued',
  RUNNING = 'running',
  DONE = 'done',
  FAILED = 'failed',
}
registerEnumType(DataExportStatusEnum, { name: 'DataExportStatus' });

@ObjectType('DataExport', { description: '"Télécharger mes données": a JSON file of everything about the logged-in person, built by a job, downloadable for 7 days' })
export class DataExportType {
  @Field(() => ID)
  id!: string;

  @Field(() => DataExportStatusEnum)
  status!: DataExportStatusEnum;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'The download link works until then (7 days after the file is ready)' })
  expiresAt!: Date | null;

  @Field(() => Boolean)
  expired!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it failed (French)' })
  error!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Signed token for GET /privacy/data-exports/:id/file?token= (with the session); null until done and after expiry',
  })
  downloadToken!: string | null;
}

import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('OpenDataFile', { description: 'An open-data file of needs published by the daily job (Licence Ouverte 2.0)' })
export class OpenDataFileType {
  @Field(() => String, { description: 'The day it describes, YYYY-MM-DD (Europe/Paris)' })
  day!: string;

  @Field(() => String, { description: 'csv, json or geojson' })
  format!: string;

  @Field(() => String, { description: 'File name, e.g. besoins.csv; downloaded at /open-data/<day>/<fileName> (api) or /donnees/fichiers/<day>/<fileName> (web)' })
  fileName!: string;

  @Field(() => String, { description: 'File name of its Table Schema, downloaded at /open-data/schema/<schemaName>' })
  schemaName!: string;

  @Field(() => Int, { description: 'Needs in the file (GeoJSON: the needs with a place)' })
  rowCount!: number;

  @Field(() => Int)
  bytes!: number;

  @Field(() => String, { description: 'Hex SHA-256 of the file' })
  sha256!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('ModerationReasonCount')
export class ModerationReasonCountType {
  @Field(() => String, { description: 'spam, abuse, personal_data, not_a_need, off_topic or other' })
  reason!: string;

  @Field(() => String, { description: 'The reason in French' })
  label!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ModerationLogMonth', { description: 'One month of the public moderation log: counts only, no text, no person' })
export class ModerationLogMonthType {
  @Field(() => String, { description: 'YYYY-MM (Europe/Paris)' })
  month!: string;

  @Field(() => Int, { description: 'Needs hidden by moderation (pre-moderation refusals included)' })
  needsHidden!: number;

  @Field(() => Int, { description: 'Hidden needs restored by moderation' })
  needsRestored!: number;

  @Field(() => Int)
  commentsHidden!: number;

  @Field(() => Int, { description: 'Reports on needs and comments received' })
  reportsReceived!: number;

  @Field(() => [ModerationReasonCountType], { description: 'Reports received by reason' })
  reports!: ModerationReasonCountType[];
}

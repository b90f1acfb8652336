import { ArgsType, Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NeedStatusEnum } from '../need.types.js';

@ObjectType('Dashboard', { description: 'The public dashboard (/tableau-de-bord): figures over public needs only (not awaiting confirmation, not hidden, not held by pre-moderation). Each field is one SQL query. Public' })
export class DashboardType {}

@ObjectType('DashboardCount', { description: 'A count of public needs for one theme (key = theme key) or one EPCI (key = SIREN)' })
export class DashboardCountType {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('DashboardStatusCount')
export class DashboardStatusCountType {
  @Field(() => NeedStatusEnum)
  status!: NeedStatusEnum;

  @Field(() => String, { description: 'The status in French' })
  label!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('DashboardCommune', { description: 'Public needs of a commune, per 1,000 inhabitants and by channel' })
export class DashboardCommuneType {
  @Field(() => String, { description: 'INSEE code' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Its EPCI' })
  epciName!: string;

  @Field(() => Int, { nullable: true, description: 'Official population (seeded from @etalab/decoupage-administratif)' })
  population!: number | null;

  @Field(() => Int)
  count!: number;

  @Field(() => Float, { nullable: true, description: 'Public needs per 1,000 inhabitants, one decimal (null without a population)' })
  perThousand!: number | null;

  @Field(() => Int, { description: 'Public needs taken by another channel than the web form (assisted intake, paper, phone, Open311)' })
  assistedCount!: number;

  @Field(() => Float, { nullable: true, description: 'Share of those needs, in percent, one decimal (null without needs)' })
  assistedShare!: number | null;
}

@ObjectType('DashboardCommunePage')
export class DashboardCommunePageType {
  @Field(() => Int, { description: 'Communes of the territory' })
  totalCount!: number;

  @Field(() => [DashboardCommuneType], { description: 'Most needs per 1,000 inhabitants first, then most needs, then by name' })
  items!: DashboardCommuneType[];
}

@ObjectType('DashboardMonth')
export class DashboardMonthType {
  @Field(() => String, { description: 'YYYY-MM (Europe/Paris)' })
  month!: string;

  @Field(() => Int, { description: 'Public needs submitted in the month' })
  submitted!: number;

  @Field(() => Int, { description: 'Public needs whose first answer by their authority (a first status change) fell in the month' })
  answered!: number;
}

@ArgsType()
export class DashboardCommunesArgs {
  @Field(() => Int, { nullable: true, description: '1 to 100, default 20' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  first?: number | null;

  @Field(() => Int, { nullable: true, description: 'Default 0' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  offset?: number | null;

  @Field(() => String, { nullable: true, description: 'Only the needs of this theme (its key, e.g. waste); all themes when null' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  themeKey?: string | null;
}

@ArgsType()
export class DashboardMonthlyArgs {
  @Field(() => Int, { nullable: true, description: '1 to 36 months, the current one last; default 12' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36)
  months?: number | null;
}

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

@ObjectType('DashboardCategory', { description: 'Public needs of one category in a scope (the territory or one EPCI), per 1,000 inhabitants' })
export class DashboardCategoryType {
  @Field(() => String, { description: 'Category key, e.g. waste_collection' })
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => String, { description: 'Key of its theme' })
  themeKey!: string;

  @Field(() => String)
  themeLabel!: string;

  @Field(() => String, { nullable: true, description: 'M57 functional code, when known (e.g. 90-72)' })
  m57Code!: string | null;

  @Field(() => Int)
  count!: number;

  @Field(() => Float, { nullable: true, description: 'Public needs per 1,000 inhabitants of the scope, two decimals (null without a population)' })
  perThousand!: number | null;
}

@ObjectType('DashboardCategoryFigures', { description: 'Public needs per category in the whole territory or in the communes of one EPCI' })
export class DashboardCategoryFiguresType {
  @Field(() => String, { nullable: true, description: 'SIREN of the EPCI, null for the whole territory' })
  epciSiren!: string | null;

  @Field(() => String, { nullable: true, description: 'Name of the EPCI, null for the whole territory' })
  epciName!: string | null;

  @Field(() => Int, { nullable: true, description: 'Official population of the scope: the sum of its communes’ seeded populations' })
  population!: number | null;

  @Field(() => [DashboardCategoryType], { description: 'Every category, the most needs first, then in theme and category order' })
  items!: DashboardCategoryType[];
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

  @Field(() => String, { nullable: true, description: 'Only the needs of this category (its key, e.g. waste_collection); all categories when null' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  categoryKey?: string | null;
}

@ArgsType()
export class DashboardCategoriesArgs {
  @Field(() => String, { nullable: true, description: 'SIREN of an EPCI of the territory: the needs of its communes only; the whole territory when null' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  epciSiren?: string | null;
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

import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { AuthorityKind as DomainAuthorityKind, CompetenceLevel as DomainCompetenceLevel } from '@pit/domain';

export enum AuthorityKindEnum {
  COMMUNE = 'commune',
  EPCI = 'epci',
  POLE = 'pole',
  EXTERNAL = 'external',
}
registerEnumType(AuthorityKindEnum, { name: 'AuthorityKind', description: 'Kind of body a need can be routed to' });

export enum CompetenceLevelEnum {
  COMMUNE = 'C',
  EPCI = 'E',
  POLE = 'P',
  EXTERNAL = 'X',
}
registerEnumType(CompetenceLevelEnum, { name: 'CompetenceLevel', description: 'Level of the competent authority (DOMAIN.md §2)' });

export const toAuthorityKindEnum = (kind: DomainAuthorityKind) => kind as AuthorityKindEnum;
export const toCompetenceLevelEnum = (level: DomainCompetenceLevel) => level as CompetenceLevelEnum;

@ObjectType('Authority', { description: 'A commune, an intercommunality (EPCI), the Pôle, or an outside body' })
export class AuthorityType {
  @Field(() => ID)
  id!: string;

  @Field(() => AuthorityKindEnum)
  kind!: AuthorityKindEnum;

  @Field(() => String, { description: 'INSEE code of a commune, SIREN of an EPCI, a key for other bodies' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  website!: string | null;
}

@ObjectType('Commune')
export class CommuneType {
  @Field(() => String, { description: 'INSEE code' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [String])
  postcodes!: string[];

  @Field(() => Int, { nullable: true })
  population!: number | null;

  @Field(() => AuthorityType)
  epci!: AuthorityType;

  @Field(() => AuthorityType, { description: 'The commune itself as an authority (its town hall)' })
  authority!: AuthorityType;

  @Field(() => [String], { description: 'Names of its communes déléguées and former communes' })
  delegatedCommunes!: string[];
}

@ObjectType('Theme')
export class ThemeType {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => [CategoryType])
  categories!: CategoryType[];
}

@ObjectType('Category', { description: 'A part of a theme with one competence rule per EPCI' })
export class CategoryType {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => String, { nullable: true, description: 'M57 functional code' })
  m57Code!: string | null;

  @Field(() => ThemeType)
  theme!: ThemeType;
}

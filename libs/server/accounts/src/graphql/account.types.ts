import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { AuthorityType } from '@pit/territory/graphql';

export enum RoleEnum {
  ADMIN = 'admin',
  MODERATOR = 'moderator',
  AGENT = 'agent',
  MEDIATOR = 'mediator',
}
registerEnumType(RoleEnum, { name: 'Role', description: 'Staff roles: admin and moderator platform-wide, agent and mediator for one authority' });

export enum OrganisationKindEnum {
  ASSOCIATION = 'association',
  BUSINESS = 'business',
  SCHOOL = 'school',
  COLLECTIVE = 'collective',
}
registerEnumType(OrganisationKindEnum, { name: 'OrganisationKind' });

export enum IdentifierTypeEnum {
  SIREN = 'siren',
  SIRET = 'siret',
  RNA = 'rna',
  NONE = 'none',
}
registerEnumType(IdentifierTypeEnum, { name: 'IdentifierType', description: 'SIREN, SIRET, RNA number, or none (informal collective)' });

export enum MemberRoleEnum {
  REPRESENTATIVE = 'representative',
  MEMBER = 'member',
}
registerEnumType(MemberRoleEnum, { name: 'MemberRole', description: 'Representatives act in the organisation’s name and manage it' });

@ObjectType('RoleGrant')
export class RoleGrantType {
  @Field(() => RoleEnum)
  role!: RoleEnum;

  @Field(() => AuthorityType, { nullable: true, description: 'For agents and mediators' })
  authority!: AuthorityType | null;
}

@ObjectType('Organisation')
export class OrganisationType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => OrganisationKindEnum)
  kind!: OrganisationKindEnum;

  @Field(() => IdentifierTypeEnum)
  identifierType!: IdentifierTypeEnum;

  @Field(() => String, { nullable: true })
  identifier!: string | null;

  @Field(() => Boolean, { description: 'Verified by an admin' })
  verified!: boolean;

  @Field(() => MemberRoleEnum, { nullable: true, description: "The viewer's role in it" })
  myRole!: MemberRoleEnum | null;
}

@ObjectType('OrganisationMember')
export class OrganisationMemberType {
  @Field(() => ID)
  personId!: string;

  @Field(() => String)
  pseudonym!: string;

  @Field(() => MemberRoleEnum)
  role!: MemberRoleEnum;

  @Field(() => Date)
  joinedAt!: Date;
}

@ObjectType('Me', { description: 'The logged-in person: only they (and no one else) read this' })
export class MeType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Public name' })
  pseudonym!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => Boolean)
  emailVerified!: boolean;

  @Field(() => Boolean, { description: 'False for accounts that only use FranceConnect or ProConnect' })
  hasPassword!: boolean;

  @Field(() => [String], { description: 'Linked identity providers: franceconnect, proconnect' })
  linkedProviders!: string[];

  @Field(() => [RoleGrantType])
  roles!: RoleGrantType[];
}

@ObjectType('SessionInfo')
export class SessionInfoType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'password, franceconnect or proconnect' })
  authMethod!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  lastSeenAt!: Date;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => Boolean, { description: 'The session making this request' })
  current!: boolean;
}

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field(() => String, { description: 'Opaque session token: keep it in an httpOnly cookie, send it as a Bearer token' })
  sessionToken!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

@ObjectType('LogoutPayload')
export class LogoutPayloadType {
  @Field(() => Boolean)
  loggedOut!: boolean;

  @Field(() => String, { nullable: true, description: "The identity provider's logout URL to visit next, for FranceConnect and ProConnect sessions" })
  providerLogoutUrl!: string | null;
}

@ObjectType('RoleAssignment')
export class RoleAssignmentType {
  @Field(() => ID)
  id!: string;

  @Field(() => RoleEnum)
  role!: RoleEnum;

  @Field(() => String)
  pseudonym!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => AuthorityType, { nullable: true })
  authority!: AuthorityType | null;
}

const text = (max: number, what: string) => [IsString({ message: `${what} doit être un texte.` }), MaxLength(max, { message: `${what} est trop long.` })];
function Text(max: number, what: string): PropertyDecorator {
  return (target, key) => text(max, what).forEach((decorate) => decorate(target, key));
}

@InputType('SignUpInput')
export class SignUpInput {
  @Field(() => String) @Text(200, 'Le pseudonyme') pseudonym!: string;
  @Field(() => String) @Text(300, "L'adresse électronique") email!: string;
  @Field(() => String) @Text(1000, 'Le mot de passe') password!: string;
}

@InputType('LogInInput')
export class LogInInput {
  @Field(() => String) @Text(300, "L'adresse électronique") email!: string;
  @Field(() => String) @Text(1000, 'Le mot de passe') password!: string;
}

@InputType('CreateOrganisationInput')
export class CreateOrganisationInput {
  @Field(() => String) @Text(500, 'Le nom') name!: string;
  @Field(() => OrganisationKindEnum) @IsEnum(OrganisationKindEnum, { message: "Choisissez le type d'organisation." }) kind!: OrganisationKindEnum;
  @Field(() => IdentifierTypeEnum) @IsEnum(IdentifierTypeEnum, { message: "Choisissez le type d'identifiant." }) identifierType!: IdentifierTypeEnum;
  @Field(() => String, { nullable: true }) @IsOptional() @Text(40, "L'identifiant") identifier?: string | null;
}

@InputType('AssignRoleInput')
export class AssignRoleInput {
  @Field(() => String) @Text(300, "L'adresse électronique") email!: string;
  @Field(() => RoleEnum) @IsEnum(RoleEnum, { message: 'Choisissez un rôle.' }) role!: RoleEnum;
  @Field(() => ID, { nullable: true, description: 'Required for agents and mediators' }) @IsOptional() @Text(40, 'La collectivité') authorityId?: string | null;
}

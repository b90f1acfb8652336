import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { TerritoryService } from '@pit/territory';
import { mapAuthority } from '@pit/territory/graphql';
import { AccessService } from '../access.service.js';
import type { Actor } from '../actor.js';
import { OrganisationsService, type OrganisationRow } from '../organisations.service.js';
import { RolesService } from '../roles.service.js';
import {
  AssignRoleInput,
  CreateOrganisationInput,
  IdentifierTypeEnum,
  MemberRoleEnum,
  OrganisationKindEnum,
  OrganisationMemberType,
  OrganisationType,
  RoleAssignmentType,
  RoleEnum,
} from './account.types.js';
import { CurrentActor } from './request-context.js';

@Resolver()
export class OrganisationsResolver {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly roles: RolesService,
    private readonly access: AccessService,
    private readonly territory: TerritoryService,
  ) {}

  @Query(() => [OrganisationType], { description: 'Organisations the logged-in person belongs to' })
  async myOrganisations(@CurrentActor() actor: Actor | null): Promise<OrganisationType[]> {
    const self = await this.access.require(actor, 'account.self');
    return (await this.organisations.mine(self)).map(mapOrganisation);
  }

  @Query(() => [OrganisationMemberType], { description: "An organisation's members: for its members and admins" })
  async organisationMembers(@CurrentActor() actor: Actor | null, @Args('organisationId', { type: () => ID }) organisationId: string): Promise<OrganisationMemberType[]> {
    await this.access.require(actor, 'organisation.read', [organisationId]);
    return (await this.organisations.members(organisationId)).map((member) => ({ ...member, role: member.role as MemberRoleEnum }));
  }

  @Query(() => [OrganisationType], { description: 'Organisations waiting for verification (admins)' })
  async pendingOrganisations(@CurrentActor() actor: Actor | null): Promise<OrganisationType[]> {
    await this.access.require(actor, 'organisation.verify');
    return (await this.organisations.pending()).map(mapOrganisation);
  }

  @Mutation(() => OrganisationType, { description: 'Creates an organisation; its creator becomes its representative' })
  async createOrganisation(@CurrentActor() actor: Actor | null, @Args('input', { type: () => CreateOrganisationInput }) input: CreateOrganisationInput): Promise<OrganisationType> {
    const self = await this.access.require(actor, 'account.self');
    return mapOrganisation(await this.organisations.create(self, input));
  }

  @Mutation(() => Boolean, { description: 'Emails an invitation to join (representatives)' })
  async inviteToOrganisation(
    @CurrentActor() actor: Actor | null,
    @Args('organisationId', { type: () => ID }) organisationId: string,
    @Args('email', { type: () => String }) email: string,
    @Args('role', { type: () => MemberRoleEnum, defaultValue: MemberRoleEnum.MEMBER }) role: MemberRoleEnum,
  ): Promise<boolean> {
    const self = await this.access.require(actor, 'organisation.manage', [organisationId]);
    await this.organisations.invite(self, organisationId, email.slice(0, 300), role);
    return true;
  }

  @Mutation(() => OrganisationType, { description: 'Joins the organisation of an emailed invitation' })
  async acceptOrganisationInvitation(@CurrentActor() actor: Actor | null, @Args('token', { type: () => String }) token: string): Promise<OrganisationType> {
    const self = await this.access.require(actor, 'account.self');
    return mapOrganisation(await this.organisations.acceptInvitation(self, token.slice(0, 200)));
  }

  @Mutation(() => Boolean, { description: 'Removes a member (representatives)' })
  async removeOrganisationMember(
    @CurrentActor() actor: Actor | null,
    @Args('organisationId', { type: () => ID }) organisationId: string,
    @Args('personId', { type: () => ID }) personId: string,
  ): Promise<boolean> {
    await this.access.require(actor, 'organisation.manage', [organisationId]);
    await this.organisations.removeMember(organisationId, personId);
    return true;
  }

  @Mutation(() => OrganisationType, { description: 'Marks an organisation verified (admins)' })
  async verifyOrganisation(@CurrentActor() actor: Actor | null, @Args('organisationId', { type: () => ID }) organisationId: string): Promise<OrganisationType> {
    const self = await this.access.require(actor, 'organisation.verify');
    return mapOrganisation(await this.organisations.verify(self, organisationId));
  }

  @Query(() => [RoleAssignmentType], { description: 'Every staff role (admins)' })
  async roleAssignments(@CurrentActor() actor: Actor | null): Promise<RoleAssignmentType[]> {
    await this.access.require(actor, 'role.manage');
    return Promise.all((await this.roles.list()).map((row) => this.mapAssignment(row)));
  }

  @Mutation(() => RoleAssignmentType, { description: 'Gives a staff role to an existing account (admins)' })
  async assignRole(@CurrentActor() actor: Actor | null, @Args('input', { type: () => AssignRoleInput }) input: AssignRoleInput): Promise<RoleAssignmentType> {
    const self = await this.access.require(actor, 'role.manage');
    return this.mapAssignment(await this.roles.assign(self, input));
  }

  @Mutation(() => Boolean, { description: 'Withdraws a staff role (admins)' })
  async revokeRole(@CurrentActor() actor: Actor | null, @Args('assignmentId', { type: () => ID }) assignmentId: string): Promise<boolean> {
    await this.access.require(actor, 'role.manage');
    await this.roles.revoke(actor, assignmentId);
    return true;
  }

  private async mapAssignment(row: { id: string; role: string; pseudonym: string; email: string | null; authorityId: string | null }): Promise<RoleAssignmentType> {
    const authority = row.authorityId ? await this.territory.authority(row.authorityId) : null;
    return { id: row.id, role: row.role as RoleEnum, pseudonym: row.pseudonym, email: row.email, authority: authority ? mapAuthority(authority) : null };
  }
}

export function mapOrganisation(row: OrganisationRow): OrganisationType {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as OrganisationKindEnum,
    identifierType: row.identifierType as IdentifierTypeEnum,
    identifier: row.identifier,
    verified: row.verifiedAt !== null,
    myRole: (row.myRole as MemberRoleEnum | null) ?? null,
  };
}

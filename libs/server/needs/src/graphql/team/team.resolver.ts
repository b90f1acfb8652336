import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { normalizeReference } from '@pit/domain';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { TerritoryService } from '@pit/territory';
import { mapAuthority, mapCategory, mapCommune } from '@pit/territory/graphql';
import { NeedsService } from '../../needs.service.js';
import { NeedsRepository } from '../../needs.repository.js';
import { NeedMapper } from '../need.mapper.js';
import { NeedType } from '../need.types.js';
import { TeamService } from '../../team/team.service.js';
import { CoAssignmentsService } from '../../team/co-assignments.service.js';
import { RoutingRulesService, type RoutingRuleRow } from '../../team/routing-rules.service.js';
import { StaffAlertsService } from '../../team/staff-alerts.service.js';
import {
  CoAssignmentType,
  CoAssignNeedInput,
  DeactivateStaffResultType,
  HandOverNeedsInput,
  HandOverResultType,
  NeedHandoverType,
  RoutingRuleType,
  SaveRoutingRuleInput,
  StaffAlertModeEnum,
  StaffAlertSettingsType,
  StaffMemberType,
} from './team.types.js';

/** Stands for an unknown resource: refused like another authority's, nothing to learn from the answer. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** An authority's team: its agents, hand-overs, alert preferences, deactivation of a departing agent. */
@Resolver(() => StaffMemberType)
export class TeamResolver {
  constructor(
    private readonly access: AccessService,
    private readonly team: TeamService,
    private readonly alerts: StaffAlertsService,
  ) {}

  @Query(() => [StaffMemberType], { description: "The active agents of an authority, by name (e.g. for assignment): its agents and admins" })
  async authorityStaff(@CurrentActor() actor: Actor | null, @Args('authorityId', { type: () => ID }) authorityId: string): Promise<StaffMemberType[]> {
    await this.access.require(actor, 'authority.inbox', [authorityId]);
    return this.team.staff(authorityId);
  }

  @Query(() => [NeedHandoverType], { description: "An authority's current hand-overs (absences), latest first: its agents and admins" })
  async authorityHandovers(@CurrentActor() actor: Actor | null, @Args('authorityId', { type: () => ID }) authorityId: string): Promise<NeedHandoverType[]> {
    await this.access.require(actor, 'authority.inbox', [authorityId]);
    return this.team.handovers(authorityId);
  }

  @Query(() => StaffAlertSettingsType, { description: "How the acting agent hears of new needs routed to their authorities: agents and admins" })
  async myStaffAlertSettings(@CurrentActor() actor: Actor | null): Promise<StaffAlertSettingsType> {
    const me = await this.access.require(actor, 'staff.self');
    return { mode: (await this.alerts.mode(me.personId)) as StaffAlertModeEnum };
  }

  @Mutation(() => StaffAlertSettingsType, { description: 'Chooses an email per new need, a daily digest or nothing: agents and admins' })
  async setStaffAlertMode(@CurrentActor() actor: Actor | null, @Args('mode', { type: () => StaffAlertModeEnum }) mode: StaffAlertModeEnum): Promise<StaffAlertSettingsType> {
    const me = await this.access.require(actor, 'staff.self');
    await this.alerts.setMode(me.personId, mode);
    return { mode };
  }

  @Mutation(() => HandOverResultType, {
    description: "Moves every need of the authority assigned to one agent to a colleague (absence), in one transaction, audited: that agent themself (an agent of the authority) and admins",
  })
  async handOverNeeds(
    @CurrentActor() actor: Actor | null,
    @Args('authorityId', { type: () => ID }) authorityId: string,
    @Args('input', { type: () => HandOverNeedsInput }) input: HandOverNeedsInput,
  ): Promise<HandOverResultType> {
    // Agents hand over their own needs; someone else's are an admin's call.
    const me = await this.access.require(actor, actor && input.fromPersonId === actor.personId ? 'authority.inbox' : 'staff.manage', [authorityId]);
    return { moved: await this.team.handOver(me, authorityId, input) };
  }

  @Mutation(() => DeactivateStaffResultType, {
    description:
      "A departing agent: revokes their agent role for one authority (or all), returns their needs to the unassigned queue and ends their staff sessions, audited: admins",
  })
  async deactivateStaff(
    @CurrentActor() actor: Actor | null,
    @Args('personId', { type: () => ID }) personId: string,
    @Args('authorityId', { type: () => ID, nullable: true }) authorityId: string | null,
  ): Promise<DeactivateStaffResultType> {
    const me = await this.access.require(actor, 'staff.manage');
    return this.team.deactivate(me, personId, authorityId ?? null);
  }
}

/** Co-assignment of a second authority to a need; Need.coAssignments on the public need. */
@Resolver(() => NeedType)
export class CoAssignmentResolver {
  constructor(
    private readonly access: AccessService,
    private readonly needs: NeedsService,
    private readonly repository: NeedsRepository,
    private readonly coAssignmentsService: CoAssignmentsService,
    private readonly territory: TerritoryService,
    private readonly mapper: NeedMapper,
  ) {}

  @ResolveField(() => [CoAssignmentType], { description: 'Authorities working on the need beside the one in charge, each with its public reason, oldest first' })
  async coAssignments(@Parent() need: NeedType): Promise<CoAssignmentType[]> {
    const rows = await this.coAssignmentsService.list([need.id]);
    const authorities = await Promise.all(rows.map((row) => this.territory.authority(row.authorityId)));
    return rows.flatMap((row, i) => (authorities[i] ? [{ authority: mapAuthority(authorities[i]), reason: row.reason, createdAt: row.createdAt }] : []));
  }

  @Mutation(() => NeedType, {
    description: 'A second authority works on the need too (e.g. police powers beside a service): its agents may triage it; the reason is public. Agents of its current authority and admins',
  })
  async coAssignNeed(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('input', { type: () => CoAssignNeedInput }) input: CoAssignNeedInput,
  ): Promise<NeedType> {
    const { me, id } = await this.requireRoute(actor, reference);
    await this.coAssignmentsService.coAssign(me, id, input);
    return this.mapper.toType((await this.repository.findById(id))!);
  }

  @Mutation(() => NeedType, { description: 'Ends a co-assignment (shown on the timeline): agents of the need’s current authority and admins' })
  async removeCoAssignment(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String }) reference: string,
    @Args('authorityId', { type: () => ID }) authorityId: string,
  ): Promise<NeedType> {
    const { me, id } = await this.requireRoute(actor, reference);
    await this.coAssignmentsService.remove(me, id, authorityId);
    return this.mapper.toType((await this.repository.findById(id))!);
  }

  private async requireRoute(actor: Actor | null, reference: string): Promise<{ me: Actor; id: string }> {
    const canonical = normalizeReference(reference.slice(0, 40));
    const id = canonical ? await this.needs.idByReference(canonical) : null;
    // An unknown reference is refused like a need of another authority: nothing to learn from the answer.
    const me = await this.access.require(actor, 'need.co_assign', [id ?? NO_ID]);
    return { me, id: id! };
  }
}

/** Admins edit the routing rules; edits apply to needs routed afterwards. */
@Resolver(() => RoutingRuleType)
export class RoutingRulesResolver {
  constructor(
    private readonly access: AccessService,
    private readonly rules: RoutingRulesService,
    private readonly territory: TerritoryService,
  ) {}

  @Query(() => [RoutingRuleType], { description: 'Routing rules, filtered by EPCI (SIREN), theme and category: admins' })
  async routingRules(
    @CurrentActor() actor: Actor | null,
    @Args('epciCode', { type: () => String, nullable: true }) epciCode: string | null,
    @Args('categoryKey', { type: () => String, nullable: true }) categoryKey: string | null,
    @Args('themeKey', { type: () => String, nullable: true }) themeKey: string | null,
  ): Promise<RoutingRuleType[]> {
    await this.access.require(actor, 'routing.manage');
    const rows = await this.rules.list({ epciCode, categoryKey, themeKey });
    return (await Promise.all(rows.map((row) => this.toType(row)))).filter((rule): rule is RoutingRuleType => rule !== null);
  }

  @Mutation(() => RoutingRuleType, { description: 'Creates or changes a routing rule (audited, before/after); needs already routed keep their routing: admins' })
  async saveRoutingRule(@CurrentActor() actor: Actor | null, @Args('input', { type: () => SaveRoutingRuleInput }) input: SaveRoutingRuleInput): Promise<RoutingRuleType> {
    const me = await this.access.require(actor, 'routing.manage');
    return (await this.toType(await this.rules.save(me, input)))!;
  }

  @Mutation(() => Boolean, { description: 'Deletes a routing rule (audited); needs already routed keep their routing: admins' })
  async deleteRoutingRule(@CurrentActor() actor: Actor | null, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    const me = await this.access.require(actor, 'routing.manage');
    await this.rules.delete(me, id);
    return true;
  }

  private async toType(row: RoutingRuleRow): Promise<RoutingRuleType | null> {
    const [category, epci, commune, external] = await Promise.all([
      this.territory.category(row.categoryKey),
      this.territory.authority(row.epciId),
      row.communeCode ? this.territory.commune(row.communeCode) : null,
      row.externalAuthorityId ? this.territory.authority(row.externalAuthorityId) : null,
    ]);
    const theme = category ? await this.territory.theme(category.themeKey) : null;
    if (!category || !theme || !epci) return null;
    return {
      id: row.id,
      category: mapCategory(category, theme),
      epci: mapAuthority(epci),
      commune: commune ? mapCommune(commune) : null,
      level: row.level as RoutingRuleType['level'],
      sentence: row.sentence,
      externalAuthority: external ? mapAuthority(external) : null,
      toVerify: row.toVerify,
      updatedAt: row.updatedAt,
    };
  }
}

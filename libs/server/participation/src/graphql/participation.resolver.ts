import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor, type GraphqlContext, type OrganisationKindEnum } from '@pit/accounts/graphql';
import { NeedType } from '@pit/needs/graphql';
import {
  ParticipationService,
  emptySummary,
  type BackingOptionRow,
  type BackingRow,
  type ParticipationSummary,
} from '../participation.service.js';
import { BatchLoader, loaderFor } from './batch-loader.js';
import {
  BackNeedInput,
  BackingOptionType,
  NeedBackingType,
  NeedParticipationType,
  PaperSupportInput,
  ParticipationSettingsInput,
  ParticipationSettingsType,
} from './participation.types.js';

const toParticipation = (summary: ParticipationSummary): NeedParticipationType => ({
  needId: summary.needId,
  supportCount: summary.supportCount,
  supportThreshold: summary.supportThreshold,
  backingCount: summary.backingCount,
  viewerSupports: summary.viewerSupports,
  viewerFollows: summary.viewerFollows,
  officialAnswerDueAt: summary.officialAnswerDueAt,
});

/**
 * The participation fields of Need. Each batches per request: a list of 100 needs asks its
 * summaries (counts, threshold, deadline, the viewer's support and follow) with one query, its
 * backings with one more, whatever the page size.
 */
@Resolver(() => NeedType)
export class NeedParticipationFieldsResolver {
  constructor(private readonly participation: ParticipationService) {}

  private summary(context: GraphqlContext, needId: string): Promise<ParticipationSummary> {
    const viewerId = context.actor?.personId ?? null;
    return loaderFor(context, 'participation.summary', () => new BatchLoader((ids: string[]) => this.participation.summaries(ids, viewerId), emptySummary)).load(needId);
  }

  @ResolveField(() => Int, { description: 'Supports of residents, online and on paper (organisation backings are apart)' })
  async supportCount(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<number> {
    return (await this.summary(context, need.id)).supportCount;
  }

  @ResolveField(() => Int, { description: "Supports that oblige the need's authority to answer officially" })
  async supportThreshold(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<number> {
    return (await this.summary(context, need.id)).supportThreshold;
  }

  @ResolveField(() => Date, { nullable: true, description: 'Once the threshold is reached: the official answer is due before this date ("réponse officielle attendue")' })
  async officialAnswerDueAt(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<Date | null> {
    return (await this.summary(context, need.id)).officialAnswerDueAt;
  }

  @ResolveField(() => Int, { description: 'Organisations backing the need' })
  async backingCount(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<number> {
    return (await this.summary(context, need.id)).backingCount;
  }

  @ResolveField(() => Boolean, { description: 'Whether the logged-in viewer supports it (false when anonymous)' })
  async viewerSupports(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<boolean> {
    return (await this.summary(context, need.id)).viewerSupports;
  }

  @ResolveField(() => Boolean, { description: 'Whether the logged-in viewer follows it (false when anonymous)' })
  async viewerFollows(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<boolean> {
    return (await this.summary(context, need.id)).viewerFollows;
  }

  @ResolveField(() => [NeedBackingType], { description: 'Backings by verified organisations, oldest first' })
  async backings(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<NeedBackingType[]> {
    const rows = await loaderFor(context, 'participation.backings', () => new BatchLoader((ids: string[]) => this.participation.backings(ids), (): BackingRow[] => [])).load(need.id);
    return rows.map((row) => ({ ...row, organisationKind: row.organisationKind as OrganisationKindEnum }));
  }

  @ResolveField(() => [BackingOptionType], { description: 'Organisations the viewer represents, to back the need in their name (empty when anonymous)' })
  async viewerBackingOptions(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<BackingOptionType[]> {
    const viewerId = context.actor?.personId;
    if (!viewerId) return [];
    const rows = await loaderFor(
      context,
      'participation.backingOptions',
      () => new BatchLoader((ids: string[]) => this.participation.backingOptions(ids, viewerId), (): BackingOptionRow[] => []),
    ).load(need.id);
    return rows.map((row) => ({ ...row, kind: row.kind as OrganisationKindEnum }));
  }
}

@Resolver()
export class ParticipationResolver {
  constructor(
    private readonly participation: ParticipationService,
    private readonly access: AccessService,
  ) {}

  @Mutation(() => NeedParticipationType, { description: 'Supports a public need (once per person; supporting again changes nothing). Not one’s own need' })
  async supportNeed(@CurrentActor() actor: Actor | null, @Args('needId', { type: () => ID }) needId: string): Promise<NeedParticipationType> {
    const self = await this.access.require(actor, 'need.participate');
    return toParticipation(await this.participation.supportNeed(self, needId));
  }

  @Mutation(() => NeedParticipationType, { description: 'Withdraws one’s support (a reached threshold stays reached)' })
  async withdrawSupport(@CurrentActor() actor: Actor | null, @Args('needId', { type: () => ID }) needId: string): Promise<NeedParticipationType> {
    const self = await this.access.require(actor, 'need.participate');
    return toParticipation(await this.participation.withdrawSupport(self, needId));
  }

  @Mutation(() => NeedParticipationType, { description: 'Follows a need: its status changes and official answers are notified' })
  async followNeed(@CurrentActor() actor: Actor | null, @Args('needId', { type: () => ID }) needId: string): Promise<NeedParticipationType> {
    const self = await this.access.require(actor, 'need.participate');
    return toParticipation(await this.participation.followNeed(self, needId));
  }

  @Mutation(() => NeedParticipationType, { description: 'Stops following a need' })
  async unfollowNeed(@CurrentActor() actor: Actor | null, @Args('needId', { type: () => ID }) needId: string): Promise<NeedParticipationType> {
    const self = await this.access.require(actor, 'need.participate');
    return toParticipation(await this.participation.unfollowNeed(self, needId));
  }

  @Mutation(() => NeedParticipationType, {
    description: 'Records one support collected on paper (mediators, admins); refused when the person already supports the need, on paper or through FranceConnect',
  })
  async recordPaperSupport(@CurrentActor() actor: Actor | null, @Args('input', { type: () => PaperSupportInput }) input: PaperSupportInput): Promise<NeedParticipationType> {
    const self = await this.access.require(actor, 'need.paper_supports');
    return toParticipation(await this.participation.recordPaperSupport(self, input.needId, input));
  }

  @Mutation(() => NeedParticipationType, { description: 'Backs a need in the name of a verified organisation one represents, with a short statement' })
  async backNeed(@CurrentActor() actor: Actor | null, @Args('input', { type: () => BackNeedInput }) input: BackNeedInput): Promise<NeedParticipationType> {
    const self = await this.access.require(actor, 'organisation.back', [input.organisationId]);
    return toParticipation(await this.participation.backNeed(self, input.needId, input.organisationId, input.statement));
  }

  @Mutation(() => NeedParticipationType, { description: "Withdraws an organisation's backing (its representatives)" })
  async withdrawBacking(
    @CurrentActor() actor: Actor | null,
    @Args('needId', { type: () => ID }) needId: string,
    @Args('organisationId', { type: () => ID }) organisationId: string,
  ): Promise<NeedParticipationType> {
    const self = await this.access.require(actor, 'organisation.back', [organisationId]);
    return toParticipation(await this.participation.withdrawBacking(self, needId, organisationId));
  }

  @Query(() => ParticipationSettingsType, { description: "An authority's support threshold, answer delay and first-answer target: its agents and admins" })
  async participationSettings(@CurrentActor() actor: Actor | null, @Args('authorityId', { type: () => ID }) authorityId: string): Promise<ParticipationSettingsType> {
    await this.access.require(actor, 'authority.settings', [authorityId]);
    return this.participation.settings(authorityId);
  }

  @Mutation(() => ParticipationSettingsType, { description: "Sets an authority's support threshold, answer delay and first-answer target: its agents and admins" })
  async setParticipationSettings(
    @CurrentActor() actor: Actor | null,
    @Args('authorityId', { type: () => ID }) authorityId: string,
    @Args('input', { type: () => ParticipationSettingsInput }) input: ParticipationSettingsInput,
  ): Promise<ParticipationSettingsType> {
    const self = await this.access.require(actor, 'authority.settings', [authorityId]);
    return this.participation.setSettings(self, authorityId, input.supportThreshold, input.answerDelayDays, input.firstAnswerDays ?? null);
  }
}

import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { normalizeReference } from '@pit/domain';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor, type GraphqlContext } from '@pit/accounts/graphql';
import { NeedsService } from '@pit/needs';
import { NeedType } from '@pit/needs/graphql';
import { BatchLoader, loaderFor } from './batch-loader.js';
import { NeedMergeService, type CarryOverView, type MergeLink } from '../merge/need-merge.service.js';
import { MergeNeedInput, MergedNeedLinkType, NeedMergeType, SupportCarryOverStateEnum, SupportCarryOverType } from './merge.types.js';

/** Stands for an unknown resource: refused like another authority's, nothing to learn from the answer. */
const NO_ID = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toCarryOver = (view: CarryOverView): SupportCarryOverType => ({ ...view, state: view.state as SupportCarryOverStateEnum });
const toLink = ({ reference, title, mergedAt }: MergeLink): MergedNeedLinkType => ({ reference, title, mergedAt });

/** Need.mergedInto and Need.mergedFrom: one query each per request, whatever the number of needs. */
@Resolver(() => NeedType)
export class NeedMergeFieldsResolver {
  constructor(private readonly merges: NeedMergeService) {}

  @ResolveField(() => MergedNeedLinkType, { nullable: true, description: 'While the need is doublon after a merge: the need kept ("fusionné dans")' })
  async mergedInto(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<MergedNeedLinkType | null> {
    const link = await loaderFor(context, 'merge.into', () => new BatchLoader((ids: string[]) => this.merges.mergedInto(ids), (): MergeLink | null => null)).load(need.id);
    return link ? toLink(link) : null;
  }

  @ResolveField(() => [MergedNeedLinkType], { description: 'The needs merged into this one (doublons of it), oldest merge first' })
  async mergedFrom(@Parent() need: NeedType, @Context() context: GraphqlContext): Promise<MergedNeedLinkType[]> {
    const links = await loaderFor(context, 'merge.from', () => new BatchLoader((ids: string[]) => this.merges.mergedFrom(ids), (): MergeLink[] => [])).load(need.id);
    return links.map(toLink);
  }
}

@Resolver()
export class NeedMergeResolver {
  constructor(
    private readonly merges: NeedMergeService,
    private readonly needs: NeedsService,
    private readonly access: AccessService,
  ) {}

  @Mutation(() => NeedMergeType, {
    description:
      "Merges a need into the one kept (it becomes doublon through the status workflow, audited); each of its supporters not supporting the kept need is asked by email whether to carry their support over: nothing moves without consent. Agents of the merged need's authority and admins",
  })
  async mergeNeed(
    @CurrentActor() actor: Actor | null,
    @Args('reference', { type: () => String, description: 'Reference of the need merged (the doublon)' }) reference: string,
    @Args('input', { type: () => MergeNeedInput }) input: MergeNeedInput,
  ): Promise<NeedMergeType> {
    const canonical = normalizeReference(reference.slice(0, 40));
    const id = canonical ? await this.needs.idByReference(canonical) : null;
    // An unknown reference is refused like a need of another authority: nothing to learn from the answer.
    const me = await this.access.require(actor, 'need.triage', [id ?? NO_ID]);
    return this.merges.merge(me, id!, input);
  }

  @Mutation(() => SupportCarryOverType, {
    description: 'The supporter asked answers: accept carries their support over to the kept need (once; nothing when they already support it), decline leaves it. Only that supporter',
  })
  async respondToSupportCarryOver(
    @CurrentActor() actor: Actor | null,
    @Args('id', { type: () => ID }) id: string,
    @Args('accept', { type: () => Boolean }) accept: boolean,
  ): Promise<SupportCarryOverType> {
    const me = await this.access.require(actor, 'support_carry_over.respond', [UUID.test(id) ? id : NO_ID]);
    return toCarryOver(await this.merges.respond(me, id, accept));
  }

  @Query(() => [SupportCarryOverType], { description: "The logged-in person's carry-over requests awaiting an answer, latest merge first" })
  async mySupportCarryOvers(@CurrentActor() actor: Actor | null): Promise<SupportCarryOverType[]> {
    const me = await this.access.require(actor, 'account.self');
    return (await this.merges.pendingFor(me.personId)).map(toCarryOver);
  }
}

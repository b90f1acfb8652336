import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { normalizeReference } from '@pit/domain';
import { AccessService, type Actor, type RequestInfo } from '@pit/accounts';
import { CurrentActor, CurrentRequest } from '@pit/accounts/graphql';
import { NeedsService, encodeCursor } from '../needs.service.js';
import { NeedMapper } from './need.mapper.js';
import { NeedConnectionType, NeedFilterInput, NeedType, SubmitNeedInput } from './need.types.js';

@Resolver(() => NeedType)
export class NeedsResolver {
  constructor(
    private readonly needsService: NeedsService,
    private readonly mapper: NeedMapper,
    private readonly access: AccessService,
  ) {}

  @Query(() => NeedType, { nullable: true, description: 'A public need by its reference (B-XXXXXX); null when unknown' })
  async need(
    @Args('reference', { type: () => String }) reference: string,
    @Args('viewToken', { type: () => String, nullable: true, description: "The author's view token (see Need.authorViewToken)" }) viewToken: string | null,
  ): Promise<NeedType | null> {
    const canonical = normalizeReference(reference.slice(0, 40));
    if (!canonical) return null;
    const need = await this.needsService.findPublic(canonical, viewToken?.slice(0, 100) ?? null);
    return need ? this.mapper.toType(need) : null;
  }

  @Query(() => NeedConnectionType, { description: 'Public needs, newest first' })
  async needs(
    @Args('filter', { type: () => NeedFilterInput, nullable: true }) filter: NeedFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<NeedConnectionType> {
    const { communeCode, epciCode, themeKey, status } = filter ?? {};
    return this.connection(await this.needsService.list({ communeCode, epciCode, themeKey, status }, first, after));
  }

  private async connection(page: Awaited<ReturnType<NeedsService['list']>>): Promise<NeedConnectionType> {
    const edges = await Promise.all(page.items.map(async (item) => ({ cursor: encodeCursor(item.position), node: await this.mapper.toType(item) })));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }

  @Query(() => NeedConnectionType, { description: "Needs routed to an authority, newest first: for that authority's agents and admins" })
  async authorityInbox(
    @CurrentActor() actor: Actor | null,
    @Args('authorityId', { type: () => ID }) authorityId: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<NeedConnectionType> {
    await this.access.require(actor, 'authority.inbox', [authorityId]);
    return this.connection(await this.needsService.list({ authorityId }, first, after));
  }

  @Mutation(() => NeedType, {
    description: 'Submits a need; it is routed to the competent authority shortly after. Without an account, authorEmail is required and the need waits for confirmation',
  })
  async submitNeed(
    @Args('input', { type: () => SubmitNeedInput }) input: SubmitNeedInput,
    @CurrentActor() actor: Actor | null,
    @CurrentRequest() request: RequestInfo,
  ): Promise<NeedType> {
    const need = await this.needsService.submit(input, actor, request);
    return this.mapper.toType(need, need.viewToken);
  }

  @Mutation(() => NeedType, { description: 'Publishes a need submitted without an account, from the emailed link' })
  async confirmNeed(@Args('token', { type: () => String }) token: string): Promise<NeedType> {
    return this.mapper.toType(await this.needsService.confirm(token.slice(0, 200)));
  }
}

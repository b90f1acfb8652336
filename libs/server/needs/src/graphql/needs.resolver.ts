import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { normalizeReference } from '@pit/domain';
import { NeedsService, encodeCursor } from '../needs.service.js';
import { NeedMapper } from './need.mapper.js';
import { NeedConnectionType, NeedFilterInput, NeedType, SubmitNeedInput } from './need.types.js';

@Resolver(() => NeedType)
export class NeedsResolver {
  constructor(
    private readonly needsService: NeedsService,
    private readonly mapper: NeedMapper,
  ) {}

  @Query(() => NeedType, { nullable: true, description: 'A public need by its reference (B-XXXXXX); null when unknown' })
  async need(@Args('reference', { type: () => String }) reference: string): Promise<NeedType | null> {
    const canonical = normalizeReference(reference.slice(0, 40));
    if (!canonical) return null;
    const need = await this.needsService.findPublic(canonical);
    return need ? this.mapper.toType(need) : null;
  }

  @Query(() => NeedConnectionType, { description: 'Public needs, newest first' })
  async needs(
    @Args('filter', { type: () => NeedFilterInput, nullable: true }) filter: NeedFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<NeedConnectionType> {
    const page = await this.needsService.list(filter ?? {}, first, after);
    const edges = await Promise.all(page.items.map(async (item) => ({ cursor: encodeCursor(item.position), node: await this.mapper.toType(item) })));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }

  @Mutation(() => NeedType, { description: 'Submits a need; it is routed to the competent authority shortly after' })
  async submitNeed(@Args('input', { type: () => SubmitNeedInput }) input: SubmitNeedInput): Promise<NeedType> {
    return this.mapper.toType(await this.needsService.submit(input));
  }
}

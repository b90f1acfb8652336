import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { InboxService } from './inbox.service.js';
import { AuthorityInboxCountsType, InboxConnectionType, InboxFilterInput, InboxSortEnum } from './inbox.types.js';

@Resolver()
export class InboxResolver {
  constructor(
    private readonly access: AccessService,
    private readonly inbox: InboxService,
  ) {}

  @Query(() => InboxConnectionType, {
    description:
      "An authority's inbox: the needs it is in charge of or co-assigned (never those awaiting confirmation); filters, French full-text search q (as the public needs list), sorts, keyset pagination for every sort. For that authority's agents and admins",
  })
  async authorityInbox(
    @CurrentActor() actor: Actor | null,
    @Args('authorityId', { type: () => ID }) authorityId: string,
    @Args('filter', { type: () => InboxFilterInput, nullable: true }) filter: InboxFilterInput | null,
    @Args('q', { type: () => String, nullable: true, description: 'Words to search in titles and descriptions (French stemming, accents ignored)' }) q: string | null,
    @Args('sort', { type: () => InboxSortEnum, nullable: true, defaultValue: InboxSortEnum.NEWEST }) sort: InboxSortEnum | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<InboxConnectionType> {
    const me = await this.access.require(actor, 'authority.inbox', [authorityId]);
    return this.inbox.page(me.personId, authorityId, filter, q, sort ?? InboxSortEnum.NEWEST, first, after);
  }

  @Query(() => AuthorityInboxCountsType, { description: "Counts of an authority's whole inbox by status, with the overdue, unassigned and threshold ones: its agents and admins" })
  async authorityInboxCounts(@CurrentActor() actor: Actor | null, @Args('authorityId', { type: () => ID }) authorityId: string): Promise<AuthorityInboxCountsType> {
    await this.access.require(actor, 'authority.inbox', [authorityId]);
    return this.inbox.counts(authorityId);
  }
}

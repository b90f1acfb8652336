import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { NEED_CHANNEL_LABELS, NEED_STATUS_LABELS, isNeedChannel } from '@pit/domain';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { TerritoryService } from '@pit/territory';
import { mapCategory, mapCommune } from '@pit/territory/graphql';
import { InboxService } from '../../inbox/inbox.service.js';
import type { InboxRow } from '../../inbox/inbox.repository.js';
import type { NeedStatusEnum } from '../need.types.js';
import { AuthorityInboxCountsType, InboxConnectionType, InboxFilterInput, InboxSortEnum, type InboxItemType, type NeedChannelEnum } from './inbox.types.js';

@Resolver()
export class InboxResolver {
  constructor(
    private readonly access: AccessService,
    private readonly inbox: InboxService,
    private readonly territory: TerritoryService,
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
    const page = await this.inbox.page(me.personId, authorityId, filter, q, sort ?? InboxSortEnum.NEWEST, first, after);
    const edges = await Promise.all(page.items.map(async ({ cursor, ...row }) => ({ cursor, node: await this.toItem(row) })));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }

  @Query(() => AuthorityInboxCountsType, { description: "Counts of an authority's whole inbox by status, with the overdue, unassigned and threshold ones: its agents and admins" })
  async authorityInboxCounts(@CurrentActor() actor: Actor | null, @Args('authorityId', { type: () => ID }) authorityId: string): Promise<AuthorityInboxCountsType> {
    await this.access.require(actor, 'authority.inbox', [authorityId]);
    const counts = await this.inbox.counts(authorityId);
    return {
      ...counts,
      byStatus: counts.byStatus.map(({ status, count }) => ({ status: status as NeedStatusEnum, label: NEED_STATUS_LABELS[status].fr, count })),
    };
  }

  private async toItem(row: InboxRow): Promise<InboxItemType> {
    const [commune, category] = await Promise.all([this.territory.commune(row.communeCode), this.territory.category(row.categoryKey)]);
    const theme = category ? await this.territory.theme(category.themeKey) : null;
    if (!commune || !category || !theme) throw new Error(`Need ${row.reference} refers to territory data that no longer exists`);
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      status: row.status as NeedStatusEnum,
      statusLabel: NEED_STATUS_LABELS[row.status].fr,
      category: mapCategory(category, theme),
      commune: mapCommune(commune),
      createdAt: new Date(row.createdAt),
      supportCount: row.supportCount,
      thresholdReached: row.thresholdReached,
      overdue: row.overdue,
      answerDueAt: row.answerDueAt ? new Date(row.answerDueAt) : null,
      channel: row.channel as NeedChannelEnum,
      channelLabel: isNeedChannel(row.channel) ? NEED_CHANNEL_LABELS[row.channel] : row.channel,
      assignee: row.assigneeId ? { id: row.assigneeId, pseudonym: row.assigneePseudonym ?? '' } : null,
      coAssigned: row.coAssigned,
    };
  }
}

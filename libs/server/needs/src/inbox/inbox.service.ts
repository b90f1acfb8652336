import { Injectable } from '@nestjs/common';
import { NEED_CHANNEL_LABELS, NEED_STATUSES, NEED_STATUS_LABELS, NeedStatus, PAGE_SIZE, isNeedChannel } from '@pit/domain';
import { badUserInput } from '@pit/core';
import { TerritoryService } from '@pit/territory';
import { mapCategory, mapCommune } from '@pit/territory/graphql';
import { NeedStatusEnum } from '../graphql/need.types.js';
import type { InboxFilterValues } from './inbox-where.js';
import { InboxRepository, type InboxPosition, type InboxRow, type InboxSort } from './inbox.repository.js';
import type { AuthorityInboxCountsType, InboxConnectionType, InboxItemType, NeedChannelEnum } from './inbox.types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const SORTS: readonly InboxSort[] = ['newest', 'oldest', 'most_supported', 'due_soonest'];

/** The inbox cursor carries the sort it was made for: a cursor of another sort is refused. */
export function encodeInboxCursor(position: InboxPosition): string {
  return Buffer.from(`inbox|${position.sort}|${position.key}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeInboxCursor(cursor: string, sort: InboxSort): InboxPosition {
  const [prefix, cursorSort, key = '', id = ''] = Buffer.from(cursor.slice(0, 200), 'base64url').toString('utf8').split('|');
  const keyValid = sort === 'most_supported' ? /^\d{1,18}$/.test(key) : TIMESTAMP.test(key) || (sort === 'due_soonest' && key === 'infinity');
  if (prefix !== 'inbox' || cursorSort !== sort || !SORTS.includes(sort) || !keyValid || !UUID.test(id)) {
    throw badUserInput([{ field: 'after', message: "Ce curseur de pagination n'est pas valide : repartez de la première page." }]);
  }
  return { sort, key, id };
}

/** Statuses an inbox may hold, in workflow order. */
const INBOX_STATUSES = NEED_STATUSES.filter((status) => status !== NeedStatus.PendingConfirmation);

/** An authority's inbox for its agents and admins (the resolver checks `authority.inbox`). */
@Injectable()
export class InboxService {
  constructor(
    private readonly repository: InboxRepository,
    private readonly territory: TerritoryService,
  ) {}

  async page(
    me: string,
    authorityId: string,
    filter: InboxFilterValues | null,
    q: string | null,
    sort: InboxSort,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<InboxConnectionType> {
    const size = Math.min(Math.max(first ?? PAGE_SIZE.default, 1), PAGE_SIZE.max);
    const page = await this.repository.page(authorityId, filter, q, me, sort, size, after ? decodeInboxCursor(after, sort) : null);
    const edges = await Promise.all(
      page.rows.map(async (row) => ({ cursor: encodeInboxCursor({ sort, key: row.sortKey, id: row.id }), node: await this.toItem(row) })),
    );
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }

  async counts(authorityId: string): Promise<AuthorityInboxCountsType> {
    const rows = await this.repository.counts(authorityId);
    const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
    return {
      total: sum((row) => row.count),
      byStatus: INBOX_STATUSES.map((status) => ({
        status: status as NeedStatusEnum,
        label: NEED_STATUS_LABELS[status].fr,
        count: rows.find((row) => row.status === status)?.count ?? 0,
      })),
      overdue: sum((row) => row.overdue),
      unassigned: sum((row) => row.unassigned),
      thresholdReached: sum((row) => row.thresholdReached),
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

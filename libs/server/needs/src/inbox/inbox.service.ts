import { Injectable } from '@nestjs/common';
import { NEED_STATUSES, NeedStatus, PAGE_SIZE } from '@pit/domain';
import { badUserInput } from '@pit/core';
import type { InboxFilterValues } from './inbox-where.js';
import { InboxRepository, type InboxPosition, type InboxRow, type InboxSort } from './inbox.repository.js';

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
export const INBOX_STATUSES: readonly NeedStatus[] = NEED_STATUSES.filter((status) => status !== NeedStatus.PendingConfirmation);

export interface InboxCounts {
  total: number;
  /** Every status of INBOX_STATUSES, in order, zeros included. */
  byStatus: Array<{ status: NeedStatus; count: number }>;
  overdue: number;
  unassigned: number;
  thresholdReached: number;
}

/** An authority's inbox for its agents and admins (callers check `authority.inbox`). */
@Injectable()
export class InboxService {
  constructor(private readonly repository: InboxRepository) {}

  /** One page (1 to 100 rows, 20 by default) with each row's cursor, and the total matching. */
  async page(
    me: string,
    authorityId: string,
    filter: InboxFilterValues | null,
    q: string | null,
    sort: InboxSort,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<{ items: Array<InboxRow & { cursor: string }>; hasNextPage: boolean; totalCount: number }> {
    const size = Math.min(Math.max(first ?? PAGE_SIZE.default, 1), PAGE_SIZE.max);
    const page = await this.repository.page(authorityId, filter, q, me, sort, size, after ? decodeInboxCursor(after, sort) : null);
    return {
      items: page.rows.map(({ sortKey, ...row }) => ({ ...row, cursor: encodeInboxCursor({ sort, key: sortKey, id: row.id }) })),
      hasNextPage: page.hasNextPage,
      totalCount: page.totalCount,
    };
  }

  async counts(authorityId: string): Promise<InboxCounts> {
    const rows = await this.repository.counts(authorityId);
    const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
    return {
      total: sum((row) => row.count),
      byStatus: INBOX_STATUSES.map((status) => ({ status, count: rows.find((row) => row.status === status)?.count ?? 0 })),
      overdue: sum((row) => row.overdue),
      unassigned: sum((row) => row.unassigned),
      thresholdReached: sum((row) => row.thresholdReached),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NeedStatus } from '@pit/domain';
import { overdueSql } from '../clock.js';
import { SORT_KEYS } from '../needs.repository.js';
import { inboxWhere, type InboxFilterValues } from './inbox-where.js';

export type InboxSort = 'newest' | 'oldest' | 'most_supported' | 'due_soonest';

/** Keyset position in an inbox: the sort key as text (timestamp, 'infinity' or count) and the id that breaks ties. */
export interface InboxPosition {
  sort: InboxSort;
  key: string;
  id: string;
}

export interface InboxRow {
  id: string;
  reference: string;
  title: string;
  status: NeedStatus;
  categoryKey: string;
  communeCode: string;
  createdAt: Date;
  supportCount: number;
  thresholdReached: boolean;
  overdue: boolean;
  answerDueAt: Date | null;
  channel: string;
  assigneeId: string | null;
  assigneePseudonym: string | null;
  coAssigned: boolean;
}

export interface InboxCountsRow {
  status: NeedStatus;
  count: number;
  overdue: number;
  unassigned: number;
  thresholdReached: number;
}

const timestampText = (expression: string) => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Sort key per inbox sort: SQL expression, its text form for the cursor, the cast back, and the direction. */
export const INBOX_SORT_KEYS: Record<InboxSort, { expression: string; text: string; cast: string; descending: boolean }> = {
  newest: { ...SORT_KEYS.newest, descending: true },
  oldest: { ...SORT_KEYS.newest, descending: false },
  most_supported: { ...SORT_KEYS.most_supported, descending: true },
  // Needs without a due date (answered, or not routed yet) come last.
  due_soonest: {
    expression: `COALESCE(n.answer_due_at, 'infinity'::timestamptz)`,
    text: `CASE WHEN n.answer_due_at IS NULL THEN 'infinity' ELSE ${timestampText('n.answer_due_at')} END`,
    cast: 'timestamptz',
    descending: false,
  },
};

const ENGAGED = 'EXISTS (SELECT 1 FROM need_engagement e WHERE e.need_id = n.id)';

@Injectable()
export class InboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of an authority's inbox (one statement) and the total matching the filter (one statement). */
  async page(
    authorityId: string,
    filter: InboxFilterValues | null,
    q: string | null,
    me: string,
    sort: InboxSort,
    first: number,
    after: InboxPosition | null,
  ): Promise<{ rows: Array<InboxRow & { sortKey: string }>; hasNextPage: boolean; totalCount: number }> {
    const countParams: unknown[] = [];
    const countWhere = inboxWhere(authorityId, filter, q, countParams, me);
    const params: unknown[] = [];
    const where = [inboxWhere(authorityId, filter, q, params, me)];
    const key = INBOX_SORT_KEYS[sort];
    const direction = key.descending ? 'DESC' : 'ASC';
    if (after) {
      params.push(after.key, after.id);
      where.push(`(${key.expression}, n.id) ${key.descending ? '<' : '>'} ($${params.length - 1}::${key.cast}, $${params.length}::uuid)`);
    }
    params.push(first + 1);
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `SELECT n.id, n.reference, n.title, n.status, n.category_key AS "categoryKey", n.commune_code AS "communeCode", n.created_at AS "createdAt",
                ${SORT_KEYS.most_supported.expression}::int AS "supportCount", ${ENGAGED} AS "thresholdReached",
                COALESCE(${overdueSql('n')}, false) AS overdue, n.answer_due_at AS "answerDueAt", n.channel,
                n.assignee_id AS "assigneeId", p.pseudonym AS "assigneePseudonym", n.authority_id IS DISTINCT FROM $1::uuid AS "coAssigned",
                ${key.text} AS "sortKey"
           FROM need n
           LEFT JOIN person p ON p.id = n.assignee_id
          WHERE ${where.join(' AND ')}
          ORDER BY ${key.expression} ${direction}, n.id ${direction}
          LIMIT $${params.length}`,
        params,
      ) as Promise<Array<InboxRow & { sortKey: string }>>,
      this.dataSource.query(`SELECT count(*)::int AS count FROM need n WHERE ${countWhere}`, countParams) as Promise<Array<{ count: number }>>,
    ]);
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount: count[0]!.count };
  }

  /** Counts of the whole inbox per status, with the overdue, unassigned and threshold ones: one statement. */
  async counts(authorityId: string): Promise<InboxCountsRow[]> {
    const params: unknown[] = [];
    const where = inboxWhere(authorityId, null, null, params);
    return this.dataSource.query(
      `SELECT n.status, count(*)::int AS count,
              count(*) FILTER (WHERE COALESCE(${overdueSql('n')}, false))::int AS overdue,
              count(*) FILTER (WHERE n.assignee_id IS NULL)::int AS unassigned,
              count(*) FILTER (WHERE ${ENGAGED})::int AS "thresholdReached"
         FROM need n
        WHERE ${where}
        GROUP BY n.status`,
      params,
    );
  }
}

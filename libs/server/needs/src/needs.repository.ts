import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NeedStatus, type CompetenceLevel } from '@pit/domain';

export interface NeedRoutingView {
  level: CompetenceLevel;
  authorityId: string;
  reason: string;
  routedAt: Date;
}
export interface StatusChangeView {
  status: NeedStatus;
  note: string | null;
  at: Date;
}
export interface NeedView {
  id: string;
  reference: string;
  title: string;
  description: string;
  status: NeedStatus;
  categoryKey: string;
  communeCode: string;
  createdAt: Date;
  routing: NeedRoutingView | null;
  history: StatusChangeView[];
}
export interface NeedListFilter {
  communeCode?: string | null;
  epciCode?: string | null;
  themeKey?: string | null;
  status?: NeedStatus | null;
  /** Staff inbox: needs currently with this authority. */
  authorityId?: string | null;
}
export interface FeedPosition {
  createdAt: string;
  id: string;
}

// One statement reads a need with its current routing and its whole timeline.
const NEED_VIEW = `
  SELECT n.id, n.reference, n.title, n.description, n.status,
         n.category_key AS "categoryKey", n.commune_code AS "communeCode", n.created_at AS "createdAt",
         to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "position",
         CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object(
           'level', r.level, 'authorityId', r.authority_id, 'reason', r.reason, 'routedAt', r.created_at) END AS routing,
         (SELECT COALESCE(json_agg(json_build_object('status', h.status, 'note', h.note, 'at', h.created_at)
                                   ORDER BY h.created_at, h.id), '[]')
            FROM need_status_change h WHERE h.need_id = n.id) AS history
    FROM need n
    LEFT JOIN need_routing r ON r.id = n.current_routing_id`;

type NeedRow = Omit<NeedView, 'routing' | 'history' | 'createdAt'> & {
  createdAt: Date;
  position: string;
  routing: (Omit<NeedRoutingView, 'routedAt'> & { routedAt: string }) | null;
  history: Array<Omit<StatusChangeView, 'at'> & { at: string }>;
};

@Injectable()
export class NeedsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a need unless its reference is taken; returns its id, or null on a reference collision. */
  async insertNeed(
    manager: EntityManager,
    need: {
      reference: string;
      title: string;
      description: string;
      categoryKey: string;
      communeCode: string;
      status: NeedStatus;
      authorId: string | null;
      authorEmail: string | null;
      authorViewHash: Buffer | null;
    },
  ): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO need (reference, title, description, category_key, commune_code, status, author_id, author_email, author_view_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (reference) DO NOTHING
       RETURNING id`,
      [need.reference, need.title, need.description, need.categoryKey, need.communeCode, need.status, need.authorId, need.authorEmail, need.authorViewHash],
    );
    return rows[0]?.id ?? null;
  }

  async insertStatusChange(manager: EntityManager, needId: string, status: NeedStatus, note: string | null): Promise<void> {
    await manager.query(`INSERT INTO need_status_change (need_id, status, note) VALUES ($1, $2, $3)`, [needId, status, note]);
  }

  /** Locks the need for a state change; null when it does not exist. */
  async lockForRouting(
    manager: EntityManager,
    needId: string,
  ): Promise<{ status: NeedStatus; categoryKey: string; communeCode: string; currentRoutingId: string | null } | null> {
    const rows = await manager.query(
      `SELECT status, category_key AS "categoryKey", commune_code AS "communeCode", current_routing_id AS "currentRoutingId"
         FROM need WHERE id = $1 FOR UPDATE`,
      [needId],
    );
    return rows[0] ?? null;
  }

  async insertRouting(
    manager: EntityManager,
    routing: { needId: string; ruleId: string | null; level: CompetenceLevel; authorityId: string; reason: string; kind: string; jobId: string | null },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO need_routing (need_id, rule_id, level, authority_id, reason, kind, job_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [routing.needId, routing.ruleId, routing.level, routing.authorityId, routing.reason, routing.kind, routing.jobId],
    );
    return rows[0]!.id;
  }

  async setRouting(manager: EntityManager, needId: string, routingId: string, authorityId: string, status: NeedStatus): Promise<void> {
    await manager.query(
      `UPDATE need SET current_routing_id = $2, authority_id = $3, status = $4, updated_at = now() WHERE id = $1`,
      [needId, routingId, authorityId, status],
    );
  }

  async setStatus(manager: EntityManager, needId: string, status: NeedStatus): Promise<void> {
    await manager.query(`UPDATE need SET status = $2, updated_at = now() WHERE id = $1`, [needId, status]);
  }

  async routingLevel(manager: EntityManager, routingId: string): Promise<CompetenceLevel | null> {
    const [row] = await manager.query(`SELECT level FROM need_routing WHERE id = $1`, [routingId]);
    return row?.level ?? null;
  }

  async viewTokenMatches(needId: string, hash: Buffer): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT author_view_hash = $2 AS ok FROM need WHERE id = $1`, [needId, hash]);
    return row?.ok === true;
  }

  async findByReference(reference: string, manager: EntityManager = this.dataSource.manager): Promise<NeedView | null> {
    const rows: NeedRow[] = await manager.query(`${NEED_VIEW} WHERE n.reference = $1`, [reference]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<NeedView | null> {
    const rows: NeedRow[] = await manager.query(`${NEED_VIEW} WHERE n.id = $1`, [id]);
    return rows[0] ? toView(rows[0]) : null;
  }

  /** Public feed, newest first, keyset-paginated on (created_at, id); one statement for the page, one for the count. */
  async list(filter: NeedListFilter, first: number, after: FeedPosition | null): Promise<{ items: Array<NeedView & { position: FeedPosition }>; hasNextPage: boolean; totalCount: number }> {
    const where: string[] = [`n.status <> '${NeedStatus.PendingConfirmation}'`];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.communeCode) add('n.commune_code = ?', filter.communeCode);
    if (filter.epciCode) add(`n.commune_code IN (SELECT c.code FROM commune c JOIN authority e ON e.id = c.epci_id WHERE e.code = ?)`, filter.epciCode);
    if (filter.themeKey) add('n.category_key IN (SELECT key FROM category WHERE theme_key = ?)', filter.themeKey);
    if (filter.status) add('n.status = ?', filter.status);
    if (filter.authorityId) add('n.authority_id = ?::uuid', filter.authorityId);
    const countParams = [...params];
    const countWhere = [...where];
    if (after) {
      params.push(after.createdAt, after.id);
      where.push(`(n.created_at, n.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(first + 1);
    const [rows, count] = await Promise.all([
      this.dataSource.query(`${NEED_VIEW} WHERE ${where.join(' AND ')} ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.length}`, params) as Promise<NeedRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS count FROM need n WHERE ${countWhere.join(' AND ')}`, countParams) as Promise<Array<{ count: number }>>,
    ]);
    return {
      items: rows.slice(0, first).map((row) => ({ ...toView(row), position: { createdAt: row.position, id: row.id } })),
      hasNextPage: rows.length > first,
      totalCount: count[0]!.count,
    };
  }
}

function toView(row: NeedRow): NeedView {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    description: row.description,
    status: row.status,
    categoryKey: row.categoryKey,
    communeCode: row.communeCode,
    createdAt: new Date(row.createdAt),
    routing: row.routing ? { ...row.routing, routedAt: new Date(row.routing.routedAt) } : null,
    history: row.history.map((change) => ({ ...change, at: new Date(change.at) })),
  };
}

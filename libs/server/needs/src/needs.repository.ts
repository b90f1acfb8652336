import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NeedStatus, type CompetenceLevel, type NeedFrequency, type NeedKind, type NeedSort, type PeopleRange } from '@pit/domain';
import { OutboxService } from '@pit/core';
import { notHeldSql } from './moderation/moderation-sql.js';
import { webhookJobs } from './webhooks/webhooks.service.js';
import { needSearchSql } from './need-search.js';

export interface NeedRoutingView {
  level: CompetenceLevel;
  authorityId: string;
  reason: string;
  routedAt: Date;
  /** 'initial', 'requalification' or 'transfer'. */
  kind: string;
  /** The staff's public reason of a requalification or a transfer; null for the automatic routing. */
  note: string | null;
}
export interface StatusChangeView {
  status: NeedStatus;
  note: string | null;
  at: Date;
}
export interface NeedPhotoView {
  position: number;
  alt: string;
  width: number;
  height: number;
}
export interface NeedStructure {
  kind: NeedKind;
  affectedGroups: string[];
  frequency: NeedFrequency | null;
  peopleRange: PeopleRange | null;
  addressLabel: string | null;
  addressLat: number | null;
  addressLon: number | null;
}
export interface NeedView extends NeedStructure {
  id: string;
  reference: string;
  title: string;
  description: string;
  status: NeedStatus;
  categoryKey: string;
  communeCode: string;
  createdAt: Date;
  editedAt: Date | null;
  authorId: string | null;
  authorPseudonym: string | null;
  organisation: { id: string; name: string; verified: boolean } | null;
  photos: NeedPhotoView[];
  routing: NeedRoutingView | null;
  /** Every routing of the need, oldest first: the public timeline of its moves. */
  routings: NeedRoutingView[];
  history: StatusChangeView[];
}
export interface NeedListFilter {
  communeCode?: string | null;
  epciCode?: string | null;
  themeKey?: string | null;
  status?: NeedStatus | null;
  kind?: NeedKind | null;
  /** Only needs that crossed their threshold ("réponse officielle attendue": a need_engagement row). */
  awaitingAnswer?: boolean | null;
  /** French full-text search over title and description. */
  q?: string | null;
  /** Staff inbox: needs currently with this authority. */
  authorityId?: string | null;
  /** The author's own needs (any status). */
  authorId?: string | null;
}
/** Keyset position: the sort key as text (timestamp or count) and the id that breaks ties. */
export interface FeedPosition {
  sort: NeedSort;
  key: string;
  id: string;
}

// One statement reads a need with its current routing and its whole timeline.
const NEED_VIEW = `
  SELECT n.id, n.reference, n.title, n.description, n.status,
         n.category_key AS "categoryKey", n.commune_code AS "communeCode", n.created_at AS "createdAt",
         to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "position",
         n.kind, n.affected_groups AS "affectedGroups", n.frequency, n.people_range AS "peopleRange",
         n.address_label AS "addressLabel", n.address_lat AS "addressLat", n.address_lon AS "addressLon",
         n.edited_at AS "editedAt", n.author_id AS "authorId", COALESCE(au.pseudonym, (SELECT nm.pseudonym FROM need_mandate nm WHERE nm.need_id = n.id)) AS "authorPseudonym",
         CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('id', o.id, 'name', o.name, 'verified', o.verified_at IS NOT NULL) END AS organisation,
         (SELECT COALESCE(json_agg(json_build_object('position', p.position, 'alt', p.alt, 'width', p.width, 'height', p.height) ORDER BY p.position), '[]')
            FROM need_photo p WHERE p.need_id = n.id) AS photos,
         CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object(
           'level', r.level, 'authorityId', r.authority_id, 'reason', r.reason, 'routedAt', r.created_at,
           'kind', r.kind, 'note', r.note) END AS routing,
         (SELECT COALESCE(json_agg(json_build_object('level', rr.level, 'authorityId', rr.authority_id, 'reason', rr.reason, 'routedAt', rr.created_at,
                                                     'kind', rr.kind, 'note', rr.note) ORDER BY rr.created_at, rr.id), '[]')
            FROM need_routing rr WHERE rr.need_id = n.id) AS routings,
         (SELECT COALESCE(json_agg(json_build_object('status', h.status, 'note', h.note, 'at', h.created_at)
                                   ORDER BY h.created_at, h.id), '[]')
            FROM need_status_change h WHERE h.need_id = n.id) AS history
    FROM need n
    LEFT JOIN need_routing r ON r.id = n.current_routing_id
    LEFT JOIN person au ON au.id = n.author_id
    LEFT JOIN organisation o ON o.id = n.organisation_id`;

type NeedRow = Omit<NeedView, 'routing' | 'routings' | 'history' | 'createdAt' | 'editedAt'> & {
  createdAt: Date;
  editedAt: Date | null;
  sortKey?: string;
  position: string;
  routing: (Omit<NeedRoutingView, 'routedAt'> & { routedAt: string }) | null;
  routings?: Array<Omit<NeedRoutingView, 'routedAt'> & { routedAt: string }>;
  history: Array<Omit<StatusChangeView, 'at'> & { at: string }>;
};

/** A need not routed yet and its route-need outbox row (null when none exists). */
export interface UnroutedNeed {
  id: string;
  outboxId: string | null;
  jobKey: string | null;
  publishedAt: Date | null;
}

/**
 * Shards of a need's support count (need_support_tally): ParticipationService adds each support to one of
 * them at random. Defined here because the "most supported" sort relies on it (mostSupportedFromTally).
 */
export const TALLY_SHARDS = 16;
/** mostSupportedFromTally reads the shards by batches of TOP_SCAN_BATCH, at most TOP_SCAN_LIMIT of them. */
const TOP_SCAN_BATCH = 500;
const TOP_SCAN_LIMIT = 20_000;

/** Totals counted exactly on every request (see NeedsRepository.countNeeds). */
export const EXACT_COUNT_LIMIT = 1_000;
const LARGE_COUNT_TTL_MS = 60_000;
const LARGE_COUNT_ENTRIES = 500;

@Injectable()
export class NeedsRepository {
  /** Totals above EXACT_COUNT_LIMIT per filter (SQL and parameters), oldest entry dropped first. */
  private readonly largeCounts = new Map<string, { at: number; value: number | null; refreshing: Promise<number> | null }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

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
      organisationId?: string | null;
    } & Partial<NeedStructure>,
  ): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO need (reference, title, description, category_key, commune_code, status, author_id, author_email, author_view_hash,
                         kind, affected_groups, frequency, people_range, address_label, address_lat, address_lon, organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (reference) DO NOTHING
       RETURNING id`,
      [
        need.reference, need.title, need.description, need.categoryKey, need.communeCode, need.status, need.authorId, need.authorEmail, need.authorViewHash,
        need.kind ?? 'need', need.affectedGroups ?? [], need.frequency ?? null, need.peopleRange ?? null,
        need.addressLabel ?? null, need.addressLat ?? null, need.addressLon ?? null, need.organisationId ?? null,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Records a status the need entered and, in the same transaction, the job that tells the people
   * following it (notify-need-change, @pit/notifications). Not for the first statuses (en attente de
   * confirmation, reçu): nobody but the author takes part in the need yet. Returns the row's id.
   */
  async insertStatusChange(manager: EntityManager, needId: string, status: NeedStatus, note: string | null): Promise<string> {
    const [row] = await manager.query(`INSERT INTO need_status_change (need_id, status, note) VALUES ($1, $2, $3) RETURNING id`, [needId, status, note]);
    if (status !== NeedStatus.PendingConfirmation && status !== NeedStatus.Received) {
      await this.outbox.enqueue(manager, [{ name: 'notify-need-change', payload: { needId, statusChangeId: row.id }, dedupKey: `notify-need-change:${row.id}` }]);
      // Partner back offices (webhooks of the need's authorities), when some listen.
      const webhooks = await webhookJobs(manager, { kind: 'status', needId, sourceId: row.id });
      if (webhooks.length) await this.outbox.enqueue(manager, webhooks);
      // A need recorded for someone without email (assisted intake): the mediator's place gets a to-do
      // for each piece of news (not its routing, moderation or withdrawal).
      const news = status !== NeedStatus.Transmitted && status !== NeedStatus.Hidden && status !== NeedStatus.Withdrawn;
      const [assisted] = news ? await manager.query(`SELECT 1 FROM need_mandate WHERE need_id = $1 AND revoked_at IS NULL AND expires_at > now()`, [needId]) : [];
      if (assisted) {
        await this.outbox.enqueue(manager, [{ name: 'mediation-status-news', payload: { needId, statusChangeId: row.id }, dedupKey: `mediation-status-news:${row.id}` }]);
      }
    }
    return row.id as string;
  }

  /** Locks the need for a state change; null when it does not exist. */
  /**
   * Needs still unrouted `graceSeconds` after their submission, oldest first, each with its route-need
   * outbox row when there is one (the reconciliation sweep; need_unrouted_idx).
   */
  async unroutedNeeds(graceSeconds: number, limit: number): Promise<UnroutedNeed[]> {
    return this.dataSource.query(
      `SELECT n.id, o.id AS "outboxId", o.job_key AS "jobKey", o.published_at AS "publishedAt"
         FROM need n
         LEFT JOIN outbox_message o ON o.dedup_key = 'route-need:' || n.id
        WHERE n.current_routing_id IS NULL AND n.created_at < now() - make_interval(secs => $1)
        ORDER BY n.created_at
        LIMIT $2`,
      [graceSeconds, limit],
    );
  }

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
    routing: { needId: string; ruleId: string | null; level: CompetenceLevel; authorityId: string; reason: string; kind: string; jobId: string | null; note?: string | null },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO need_routing (need_id, rule_id, level, authority_id, reason, kind, job_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [routing.needId, routing.ruleId, routing.level, routing.authorityId, routing.reason, routing.kind, routing.jobId, routing.note ?? null],
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

  /**
   * Public feed, keyset-paginated for every sort on (sort key, id): one statement for the page and one
   * for the count, whatever the page size.
   */
  async list(
    filter: NeedListFilter,
    sort: NeedSort,
    first: number,
    after: FeedPosition | null,
  ): Promise<{ items: Array<NeedView & { position: FeedPosition }>; hasNextPage: boolean; totalCount: number }> {
    const where: string[] = filter.authorId ? [] : [`n.status <> '${NeedStatus.PendingConfirmation}'`];
    // Needs held by pre-moderation stay out of the public list and its count (their author and the inbox see them).
    if (!filter.authorId && !filter.authorityId) where.push(notHeldSql('n'));
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      let text = sql;
      for (const value of values) {
        params.push(value);
        text = text.replace('?', `$${params.length}`);
      }
      where.push(text);
    };
    if (filter.communeCode) add('n.commune_code = ?', filter.communeCode);
    if (filter.epciCode) add(`n.commune_code IN (SELECT c.code FROM commune c JOIN authority e ON e.id = c.epci_id WHERE e.code = ?)`, filter.epciCode);
    if (filter.themeKey) add('n.category_key IN (SELECT key FROM category WHERE theme_key = ?)', filter.themeKey);
    if (filter.status) add('n.status = ?', filter.status);
    if (filter.kind) add('n.kind = ?', filter.kind);
    if (filter.awaitingAnswer) where.push('EXISTS (SELECT 1 FROM need_engagement e WHERE e.need_id = n.id)');
    if (filter.q) add(needSearchSql('n', '?'), filter.q);
    if (filter.authorityId) add('n.authority_id = ?::uuid', filter.authorityId);
    if (filter.authorId) add('n.author_id = ?::uuid', filter.authorId);
    const countParams = [...params];
    const countWhere = [...where];
    const key = SORT_KEYS[sort];
    if (after) {
      add(`(${key.expression}, n.id) < (?::${key.cast}, ?::uuid)`, after.key, after.id);
    }
    params.push(first + 1);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countSql = countWhere.length ? `WHERE ${countWhere.join(' AND ')}` : '';
    const page = async (): Promise<NeedRow[]> =>
      (sort === 'most_supported' ? await this.mostSupportedFromTally(countSql, countParams, first + 1, after) : null) ??
      ((await this.dataSource.query(
        `${NEED_VIEW.replace('SELECT n.id,', `SELECT ${key.text} AS "sortKey", n.id,`)} ${whereSql}
          ORDER BY ${key.expression} DESC, n.id DESC LIMIT $${params.length}`,
        params,
      )) as NeedRow[]);
    const [rows, count] = await Promise.all([
      page(),
      this.countNeeds(countSql, countParams),
    ]);
    return {
      items: rows.slice(0, first).map((row) => ({ ...toView(row), position: { sort, key: row.sortKey!, id: row.id } })),
      hasNextPage: rows.length > first,
      totalCount: count,
    };
  }

  /**
   * The "most supported" page without computing every need's count: reads the tally shards from the
   * largest down (need_support_tally_rank_idx) and sums the shards of each need met, until no need not met
   * yet can rank in the page: all of its shards are at most the last value read `v`, so its count is at
   * most TALLY_SHARDS × v (a threshold algorithm). Exact, and cheap for the first pages whatever the number
   * of needs. Gives up (null: the caller sorts every matching need) after TOP_SCAN_LIMIT shards, e.g. for
   * a filter that few of the most supported needs match, or past the needs that have supports.
   */
  private async mostSupportedFromTally(whereSql: string, params: unknown[], limit: number, after: FeedPosition | null): Promise<NeedRow[] | null> {
    const found: Array<{ id: string; total: bigint }> = [];
    const seen = new Set<string>();
    let position: { supports: number; needId: string; shard: number } | null = null;
    for (let scanned = 0; scanned < TOP_SCAN_LIMIT; scanned += TOP_SCAN_BATCH) {
      const shards: Array<{ supports: number; needId: string; shard: number }> = await this.dataSource.query(
        `SELECT supports, need_id AS "needId", shard FROM need_support_tally
          ${position ? 'WHERE (supports, need_id, shard) < ($1, $2::uuid, $3)' : ''}
          ORDER BY supports DESC, need_id DESC, shard DESC LIMIT ${TOP_SCAN_BATCH}`,
        position ? [position.supports, position.needId, position.shard] : [],
      );
      const fresh = [...new Set(shards.map((row) => row.needId))].filter((id) => !seen.has(id));
      for (const id of fresh) seen.add(id);
      if (fresh.length) {
        // The new needs that pass the list's filter (and come after the cursor), with their counts.
        const base = params.length;
        const cursor = after ? ` AND (t.total, n.id) < ($${base + 2}::bigint, $${base + 3}::uuid)` : '';
        const rows: Array<{ id: string; total: string }> = await this.dataSource.query(
          `SELECT n.id, t.total FROM need n
             CROSS JOIN LATERAL (SELECT COALESCE(sum(s.supports), 0)::bigint AS total FROM need_support_tally s WHERE s.need_id = n.id) t
             ${whereSql ? `${whereSql} AND` : 'WHERE'} n.id = ANY($${base + 1}::uuid[])${cursor}`,
          [...params, fresh, ...(after ? [after.key, after.id] : [])],
        );
        for (const row of rows) found.push({ id: row.id, total: BigInt(row.total) });
        found.sort((a, b) => (a.total === b.total ? (a.id < b.id ? 1 : -1) : a.total < b.total ? 1 : -1));
      }
      const last = shards.at(-1);
      // Every shard read: the needs met are all the needs with supports; the others (count 0) come after them.
      // (Needs without supports are ordered by id among themselves: left to the caller's query.)
      if (shards.length < TOP_SCAN_BATCH) return found.length >= limit && found[limit - 1]!.total > 0n ? this.viewsInOrder(found.slice(0, limit)) : null;
      position = last!;
      if (found.length >= limit && found[limit - 1]!.total > BigInt(TALLY_SHARDS * last!.supports)) return this.viewsInOrder(found.slice(0, limit));
    }
    return null;
  }

  private async viewsInOrder(ranked: Array<{ id: string; total: bigint }>): Promise<NeedRow[]> {
    const rows: NeedRow[] = await this.dataSource.query(`${NEED_VIEW} WHERE n.id = ANY($1::uuid[])`, [ranked.map((row) => row.id)]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ranked.map((row) => ({ ...byId.get(row.id)!, sortKey: row.total.toString() }));
  }

  /**
   * The number of needs matching a list's filter. Counted exactly up to EXACT_COUNT_LIMIT, reading at most
   * that many rows, so a page costs the same at 10k and at 1M needs (bench/needs-feed.mjs). Beyond it, the
   * full count of the filter is shared by the requests of LARGE_COUNT_TTL_MS (then recounted in the
   * background, the previous figure served meanwhile): "1 000 482 besoins" may lag a minute, a total of
   * 1,000 or fewer never does.
   */
  private async countNeeds(whereSql: string, params: unknown[]): Promise<number> {
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM (SELECT 1 FROM need n ${whereSql} LIMIT ${EXACT_COUNT_LIMIT + 1}) AS bounded`,
      params,
    )) as Array<{ count: number }>;
    if (count <= EXACT_COUNT_LIMIT) return count;
    const key = `${whereSql}\u0000${JSON.stringify(params)}`;
    let entry = this.largeCounts.get(key);
    if (!entry) {
      if (this.largeCounts.size >= LARGE_COUNT_ENTRIES) this.largeCounts.delete(this.largeCounts.keys().next().value!);
      entry = { at: 0, value: null, refreshing: null };
      this.largeCounts.set(key, entry);
    }
    if (Date.now() - entry.at > LARGE_COUNT_TTL_MS && !entry.refreshing) {
      const refreshing = this.dataSource.query(`SELECT count(*)::int AS count FROM need n ${whereSql}`, params) as Promise<Array<{ count: number }>>;
      const current = entry;
      current.refreshing = refreshing
        .then(([row]) => {
          current.value = row!.count;
          current.at = Date.now();
          return row!.count;
        })
        .finally(() => {
          current.refreshing = null;
        });
      // A failed recount reaches the requests awaiting it; the others keep the previous figure.
      current.refreshing.catch(() => undefined);
    }
    return entry.value ?? (await entry.refreshing!);
  }

  /**
   * Public needs that look like the one being written: French full-text match (any word of the title
   * and description) or trigram similarity of titles; same commune first, then same EPCI, then by score.
   */
  async similar(text: { title: string; description: string }, communeCode: string | null, limit: number): Promise<NeedView[]> {
    const rows: NeedRow[] = await this.dataSource.query(
      `WITH probe AS (
         SELECT to_tsquery('simple', array_to_string(ARRAY(
                  SELECT quote_literal(lexeme) FROM unnest(tsvector_to_array(to_tsvector('french', pit_unaccent($1 || ' ' || $2)))) AS lexeme), ' | ')) AS query,
                pit_unaccent(lower($1)) AS title,
                (SELECT c.epci_id FROM commune c WHERE c.code = $3) AS epci_id)
       ${NEED_VIEW}
       CROSS JOIN probe
       LEFT JOIN commune nc ON nc.code = n.commune_code
       WHERE n.status NOT IN ('pending_confirmation', 'hidden', 'withdrawn', 'duplicate') AND ${notHeldSql('n')}
         AND (pit_need_search(n.title, n.description) @@ probe.query OR similarity(pit_unaccent(lower(n.title)), probe.title) > 0.3)
       ORDER BY (n.commune_code = $3) DESC, (nc.epci_id IS NOT DISTINCT FROM probe.epci_id) DESC,
                ts_rank(pit_need_search(n.title, n.description), probe.query) + similarity(pit_unaccent(lower(n.title)), probe.title) DESC, n.id
       LIMIT $4`,
      [text.title, text.description, communeCode, limit],
    );
    return rows.map(toView);
  }

  /** Locks a need for its author's edit or withdrawal; null when it does not exist. */
  async lockForAuthor(manager: EntityManager, reference: string): Promise<{ id: string; status: NeedStatus; authorId: string | null } | null> {
    const rows = await manager.query(`SELECT id, status, author_id AS "authorId" FROM need WHERE reference = $1 FOR UPDATE`, [reference]);
    return rows[0] ?? null;
  }

  /** Locks a need for a status change by staff; null when it does not exist. */
  async lockForTriage(manager: EntityManager, needId: string): Promise<{ id: string; reference: string; status: NeedStatus } | null> {
    const rows = await manager.query(`SELECT id, reference, status FROM need WHERE id = $1 FOR UPDATE`, [needId]);
    return rows[0] ?? null;
  }

  /** A need's id and status by its reference (for a duplicate's kept need); null when unknown. */
  async statusByReference(manager: EntityManager, reference: string): Promise<{ id: string; status: NeedStatus } | null> {
    const rows = await manager.query(`SELECT id, status FROM need WHERE reference = $1`, [reference]);
    return rows[0] ?? null;
  }

  /** An authority's name by its id; null when unknown. */
  async authorityName(manager: EntityManager, authorityId: string): Promise<string | null> {
    const rows = await manager.query(`SELECT name FROM authority WHERE id = $1`, [authorityId]);
    return rows[0]?.name ?? null;
  }

  async updateByAuthor(manager: EntityManager, needId: string, fields: { title: string; description: string } & NeedStructure): Promise<void> {
    await manager.query(
      `UPDATE need SET title = $2, description = $3, kind = $4, affected_groups = $5, frequency = $6, people_range = $7,
              address_label = $8, address_lat = $9, address_lon = $10, edited_at = now(), updated_at = now()
        WHERE id = $1`,
      [needId, fields.title, fields.description, fields.kind, fields.affectedGroups, fields.frequency, fields.peopleRange, fields.addressLabel, fields.addressLat, fields.addressLon],
    );
  }

  /** Whether the person represents the organisation, and whether an admin verified it; null when not a representative. */
  async representedOrganisation(personId: string, organisationId: string): Promise<{ verified: boolean } | null> {
    const [row] = await this.dataSource.query(
      `SELECT o.verified_at IS NOT NULL AS verified FROM organisation o
         JOIN organisation_member m ON m.organisation_id = o.id AND m.person_id = $1 AND m.role = 'representative'
        WHERE o.id = $2`,
      [personId, organisationId],
    );
    return row ?? null;
  }
}

export const SORT_KEYS: Record<NeedSort, { expression: string; text: string; cast: string }> = {
  newest: {
    expression: 'n.created_at',
    cast: 'timestamptz',
    text: `to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  },
  most_supported: {
    expression: '(SELECT COALESCE(sum(t.supports), 0) FROM need_support_tally t WHERE t.need_id = n.id)::bigint',
    cast: 'bigint',
    text: '(SELECT COALESCE(sum(t.supports), 0) FROM need_support_tally t WHERE t.need_id = n.id)::bigint::text',
  },
  // Latest answer: a status change past *transmis* (en étude, accepté, refusé…); never answered last.
  recently_answered: {
    expression: ANSWERED_AT(),
    cast: 'timestamptz',
    text: `to_char(${ANSWERED_AT()} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  },
};

function ANSWERED_AT(): string {
  return `COALESCE((SELECT max(h.created_at) FROM need_status_change h WHERE h.need_id = n.id
                     AND h.status NOT IN ('pending_confirmation', 'received', 'transmitted', 'withdrawn')), 'epoch'::timestamptz)`;
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
    editedAt: row.editedAt ? new Date(row.editedAt) : null,
    kind: row.kind,
    affectedGroups: row.affectedGroups,
    frequency: row.frequency,
    peopleRange: row.peopleRange,
    addressLabel: row.addressLabel,
    addressLat: row.addressLat,
    addressLon: row.addressLon,
    authorId: row.authorId,
    authorPseudonym: row.authorPseudonym,
    organisation: row.organisation,
    photos: row.photos,
    routing: row.routing ? { ...row.routing, routedAt: new Date(row.routing.routedAt) } : null,
    routings: (row.routings ?? []).map((routing) => ({ ...routing, routedAt: new Date(routing.routedAt) })),
    history: row.history.map((change) => ({ ...change, at: new Date(change.at) })),
  };
}

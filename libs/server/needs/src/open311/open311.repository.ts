import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { NeedStatus } from '@pit/domain';
import { notHeldSql } from '../moderation/moderation-sql.js';
import { OPEN311_CLOSED_STATUSES, OPEN311_INVISIBLE_STATUSES } from './open311-format.js';

export interface Open311KeyRow {
  id: string;
  partnerName: string;
  keyPrefix: string;
  createdAt: Date;
  createdByPseudonym: string | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  requestCount: number;
}

export interface ActiveKey {
  id: string;
  partnerName: string;
  createdBy: string | null;
}

/** What Open311 shows of a need: public fields only (no author, no contact, no internal note). */
export interface Open311RequestRow {
  id: string;
  reference: string;
  status: NeedStatus;
  title: string;
  description: string;
  categoryKey: string;
  categoryLabel: string;
  communeCode: string;
  communeName: string;
  postcode: string | null;
  addressLabel: string | null;
  lat: number | null;
  lon: number | null;
  createdAt: Date;
  updatedAt: Date;
  agency: string | null;
  routingReason: string | null;
  statusNote: string | null;
  photoPosition: number | null;
}

export interface Open311UpdateRow {
  id: string;
  reference: string;
  status: NeedStatus;
  note: string | null;
  at: Date;
}

export interface Open311RequestFilter {
  references: string[] | null;
  categoryKey: string | null;
  /** The commune (INSEE) or the communes of an EPCI. */
  communeCodes: string[] | null;
  start: Date | null;
  end: Date | null;
  status: 'open' | 'closed' | null;
  updatedAfter: Date | null;
}

const VISIBLE = `n.status <> ALL($1::text[]) AND ${notHeldSql('n')}`;

const KEY_ROW = `
  SELECT k.id, k.partner_name AS "partnerName", k.key_prefix AS "keyPrefix", k.created_at AS "createdAt", p.pseudonym AS "createdByPseudonym",
         k.revoked_at AS "revokedAt", k.last_used_at AS "lastUsedAt",
         (SELECT count(*)::int FROM open311_request q WHERE q.key_id = k.id) AS "requestCount"
    FROM open311_key k LEFT JOIN person p ON p.id = k.created_by`;

const REQUEST_ROW = `
  SELECT n.id, n.reference, n.status, n.title, n.description, n.category_key AS "categoryKey", c.label AS "categoryLabel",
         n.commune_code AS "communeCode", cm.name AS "communeName", cm.postcodes[1] AS postcode,
         n.address_label AS "addressLabel", n.address_lat AS lat, n.address_lon AS lon, n.created_at AS "createdAt",
         GREATEST(n.created_at, (SELECT max(h.created_at) FROM need_status_change h WHERE h.need_id = n.id)) AS "updatedAt",
         a.name AS agency, r.reason AS "routingReason",
         (SELECT h.note FROM need_status_change h WHERE h.need_id = n.id AND h.note IS NOT NULL ORDER BY h.created_at DESC, h.id DESC LIMIT 1) AS "statusNote",
         (SELECT min(p.position) FROM need_photo p WHERE p.need_id = n.id) AS "photoPosition"
    FROM need n
    JOIN category c ON c.key = n.category_key
    JOIN commune cm ON cm.code = n.commune_code
    LEFT JOIN need_routing r ON r.id = n.current_routing_id
    LEFT JOIN authority a ON a.id = r.authority_id`;

@Injectable()
export class Open311Repository {
  constructor(private readonly dataSource: DataSource) {}

  async keys(): Promise<Open311KeyRow[]> {
    return this.dataSource.query(
      `${KEY_ROW}
        ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id`,
    );
  }

  async key(id: string, manager: EntityManager = this.dataSource.manager): Promise<Open311KeyRow | null> {
    const rows: Open311KeyRow[] = await manager.query(
      `${KEY_ROW}
        WHERE k.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async insertKey(manager: EntityManager, key: { partnerName: string; keyHash: Buffer; keyPrefix: string; createdBy: string }): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO open311_key (partner_name, key_hash, key_prefix, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [key.partnerName, key.keyHash, key.keyPrefix, key.createdBy],
    );
    return row.id;
  }

  /** Revokes a key still active; false when unknown or already revoked. */
  async revokeKey(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await manager.query(`UPDATE open311_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`, [id]);
    return rows[0].length > 0;
  }

  async activeKeyByHash(hash: Buffer): Promise<ActiveKey | null> {
    const rows: ActiveKey[] = await this.dataSource.query(
      `SELECT id, partner_name AS "partnerName", created_by AS "createdBy" FROM open311_key WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    return rows[0] ?? null;
  }

  async touchKey(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE open311_key SET last_used_at = now() WHERE id = $1`, [id]);
  }

  async insertRequest(manager: EntityManager, needId: string, keyId: string, token: string): Promise<void> {
    await manager.query(`INSERT INTO open311_request (need_id, key_id, token) VALUES ($1, $2, $3)`, [needId, keyId, token]);
  }

  /** The need reference a token stands for, when the need is public; undefined when the token is unknown. */
  async referenceByToken(token: string): Promise<{ reference: string | null } | undefined> {
    const rows: Array<{ reference: string | null }> = await this.dataSource.query(
      `SELECT CASE WHEN ${VISIBLE} THEN n.reference END AS reference
         FROM open311_request q JOIN need n ON n.id = q.need_id WHERE q.token = $2`,
      [OPEN311_INVISIBLE_STATUSES, token],
    );
    return rows[0];
  }

  async requests(filter: Open311RequestFilter, limit: number, offset: number): Promise<Open311RequestRow[]> {
    const params: unknown[] = [OPEN311_INVISIBLE_STATUSES];
    const where = [VISIBLE];
    const add = (value: unknown) => `$${params.push(value)}`;
    if (filter.references) where.push(`n.reference = ANY(${add(filter.references)}::text[])`);
    if (filter.categoryKey) where.push(`n.category_key = ${add(filter.categoryKey)}`);
    if (filter.communeCodes) where.push(`n.commune_code = ANY(${add(filter.communeCodes)}::text[])`);
    if (filter.start) where.push(`n.created_at >= ${add(filter.start)}`);
    if (filter.end) where.push(`n.created_at <= ${add(filter.end)}`);
    if (filter.status === 'closed') where.push(`n.status = ANY(${add(OPEN311_CLOSED_STATUSES)}::text[])`);
    if (filter.status === 'open') where.push(`n.status <> ALL(${add(OPEN311_CLOSED_STATUSES)}::text[])`);
    if (filter.updatedAfter) {
      where.push(`(n.created_at > ${add(filter.updatedAfter)} OR EXISTS (SELECT 1 FROM need_status_change h WHERE h.need_id = n.id AND h.created_at > $${params.length}))`);
    }
    return this.dataSource.query(
      `${REQUEST_ROW} WHERE ${where.join(' AND ')} ORDER BY n.created_at DESC, n.id DESC LIMIT ${add(limit)} OFFSET ${add(offset)}`,
      params,
    );
  }

  /** Public status changes (each with its public note) of public needs, oldest first. */
  async updates(filter: { start: Date | null; end: Date | null; references: string[] | null }, limit: number, offset: number): Promise<Open311UpdateRow[]> {
    const params: unknown[] = [OPEN311_INVISIBLE_STATUSES];
    const where = [VISIBLE, `h.status <> ALL($1::text[])`];
    const add = (value: unknown) => `$${params.push(value)}`;
    if (filter.start) where.push(`h.created_at >= ${add(filter.start)}`);
    if (filter.end) where.push(`h.created_at <= ${add(filter.end)}`);
    if (filter.references) where.push(`n.reference = ANY(${add(filter.references)}::text[])`);
    return this.dataSource.query(
      `SELECT h.id, n.reference, h.status, h.note, h.created_at AS at
         FROM need_status_change h JOIN need n ON n.id = h.need_id
        WHERE ${where.join(' AND ')}
        ORDER BY h.created_at, h.id LIMIT ${add(limit)} OFFSET ${add(offset)}`,
      params,
    );
  }
}

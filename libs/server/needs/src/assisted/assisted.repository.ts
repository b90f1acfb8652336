import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MandateContact, MandateDuration } from '@pit/domain';

export interface MandateRow {
  id: string;
  needId: string;
  reference: string;
  title: string;
  description: string;
  status: string;
  authorId: string | null;
  communeName: string;
  channel: string;
  mediatorId: string | null;
  authorityId: string;
  placeName: string;
  residentLabel: string | null;
  contactKind: MandateContact;
  contactValue: string | null;
  placePhone: string | null;
  pseudonym: string;
  duration: MandateDuration;
  publicationConsent: boolean;
  expiresAt: Date;
  revokedAt: Date | null;
  endReason: string | null;
  contactErasedAt: Date | null;
  createdAt: Date;
  /** Still in force: neither ended nor past its term. */
  active: boolean;
}

export interface MandateEventRow {
  kind: string;
  detail: string | null;
  actorPseudonym: string | null;
  at: Date;
}

export interface TodoRow {
  id: string;
  mandateId: string;
  reference: string;
  title: string;
  kind: MandateContact;
  status: string;
  note: string | null;
  changedAt: Date;
  createdAt: Date;
  doneAt: Date | null;
  doneNote: string | null;
  pseudonym: string;
  residentLabel: string | null;
  contactValue: string | null;
  placeName: string;
  placePhone: string | null;
  authorityId: string;
}

const MANDATE_SELECT = `
  SELECT m.id, m.need_id AS "needId", n.reference, n.title, n.description, n.status, n.author_id AS "authorId", c.name AS "communeName", n.channel,
         m.mediator_id AS "mediatorId", m.authority_id AS "authorityId", a.name AS "placeName", m.resident_label AS "residentLabel",
         m.contact_kind AS "contactKind", m.contact_value AS "contactValue", m.place_phone AS "placePhone", m.pseudonym, m.duration,
         m.publication_consent AS "publicationConsent", m.expires_at AS "expiresAt", m.revoked_at AS "revokedAt", m.end_reason AS "endReason",
         m.contact_erased_at AS "contactErasedAt", m.created_at AS "createdAt", (m.revoked_at IS NULL AND m.expires_at > now()) AS active
    FROM need_mandate m
    JOIN need n ON n.id = m.need_id
    JOIN commune c ON c.code = n.commune_code
    JOIN authority a ON a.id = m.authority_id`;

const TODO_SELECT = `
  SELECT t.id, t.mandate_id AS "mandateId", n.reference, n.title, t.kind, sc.status, sc.note, sc.created_at AS "changedAt", t.created_at AS "createdAt",
         t.done_at AS "doneAt", t.done_note AS "doneNote", m.pseudonym, m.resident_label AS "residentLabel", m.contact_value AS "contactValue",
         a.name AS "placeName", m.place_phone AS "placePhone", t.authority_id AS "authorityId"
    FROM mediation_todo t
    JOIN need_mandate m ON m.id = t.mandate_id
    JOIN need n ON n.id = m.need_id
    JOIN need_status_change sc ON sc.id = t.status_change_id
    JOIN authority a ON a.id = t.authority_id`;

/** SQL of assisted intake: mandates, their journal, the places' to-dos and the channel statistics. */
@Injectable()
export class AssistedRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertMandate(
    manager: EntityManager,
    row: {
      needId: string;
      mediatorId: string;
      authorityId: string;
      residentLabel: string;
      contactKind: MandateContact;
      contactValue: string | null;
      placePhone: string | null;
      pseudonym: string;
      duration: MandateDuration;
    },
  ): Promise<string> {
    const interval = { one_day: '1 day', six_months: '6 months', one_year: '1 year' }[row.duration];
    const [inserted] = await manager.query(
      `INSERT INTO need_mandate (need_id, mediator_id, authority_id, resident_label, contact_kind, contact_value, place_phone, pseudonym, duration, publication_consent, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, true, now() + $10::interval) RETURNING id`,
      [row.needId, row.mediatorId, row.authorityId, row.residentLabel, row.contactKind, row.contactValue, row.placePhone, row.pseudonym, row.duration, interval],
    );
    return inserted.id;
  }

  async journal(manager: EntityManager, mandateId: string, kind: string, actorId: string | null, detail: string | null = null): Promise<void> {
    await manager.query(`INSERT INTO mandate_event (mandate_id, kind, actor_id, detail) VALUES ($1, $2, $3, $4)`, [mandateId, kind, actorId, detail]);
  }

  async byReference(reference: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<MandateRow | null> {
    const rows = await manager.query(`${MANDATE_SELECT} WHERE n.reference = $1 ${lock ? 'FOR UPDATE OF m' : ''}`, [reference]);
    return rows[0] ?? null;
  }

  async idByReference(reference: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT m.id FROM need_mandate m JOIN need n ON n.id = m.need_id WHERE n.reference = $1`, [reference]);
    return row?.id ?? null;
  }

  async events(mandateId: string): Promise<MandateEventRow[]> {
    return this.dataSource.query(
      `SELECT e.kind, e.detail, p.pseudonym AS "actorPseudonym", e.created_at AS at
         FROM mandate_event e LEFT JOIN person p ON p.id = e.actor_id
        WHERE e.mandate_id = $1 ORDER BY e.created_at, e.id`,
      [mandateId],
    );
  }

  /** A place's mandates, active first, then the latest. */
  async placeMandates(authorityId: string, viewerId: string, seeAll: boolean): Promise<MandateRow[]> {
    return this.dataSource.query(
      `${MANDATE_SELECT} WHERE m.authority_id = $1 AND ($3 OR m.mediator_id = $2)
        ORDER BY (m.revoked_at IS NULL AND m.expires_at > now()) DESC, m.created_at DESC LIMIT 200`,
      [authorityId, viewerId, seeAll],
    );
  }

  /** Ends a mandate and erases its personal data, in the caller's transaction; false when it had already ended. */
  async end(manager: EntityManager, mandateId: string, reason: 'revoked' | 'claimed', actorId: string): Promise<boolean> {
    // An UPDATE … RETURNING answers [rows, affected count] through TypeORM.
    const [rows] = await manager.query(
      `UPDATE need_mandate SET revoked_at = now(), revoked_by = $3, end_reason = $2, resident_label = NULL, contact_value = NULL, contact_erased_at = now()
        WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [mandateId, reason, actorId],
    );
    return rows.length > 0;
  }

  /** Retention: erases the label and contact of every mandate that ended or expired by `now`. Returns their ids. */
  async eraseEnded(manager: EntityManager, now: Date): Promise<string[]> {
    const [rows]: [Array<{ id: string }>, number] = await manager.query(
      `UPDATE need_mandate SET resident_label = NULL, contact_value = NULL, contact_erased_at = $1,
              end_reason = COALESCE(end_reason, CASE WHEN revoked_at IS NULL THEN 'expired' END)
        WHERE contact_erased_at IS NULL AND (revoked_at IS NOT NULL OR expires_at <= $1)
        RETURNING id`,
      [now],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Retention: ends (reason 'need_closed') and erases the label and contact of every mandate in force
   * whose need has been in one of `closedStatuses` for more than `days` days at `now` (since the last
   * status change into its current status). Returns their ids.
   */
  async eraseClosed(manager: EntityManager, now: Date, days: number, closedStatuses: readonly string[]): Promise<string[]> {
    const [rows]: [Array<{ id: string }>, number] = await manager.query(
      `UPDATE need_mandate m SET resident_label = NULL, contact_value = NULL, contact_erased_at = $1, revoked_at = $1, end_reason = 'need_closed'
         FROM need n
        WHERE n.id = m.need_id AND m.contact_erased_at IS NULL AND m.revoked_at IS NULL AND m.expires_at > $1
          AND n.status = ANY($2::text[])
          AND COALESCE((SELECT max(sc.created_at) FROM need_status_change sc WHERE sc.need_id = n.id AND sc.status = n.status), n.updated_at)
              < $1::timestamptz - make_interval(days => $3::int)
        RETURNING m.id`,
      [now, [...closedStatuses], days],
    );
    return rows.map((row) => row.id);
  }

  /** The active mandate of a need and a status change of it, locked; null when either is missing. */
  async activeMandateForChange(
    manager: EntityManager,
    needId: string,
    statusChangeId: string,
  ): Promise<{ mandateId: string; authorityId: string; contactKind: MandateContact; status: string } | null> {
    const rows = await manager.query(
      `SELECT m.id AS "mandateId", m.authority_id AS "authorityId", m.contact_kind AS "contactKind", sc.status
         FROM need_mandate m JOIN need_status_change sc ON sc.need_id = m.need_id AND sc.id = $2
        WHERE m.need_id = $1 AND m.revoked_at IS NULL AND m.expires_at > now()
        FOR UPDATE OF m`,
      [needId, statusChangeId],
    );
    return rows[0] ?? null;
  }

  async insertTodo(manager: EntityManager, row: { mandateId: string; authorityId: string; statusChangeId: string; kind: MandateContact }): Promise<string | null> {
    const rows = await manager.query(
      `INSERT INTO mediation_todo (mandate_id, authority_id, status_change_id, kind) VALUES ($1, $2, $3, $4)
       ON CONFLICT (status_change_id) DO NOTHING RETURNING id`,
      [row.mandateId, row.authorityId, row.statusChangeId, row.kind],
    );
    return rows[0]?.id ?? null;
  }

  async todos(authorityId: string, viewerId: string, seeAll: boolean, open: boolean): Promise<TodoRow[]> {
    return this.dataSource.query(
      `${TODO_SELECT} WHERE t.authority_id = $1 AND ($3 OR m.mediator_id = $2) AND (t.done_at IS NULL) = $4
        ORDER BY t.created_at ${open ? 'ASC' : 'DESC'}, t.id LIMIT 200`,
      [authorityId, viewerId, seeAll, open],
    );
  }

  async todo(id: string): Promise<TodoRow | null> {
    const rows = await this.dataSource.query(`${TODO_SELECT} WHERE t.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async completeTodo(manager: EntityManager, id: string, actorId: string, note: string | null): Promise<{ mandateId: string; authorityId: string } | null> {
    const [rows] = await manager.query(
      `UPDATE mediation_todo SET done_at = now(), done_by = $2, done_note = $3 WHERE id = $1 AND done_at IS NULL
       RETURNING mandate_id AS "mandateId", authority_id AS "authorityId"`,
      [id, actorId, note],
    );
    return rows[0] ?? null;
  }

  /** Needs by commune and channel (published ones: not awaiting confirmation), with those submitted under a mandate. */
  async channelCounts(): Promise<Array<{ communeCode: string; communeName: string; channel: string; count: number; assisted: number }>> {
    return this.dataSource.query(
      `SELECT c.code AS "communeCode", c.name AS "communeName", n.channel, count(*)::int AS count, count(m.id)::int AS assisted
         FROM need n
         JOIN commune c ON c.code = n.commune_code
         LEFT JOIN need_mandate m ON m.need_id = n.id
        WHERE n.status <> 'pending_confirmation'
        GROUP BY c.code, c.name, n.channel
        ORDER BY c.name, c.code`,
    );
  }
}

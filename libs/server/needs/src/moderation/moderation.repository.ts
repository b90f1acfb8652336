import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { NeedStatus, PersonalDataKind } from '@pit/domain';
import { rowsOf } from '@pit/core';

export type ModerationSubjectType = 'need' | 'comment';

export interface ModerationReportView {
  reason: string;
  detail: string | null;
  reporterPseudonym: string;
  createdAt: Date;
}

/** One line of the moderation queue: a need or a comment, and why it is there. */
export interface ModerationItemView {
  subjectType: ModerationSubjectType;
  id: string;
  needId: string;
  needReference: string;
  needTitle: string;
  needDescription: string;
  needStatus: NeedStatus;
  authorityId: string | null;
  authorityName: string | null;
  /** The comment's text (null for a need). */
  commentBody: string | null;
  /** The need's or the comment's author. */
  authorPseudonym: string | null;
  /** Waiting for pre-moderation (needs only). */
  held: boolean;
  /** Reports not reviewed yet, oldest first. */
  reports: ModerationReportView[];
  /** Personal data masked in its text since its last review. */
  personalData: PersonalDataKind[];
  /** When the oldest pending reason arose. */
  since: Date;
}

export interface ModerationSettingsView {
  authorityId: string;
  premoderation: boolean;
  updatedAt: Date | null;
}

type Raw = Omit<ModerationItemView, 'reports' | 'since'> & {
  reports: Array<Omit<ModerationReportView, 'createdAt'> & { createdAt: string }> | null;
  since: Date;
};

/** Moderation reads and writes (queue, holds, reports, flags, settings): SQL you can EXPLAIN. */
@Injectable()
export class ModerationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The queue, oldest reason first: needs held by pre-moderation (not hidden), needs and comments with
   * reports or masked personal data newer than their last review. With `authorityId`: only that
   * authority's held needs. One statement.
   */
  async queue(first: number, authorityId: string | null): Promise<ModerationItemView[]> {
    const rows: Raw[] = await this.dataSource.query(
      `WITH candidates AS (
         SELECT 'need'::text AS type, h.need_id AS id FROM need_moderation_hold h
         UNION SELECT 'need', r.need_id FROM need_report r WHERE $2::uuid IS NULL
         UNION SELECT 'comment', r.comment_id FROM comment_report r WHERE $2::uuid IS NULL
         UNION SELECT f.subject_type, f.subject_id FROM moderation_flag f WHERE f.personal_data_at IS NOT NULL AND $2::uuid IS NULL
       ),
       items AS (
         SELECT c.type, c.id, COALESCE(cm.need_id, c.id) AS need_id, cm.body AS comment_body, cm.author_id AS comment_author_id,
                cm.deleted_at AS comment_deleted_at, cm.hidden_at AS comment_hidden_at, h.created_at AS held_at,
                CASE WHEN f.personal_data_at > COALESCE(f.reviewed_at, '-infinity') THEN f.personal_data END AS personal_data,
                CASE WHEN f.personal_data_at > COALESCE(f.reviewed_at, '-infinity') THEN f.personal_data_at END AS personal_data_at,
                rep.reports, rep.first_report_at
           FROM candidates c
           LEFT JOIN comment cm ON c.type = 'comment' AND cm.id = c.id
           LEFT JOIN moderation_flag f ON f.subject_type = c.type AND f.subject_id = c.id
           LEFT JOIN need_moderation_hold h ON c.type = 'need' AND h.need_id = c.id
           LEFT JOIN LATERAL (
             SELECT json_agg(json_build_object('reason', r.reason, 'detail', r.detail, 'reporterPseudonym', p.pseudonym, 'createdAt', r.created_at)
                             ORDER BY r.created_at, p.pseudonym) AS reports,
                    min(r.created_at) AS first_report_at
               FROM (SELECT reporter_id, reason, detail, created_at FROM need_report WHERE c.type = 'need' AND need_id = c.id
                     UNION ALL
                     SELECT reporter_id, reason, detail, created_at FROM comment_report WHERE c.type = 'comment' AND comment_id = c.id) r
               JOIN person p ON p.id = r.reporter_id
              WHERE r.created_at > COALESCE(f.reviewed_at, '-infinity')
           ) rep ON true
       )
       SELECT i.type AS "subjectType", i.id, n.id AS "needId", n.reference AS "needReference", n.title AS "needTitle",
              n.description AS "needDescription", n.status AS "needStatus", n.authority_id AS "authorityId", a.name AS "authorityName",
              i.comment_body AS "commentBody", au.pseudonym AS "authorPseudonym", i.held_at IS NOT NULL AS held,
              i.reports, COALESCE(i.personal_data, '{}') AS "personalData",
              LEAST(i.held_at, i.first_report_at, i.personal_data_at) AS since
         FROM items i
         JOIN need n ON n.id = i.need_id
         LEFT JOIN authority a ON a.id = n.authority_id
         LEFT JOIN person au ON au.id = CASE WHEN i.type = 'comment' THEN i.comment_author_id ELSE n.author_id END
        WHERE (i.type = 'need' AND n.status <> 'hidden'
               AND (i.held_at IS NOT NULL OR i.reports IS NOT NULL OR i.personal_data IS NOT NULL)
               AND ($2::uuid IS NULL OR (i.held_at IS NOT NULL AND n.authority_id = $2::uuid)))
           OR (i.type = 'comment' AND i.comment_deleted_at IS NULL AND i.comment_hidden_at IS NULL AND (i.reports IS NOT NULL OR i.personal_data IS NOT NULL))
        ORDER BY since, i.id
        LIMIT $1`,
      [first, authorityId],
    );
    return rows.map((row) => ({
      ...row,
      since: new Date(row.since),
      reports: (row.reports ?? []).map((report) => ({ ...report, createdAt: new Date(report.createdAt) })),
    }));
  }

  async settings(authorityId: string): Promise<ModerationSettingsView> {
    const [row] = await this.dataSource.query(`SELECT premoderation, updated_at AS "updatedAt" FROM authority_moderation WHERE authority_id = $1`, [authorityId]);
    return { authorityId, premoderation: row?.premoderation ?? false, updatedAt: row?.updatedAt ?? null };
  }

  /** Sets an authority's pre-moderation; returns the value before. */
  async setPremoderation(manager: EntityManager, authorityId: string, premoderation: boolean, personId: string): Promise<boolean> {
    const [before] = await manager.query(`SELECT premoderation FROM authority_moderation WHERE authority_id = $1 FOR UPDATE`, [authorityId]);
    await manager.query(
      `INSERT INTO authority_moderation (authority_id, premoderation, updated_by, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (authority_id) DO UPDATE SET premoderation = EXCLUDED.premoderation, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [authorityId, premoderation, personId],
    );
    return before?.premoderation ?? false;
  }

  async isHeld(needId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM need_moderation_hold WHERE need_id = $1`, [needId]);
    return rows.length > 0;
  }

  /** Releases a need from pre-moderation; returns the authority it was held for, null when it was not held. */
  async release(manager: EntityManager, needId: string): Promise<string | null> {
    const rows = rowsOf<{ authorityId: string }>(await manager.query(`DELETE FROM need_moderation_hold WHERE need_id = $1 RETURNING authority_id AS "authorityId"`, [needId]));
    return rows[0]?.authorityId ?? null;
  }

  /** Marks a need or comment reviewed now: its current reports and masked personal data leave the queue. */
  async markReviewed(manager: EntityManager, subjectType: ModerationSubjectType, subjectId: string, personId: string): Promise<void> {
    await manager.query(
      `INSERT INTO moderation_flag (subject_type, subject_id, reviewed_at, reviewed_by) VALUES ($1, $2, clock_timestamp(), $3)
       ON CONFLICT (subject_type, subject_id) DO UPDATE SET reviewed_at = EXCLUDED.reviewed_at, reviewed_by = EXCLUDED.reviewed_by`,
      [subjectType, subjectId, personId],
    );
  }

  /** Pending (unreviewed) reports and personal data of a subject, for the audit entry of a dismissal. */
  async pending(manager: EntityManager, subjectType: ModerationSubjectType, subjectId: string): Promise<{ reports: number; personalData: string[] }> {
    const table = subjectType === 'need' ? 'need_report r WHERE r.need_id' : 'comment_report r WHERE r.comment_id';
    const [row] = await manager.query(
      `SELECT (SELECT count(*)::int FROM ${table} = $2 AND r.created_at > COALESCE(f.reviewed_at, '-infinity')) AS reports,
              CASE WHEN f.personal_data_at > COALESCE(f.reviewed_at, '-infinity') THEN f.personal_data ELSE '{}' END AS "personalData"
         FROM (SELECT $1::text AS subject_type, $2::uuid AS subject_id) s
         LEFT JOIN moderation_flag f ON f.subject_type = s.subject_type AND f.subject_id = s.subject_id`,
      [subjectType, subjectId],
    );
    return { reports: row.reports, personalData: row.personalData ?? [] };
  }

  /** Inserts a report unless the person already reported the need; returns whether it was new. */
  async insertNeedReport(manager: EntityManager, needId: string, reporterId: string, reason: string, detail: string | null): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO need_report (need_id, reporter_id, reason, detail) VALUES ($1, $2, $3, $4)
       ON CONFLICT (need_id, reporter_id) DO NOTHING RETURNING need_id`,
      [needId, reporterId, reason, detail],
    );
    return rows.length > 0;
  }

  /** The status a hidden need had before its latest hiding, from its history; null when none is recorded. */
  async statusBeforeHiding(manager: EntityManager, needId: string): Promise<NeedStatus | null> {
    const [row] = await manager.query(
      `SELECT h.status FROM need_status_change h
        WHERE h.need_id = $1 AND h.status <> 'hidden'
          AND h.created_at <= (SELECT max(x.created_at) FROM need_status_change x WHERE x.need_id = $1 AND x.status = 'hidden')
        ORDER BY h.created_at DESC, h.id DESC LIMIT 1`,
      [needId],
    );
    return row?.status ?? null;
  }

  /** A need's state, locked for a moderation write unless `lock` is false; null when unknown. */
  async lockNeed(manager: EntityManager, needId: string, lock = true): Promise<{ id: string; reference: string; status: NeedStatus; authorId: string | null; authorityId: string | null } | null> {
    const rows = await manager.query(
      `SELECT id, reference, status, author_id AS "authorId", authority_id AS "authorityId" FROM need WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [needId],
    );
    return rows[0] ?? null;
  }

  /** Personal data masked in a need's text and not reviewed yet (its author is told). */
  async pendingPersonalData(needId: string): Promise<PersonalDataKind[]> {
    const [row] = await this.dataSource.query(
      `SELECT personal_data AS "personalData" FROM moderation_flag
        WHERE subject_type = 'need' AND subject_id = $1 AND personal_data_at > COALESCE(reviewed_at, '-infinity')`,
      [needId],
    );
    return row?.personalData ?? [];
  }

  /** Hides a comment (not deleted, not hidden yet) with a public reason; returns whether it did. */
  async hideComment(manager: EntityManager, commentId: string, reason: string, personId: string): Promise<boolean> {
    const rows = rowsOf(
      await manager.query(
        `UPDATE comment SET hidden_at = now(), hidden_reason = $2, hidden_by = $3 WHERE id = $1 AND hidden_at IS NULL AND deleted_at IS NULL RETURNING id`,
        [commentId, reason, personId],
      ),
    );
    return rows.length > 0;
  }
}

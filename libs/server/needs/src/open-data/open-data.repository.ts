import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { NEED_REPORT_REASON_LABELS } from '@pit/domain';
import { notHeldSql } from '../moderation/moderation-sql.js';
import { UNPUBLISHED_STATUSES, type OpenDataFormat, type OpenDataSourceRow } from './open-data-format.js';

export interface OpenDataPublicationRow {
  day: string;
  format: OpenDataFormat;
  storageKey: string;
  rowCount: number;
  bytes: number;
  sha256: string;
  createdAt: Date;
}

export interface ModerationLogMonthRow {
  /** YYYY-MM, Europe/Paris. */
  month: string;
  needsHidden: number;
  needsRestored: number;
  commentsHidden: number;
  reports: { reason: string; count: number }[];
}

/** Report reasons of needs and of comments (comments have off_topic, needs not_a_need), in the log's order. */
export const MODERATION_LOG_REASONS: Readonly<Record<string, string>> = {
  spam: NEED_REPORT_REASON_LABELS.spam,
  abuse: NEED_REPORT_REASON_LABELS.abuse,
  personal_data: NEED_REPORT_REASON_LABELS.personal_data,
  not_a_need: NEED_REPORT_REASON_LABELS.not_a_need,
  off_topic: 'Sans rapport avec le besoin',
  other: NEED_REPORT_REASON_LABELS.other,
};

const PUBLICATION = `to_char(p.day, 'YYYY-MM-DD') AS "day", p.format, p.storage_key AS "storageKey", p.row_count AS "rowCount", p.bytes, p.sha256, p.created_at AS "createdAt"`;
const MONTH = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/Paris', 'YYYY-MM')`;

/** SQL of the open data: the public rows of needs, the publications, the public moderation log. */
@Injectable()
export class OpenDataRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every published need as public facts only (no person, contact, organisation, address or note):
   * unconfirmed, hidden, withdrawn and held needs are left out.
   */
  async rows(manager: EntityManager): Promise<OpenDataSourceRow[]> {
    return manager.query(
      `SELECT n.reference, n.created_at AS "createdAt", n.updated_at AS "updatedAt", n.first_answer_at AS "firstAnswerAt", n.status,
              t.key AS "themeKey", t.label AS "themeLabel", c.key AS "categoryKey", c.label AS "categoryLabel", c.m57_code AS "m57Code",
              n.commune_code AS "communeCode", cm.name AS "communeName", e.code AS "epciSiren", e.name AS "epciName",
              a.name AS "authorityName", a.kind AS "authorityKind", a.code AS "authorityCode", n.kind, n.channel,
              (SELECT COALESCE(sum(s.supports), 0) FROM need_support_tally s WHERE s.need_id = n.id)::int AS "supports",
              (SELECT count(*) FROM need_backing b WHERE b.need_id = n.id)::int AS "backings",
              n.title, n.description, n.address_lat AS "lat", n.address_lon AS "lon"
         FROM need n
         JOIN category c ON c.key = n.category_key
         JOIN theme t ON t.key = c.theme_key
         JOIN commune cm ON cm.code = n.commune_code
         JOIN authority e ON e.id = cm.epci_id
         LEFT JOIN authority a ON a.id = n.authority_id
        WHERE n.status <> ALL($1::text[]) AND ${notHeldSql('n')}
        ORDER BY n.created_at, n.reference`,
      [UNPUBLISHED_STATUSES],
    );
  }

  async publishedFormats(manager: EntityManager, day: string): Promise<OpenDataFormat[]> {
    const rows: { format: OpenDataFormat }[] = await manager.query(`SELECT format FROM open_data_publication WHERE day = $1`, [day]);
    return rows.map((row) => row.format);
  }

  async insertPublication(manager: EntityManager, publication: Omit<OpenDataPublicationRow, 'createdAt'>): Promise<void> {
    await manager.query(
      `INSERT INTO open_data_publication (day, format, storage_key, row_count, bytes, sha256) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT open_data_publication_day_format_key DO NOTHING`,
      [publication.day, publication.format, publication.storageKey, publication.rowCount, publication.bytes, publication.sha256],
    );
  }

  /** The newest file of each format. */
  async latest(): Promise<OpenDataPublicationRow[]> {
    return this.dataSource.query(`SELECT DISTINCT ON (p.format) ${PUBLICATION} FROM open_data_publication p ORDER BY p.format, p.day DESC`);
  }

  async find(day: string, format: OpenDataFormat): Promise<OpenDataPublicationRow | null> {
    const [row] = await this.dataSource.query(`SELECT ${PUBLICATION} FROM open_data_publication p WHERE p.day = $1 AND p.format = $2`, [day, format]);
    return row ?? null;
  }

  /**
   * Counts per month (Europe/Paris) over the last `months` months, the current one included: needs
   * hidden (moderation or pre-moderation), needs restored, comments hidden, reports received by reason.
   * Counts only: no text, no person.
   */
  async moderationLog(months: number): Promise<ModerationLogMonthRow[]> {
    const since = `date_trunc('month', now() AT TIME ZONE 'Europe/Paris') - make_interval(months => $1::int - 1)`;
    const perMonth = (table: string, where: string) =>
      this.dataSource.query(
        `SELECT ${MONTH('created_at')} AS month, count(*)::int AS count FROM ${table}
          WHERE ${where} AND created_at AT TIME ZONE 'Europe/Paris' >= ${since} GROUP BY 1`,
        [months],
      );
    const [calendar, hidden, restored, comments, reports] = await Promise.all([
      this.dataSource.query(
        `SELECT to_char(d, 'YYYY-MM') AS month FROM generate_series(${since}, date_trunc('month', now() AT TIME ZONE 'Europe/Paris'), interval '1 month') d ORDER BY d DESC`,
        [months],
      ),
      perMonth('need_status_change', `status = 'hidden'`),
      perMonth('audit_entry', `action = 'need.unhide'`),
      perMonth('audit_entry', `action = 'comment.hide'`),
      this.dataSource.query(
        `SELECT ${MONTH('created_at')} AS month, reason, count(*)::int AS count
           FROM (SELECT created_at, reason FROM need_report UNION ALL SELECT created_at, reason FROM comment_report) r
          WHERE created_at AT TIME ZONE 'Europe/Paris' >= ${since} GROUP BY 1, 2`,
        [months],
      ),
    ]);
    const count = (rows: { month: string; count: number }[], month: string) => rows.find((row) => row.month === month)?.count ?? 0;
    return (calendar as { month: string }[]).map(({ month }) => ({
      month,
      needsHidden: count(hidden, month),
      needsRestored: count(restored, month),
      commentsHidden: count(comments, month),
      reports: Object.keys(MODERATION_LOG_REASONS).map((reason) => ({
        reason,
        count: (reports as { month: string; reason: string; count: number }[]).filter((row) => row.month === month && row.reason === reason).reduce((sum, row) => sum + row.count, 0),
      })),
    }));
  }
}

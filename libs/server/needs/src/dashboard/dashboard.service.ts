import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { notHeldSql } from '../moderation/moderation-sql.js';

/**
 * Figures of the public dashboard (/tableau-de-bord), over public needs only: not awaiting confirmation, not hidden,
 * not held by pre-moderation. One SQL per figure; read-only. Times of months are Europe/Paris.
 */
const PUBLIC = `n.status NOT IN ('pending_confirmation', 'hidden') AND ${notHeldSql('n')}`;

export interface DashboardCount {
  key: string;
  label: string;
  count: number;
}

export interface DashboardCommuneRow {
  code: string;
  name: string;
  epciName: string;
  population: number | null;
  count: number;
  /** Needs per 1,000 inhabitants, one decimal; null without a population. */
  perThousand: number | null;
  /** Needs taken by another channel than the web form (assisted intake, paper, phone, Open311). */
  assistedCount: number;
}

export interface DashboardCategoryRow {
  key: string;
  label: string;
  themeKey: string;
  themeLabel: string;
  m57Code: string | null;
  count: number;
  /** Needs per 1,000 inhabitants of the scope, two decimals; null without a population. */
  perThousand: number | null;
}

export interface DashboardMonthRow {
  /** YYYY-MM. */
  month: string;
  submitted: number;
  answered: number;
}

@Injectable()
export class DashboardService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async total(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS count FROM need n WHERE ${PUBLIC}`);
    return row.count;
  }

  /** Counts per status that has at least one public need, in the lifecycle's order (caller sorts). */
  async byStatus(): Promise<Array<{ status: string; count: number }>> {
    return this.dataSource.query(`SELECT n.status, count(*)::int AS count FROM need n WHERE ${PUBLIC} GROUP BY n.status`);
  }

  /** Every theme, in its position order, with its count (0 included). */
  async byTheme(): Promise<DashboardCount[]> {
    return this.dataSource.query(
      `SELECT t.key, t.label, count(n.id)::int AS count
         FROM theme t LEFT JOIN category c ON c.theme_key = t.key LEFT JOIN need n ON n.category_key = c.key AND ${PUBLIC}
        GROUP BY t.key, t.label, t.position ORDER BY t.position, t.key`,
    );
  }

  /** Every EPCI of the territory (key = SIREN), by name, with the public needs of its communes. */
  async byEpci(): Promise<DashboardCount[]> {
    return this.dataSource.query(
      `SELECT a.code AS key, a.name AS label, count(n.id)::int AS count
         FROM authority a LEFT JOIN commune m ON m.epci_id = a.id LEFT JOIN need n ON n.commune_code = m.code AND ${PUBLIC}
        WHERE a.kind = 'epci' GROUP BY a.code, a.name ORDER BY a.name`,
    );
  }

  /**
   * Every commune with its public needs, per 1,000 inhabitants (seeded population) and taken by another channel than
   * the web; the most needs per inhabitant first, then the most needs, then by name. A page and the total in one SQL.
   * With a theme: only the needs of its categories; with a category: only its needs (where needs of one kind concentrate).
   */
  async byCommune(
    first: number,
    offset: number,
    themeKey: string | null = null,
    categoryKey: string | null = null,
  ): Promise<{ totalCount: number; items: DashboardCommuneRow[] }> {
    const rows: Array<DashboardCommuneRow & { totalCount: number }> = await this.dataSource.query(
      `SELECT m.code, m.name, e.name AS "epciName", m.population, s.count, s."assistedCount",
              CASE WHEN m.population > 0 THEN round(s.count * 1000.0 / m.population, 1)::float END AS "perThousand",
              count(*) OVER ()::int AS "totalCount"
         FROM commune m JOIN authority e ON e.id = m.epci_id
         CROSS JOIN LATERAL (SELECT count(*)::int AS count, (count(*) FILTER (WHERE n.channel <> 'web'))::int AS "assistedCount"
                               FROM need n WHERE n.commune_code = m.code AND ${PUBLIC}
                                AND ($3::text IS NULL OR n.category_key IN (SELECT c.key FROM category c WHERE c.theme_key = $3))
                                AND ($4::text IS NULL OR n.category_key = $4)) s
        ORDER BY CASE WHEN m.population > 0 THEN s.count * 1000.0 / m.population END DESC NULLS LAST, s.count DESC, m.name, m.code
        LIMIT $1 OFFSET $2`,
      [first, offset, themeKey, categoryKey],
    );
    const totalCount = rows[0]?.totalCount ?? (offset > 0 ? await this.communeCount() : 0);
    return { totalCount, items: rows.map(({ totalCount: _total, ...row }) => row) };
  }

  /** Whether a theme exists (the communes' figures filter on it). */
  async themeExists(key: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM theme WHERE key = $1`, [key]);
    return rows.length > 0;
  }

  /**
   * Every category (theme order, then category order) with its public needs in the territory, or in the communes of
   * one EPCI (its SIREN), per 1,000 inhabitants of that scope (sum of the seeded populations), two decimals: a category
   * weighs little against a whole territory. The most needs first (same population, so the same order as the rate).
   */
  async byCategory(epciSiren: string | null): Promise<{ population: number | null; items: DashboardCategoryRow[] }> {
    const rows: Array<DashboardCategoryRow & { population: number | null }> = await this.dataSource.query(
      `WITH scope AS (SELECT m.code, m.population FROM commune m JOIN authority e ON e.id = m.epci_id WHERE $1::text IS NULL OR e.code = $1),
            p AS (SELECT sum(population)::int AS population FROM scope),
            k AS (SELECT n.category_key, count(*)::int AS count FROM need n
                   WHERE ${PUBLIC} AND n.commune_code IN (SELECT code FROM scope) GROUP BY n.category_key)
       SELECT c.key, c.label, t.key AS "themeKey", t.label AS "themeLabel", c.m57_code AS "m57Code", coalesce(k.count, 0) AS count,
              p.population, CASE WHEN p.population > 0 THEN round(coalesce(k.count, 0) * 1000.0 / p.population, 2)::float END AS "perThousand"
         FROM category c JOIN theme t ON t.key = c.theme_key CROSS JOIN p LEFT JOIN k ON k.category_key = c.key
        ORDER BY coalesce(k.count, 0) DESC, t.position, c.position, c.key`,
      [epciSiren],
    );
    return { population: rows[0]?.population ?? null, items: rows.map(({ population: _population, ...row }) => row) };
  }

  /** Whether a category exists (the communes' figures filter on it). */
  async categoryExists(key: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM category WHERE key = $1`, [key]);
    return rows.length > 0;
  }

  /** The name of an EPCI of the territory by its SIREN, or null. */
  async epciName(siren: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT name FROM authority WHERE kind = 'epci' AND code = $1`, [siren]);
    return row?.name ?? null;
  }

  private async communeCount(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS count FROM commune`);
    return row.count;
  }

  /**
   * The last `months` months (the current one last): public needs submitted in each, and needs whose first staff answer
   * (need.first_answer_at) fell in it. Months without any are listed with zeros.
   */
  async monthly(months: number, now: Date = new Date()): Promise<DashboardMonthRow[]> {
    return this.dataSource.query(
      `WITH bounds AS (SELECT date_trunc('month', $1::timestamptz AT TIME ZONE 'Europe/Paris') AS last),
            m AS (SELECT generate_series(b.last - make_interval(months => $2 - 1), b.last, interval '1 month') AS month FROM bounds b),
            p AS (SELECT date_trunc('month', n.created_at AT TIME ZONE 'Europe/Paris') AS submitted,
                         date_trunc('month', n.first_answer_at AT TIME ZONE 'Europe/Paris') AS answered
                    FROM need n, bounds b
                   WHERE ${PUBLIC} AND (n.created_at AT TIME ZONE 'Europe/Paris' >= b.last - make_interval(months => $2 - 1)
                                        OR n.first_answer_at AT TIME ZONE 'Europe/Paris' >= b.last - make_interval(months => $2 - 1)))
       SELECT to_char(m.month, 'YYYY-MM') AS month,
              (SELECT count(*) FROM p WHERE p.submitted = m.month)::int AS submitted,
              (SELECT count(*) FROM p WHERE p.answered = m.month)::int AS answered
         FROM m ORDER BY m.month`,
      [now, months],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthorityKind, CompetenceLevel } from '@pit/domain';

export interface AuthorityRow {
  id: string;
  kind: AuthorityKind;
  code: string;
  name: string;
  phraseDe: string;
  phraseA: string | null;
  website: string | null;
}
export interface CommuneRow {
  code: string;
  name: string;
  searchName: string;
  postcodes: string[];
  population: number | null;
  epciId: string;
  authorityId: string;
  delegated: Array<{ name: string; searchName: string }>;
}
export interface ThemeRow {
  key: string;
  label: string;
  categories: Array<{ key: string; label: string; m57Code: string | null }>;
}
export interface RuleMatch {
  ruleId: string;
  level: CompetenceLevel;
  reasonTemplate: string;
  authority: AuthorityRow;
}

const AUTHORITY_COLUMNS = `a.id, a.kind, a.code, a.name, a.phrase_de AS "phraseDe", a.phrase_a AS "phraseA", a.website`;

/** SQL for the territory: reference data (read whole, it is small) and the routing rule lookup. */
@Injectable()
export class TerritoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async authorities(): Promise<AuthorityRow[]> {
    return this.dataSource.query(`SELECT ${AUTHORITY_COLUMNS} FROM authority a ORDER BY a.kind, a.name`);
  }

  async communes(): Promise<CommuneRow[]> {
    return this.dataSource.query(
      `SELECT c.code, c.name, c.search_name AS "searchName", c.postcodes, c.population,
              c.epci_id AS "epciId", c.authority_id AS "authorityId",
              COALESCE(json_agg(json_build_object('name', d.name, 'searchName', d.search_name) ORDER BY d.name)
                       FILTER (WHERE d.id IS NOT NULL), '[]') AS delegated
         FROM commune c
         LEFT JOIN delegated_commune d ON d.commune_code = c.code AND d.name <> c.name
        GROUP BY c.code
        ORDER BY c.name`,
    );
  }

  async themes(): Promise<ThemeRow[]> {
    return this.dataSource.query(
      `SELECT t.key, t.label,
              json_agg(json_build_object('key', c.key, 'label', c.label, 'm57Code', c.m57_code) ORDER BY c.position) AS categories
         FROM theme t JOIN category c ON c.theme_key = t.key
        GROUP BY t.key
        ORDER BY t.position`,
    );
  }

  /**
   * The most specific rule for (category, commune): a commune's own row wins over its EPCI's.
   * Returns the authority it designates: the commune, its EPCI, the Pôle, or the outside body.
   */
  async matchRule(manager: EntityManager, categoryKey: string, communeCode: string): Promise<RuleMatch | null> {
    const rows: Array<{ ruleId: string; level: CompetenceLevel; reasonTemplate: string; authority: AuthorityRow }> = await manager.query(
      `SELECT r.id AS "ruleId", r.level, r.reason_template AS "reasonTemplate",
              json_build_object('id', a.id, 'kind', a.kind, 'code', a.code, 'name', a.name,
                                'phraseDe', a.phrase_de, 'phraseA', a.phrase_a, 'website', a.website) AS authority
         FROM commune c
         JOIN routing_rule r ON r.category_key = $1 AND r.epci_id = c.epci_id
                            AND (r.commune_code IS NULL OR r.commune_code = c.code)
         JOIN authority a ON a.id = CASE r.level
                                      WHEN 'C' THEN c.authority_id
                                      WHEN 'E' THEN c.epci_id
                                      WHEN 'P' THEN (SELECT id FROM authority WHERE kind = 'pole' LIMIT 1)
                                      ELSE r.external_authority_id
                                    END
        WHERE c.code = $2
        ORDER BY r.commune_code NULLS LAST
        LIMIT 1`,
      [categoryKey, communeCode],
    );
    return rows[0] ?? null;
  }
}

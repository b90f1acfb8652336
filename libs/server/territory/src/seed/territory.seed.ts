import type { DataSource, EntityManager } from 'typeorm';
import { deNomDeLieu, searchKey } from '../french.js';
import {
  EPCI_SEEDS,
  EXTERNAL_SEEDS,
  POLE_SEED,
  THEME_SEEDS,
  parseCell,
  reasonTemplate,
  type EpciKey,
  type ExternalKey,
} from './competences.js';
import { loadTerritorySource, type TerritorySource } from './territory-source.js';

/**
 * Idempotent seed of the territory and the competence matrix. Official data (authorities, communes)
 * is refreshed on every run; routing rules are only inserted when missing, so admins' edits stay.
 */
export async function seedTerritory(dataSource: DataSource, source: TerritorySource = loadTerritorySource()): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const epciIds = {} as Record<EpciKey, string>;
    for (const [key, seed] of Object.entries(EPCI_SEEDS) as Array<[EpciKey, (typeof EPCI_SEEDS)[EpciKey]]>) {
      epciIds[key] = await upsertAuthority(manager, 'epci', seed.siren, seed.name, seed.phraseDe, null, null);
    }
    await upsertAuthority(manager, 'pole', POLE_SEED.code, POLE_SEED.name, POLE_SEED.phraseDe, null, null);
    const externalIds = {} as Record<ExternalKey, string>;
    for (const [key, seed] of Object.entries(EXTERNAL_SEEDS) as Array<[ExternalKey, (typeof EXTERNAL_SEEDS)[ExternalKey]]>) {
      externalIds[key] = await upsertAuthority(manager, 'external', seed.code, seed.name, seed.phraseDe, seed.phraseA, seed.website);
    }

    for (const commune of source.communes) {
      const authorityId = await upsertAuthority(manager, 'commune', commune.code, commune.name, `de la commune ${deNomDeLieu(commune.name)}`, null, null);
      await manager.query(
        `INSERT INTO commune (code, name, search_name, postcodes, population, epci_id, authority_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, search_name = EXCLUDED.search_name,
           postcodes = EXCLUDED.postcodes, population = EXCLUDED.population, epci_id = EXCLUDED.epci_id,
           authority_id = EXCLUDED.authority_id`,
        [commune.code, commune.name, searchKey(commune.name), commune.postcodes, commune.population, epciIds[commune.epci], authorityId],
      );
    }
    for (const delegated of source.delegated) {
      await manager.query(
        `INSERT INTO delegated_commune (code, name, search_name, commune_code) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code, commune_code) DO UPDATE SET name = EXCLUDED.name, search_name = EXCLUDED.search_name`,
        [delegated.code, delegated.name, searchKey(delegated.name), delegated.communeCode],
      );
    }

    let categoryPosition = 0;
    for (const [themePosition, theme] of THEME_SEEDS.entries()) {
      await manager.query(
        `INSERT INTO theme (key, label, position) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET label = EXCLUDED.label, position = EXCLUDED.position`,
        [theme.key, theme.label, themePosition],
      );
      for (const category of theme.categories) {
        await manager.query(
          `INSERT INTO category (key, theme_key, label, m57_code, position) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (key) DO UPDATE SET theme_key = EXCLUDED.theme_key, label = EXCLUDED.label,
             m57_code = EXCLUDED.m57_code, position = EXCLUDED.position`,
          [category.key, theme.key, category.label, category.m57Code, categoryPosition++],
        );
        for (const epci of Object.keys(EPCI_SEEDS) as EpciKey[]) {
          const cell = parseCell(category.cells[epci]);
          await manager.query(
            `INSERT INTO routing_rule (category_key, epci_id, commune_code, level, external_authority_id, reason_template, to_verify)
             VALUES ($1, $2, NULL, $3, $4, $5, $6)
             ON CONFLICT (category_key, epci_id) WHERE commune_code IS NULL DO NOTHING`,
            [category.key, epciIds[epci], cell.level, cell.external ? externalIds[cell.external] : null, reasonTemplate(category.sentence, cell.level), cell.toVerify],
          );
        }
      }
    }
  });
}

async function upsertAuthority(
  manager: EntityManager,
  kind: string,
  code: string,
  name: string,
  phraseDe: string,
  phraseA: string | null,
  website: string | null,
): Promise<string> {
  const rows: Array<{ id: string }> = await manager.query(
    `INSERT INTO authority (kind, code, name, phrase_de, phrase_a, website) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (kind, code) DO UPDATE SET name = EXCLUDED.name, phrase_de = EXCLUDED.phrase_de,
       phrase_a = EXCLUDED.phrase_a, website = EXCLUDED.website
     RETURNING id`,
    [kind, code, name, phraseDe, phraseA, website],
  );
  return rows[0]!.id;
}

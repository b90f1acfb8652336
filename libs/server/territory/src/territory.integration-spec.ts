import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startWorker } from '../../../../tools/test/harness.js';
import { DOMAIN_COMPETENCES, type Expected } from './competences.fixture.js';
import { seedTerritory } from './seed/territory.seed.js';
import { TerritoryService } from './territory.service.js';

// One commune per EPCI to route from, and the names the routing must produce (written out by hand).
const SAMPLE = {
  ALM: { commune: '49015', communeName: 'Avrillé', epciName: 'Angers Loire Métropole' },
  CCALS: { commune: '49347', communeName: 'Tiercé', epciName: 'Communauté de communes Anjou Loir et Sarthe' },
  CCLLA: { commune: '49050', communeName: 'Brissac Loire Aubance', epciName: 'Communauté de communes Loire Layon Aubance' },
} as const;
const EXTERNAL_NAMES = {
  'X:departement': 'Département de Maine-et-Loire',
  'X:region': 'Région Pays de la Loire',
  'X:etat': "Services de l'État",
} as const;

describe('territory (real PostgreSQL, seeded from @etalab/decoupage-administratif)', () => {
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let territory: TerritoryService;

  beforeAll(async () => {
    app = await startWorker({ consume: false, relay: false });
    dataSource = app.get(DataSource);
    territory = app.get(TerritoryService);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('holds the 65 communes of the three EPCIs, 29 + 17 + 19', async () => {
    const rows: Array<{ code: string; count: number }> = await dataSource.query(
      `SELECT e.code, count(*)::int AS count FROM commune c JOIN authority e ON e.id = c.epci_id GROUP BY e.code ORDER BY e.code`,
    );
    expect(rows).toEqual([
      { code: '200068955', count: 17 },
      { code: '200071553', count: 19 },
      { code: '244900015', count: 29 },
    ]);
  });

  it('holds the 50 communes déléguées, attached to their commune', async () => {
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM delegated_commune`);
    expect(count).toBe(50);
    const [andard] = await dataSource.query(`SELECT c.name FROM delegated_commune d JOIN commune c ON c.code = d.commune_code WHERE d.name = 'Andard'`);
    expect(andard.name).toBe('Loire-Authion');
  });

  it('is idempotent and keeps the rules admins edited', async () => {
    const counts = () =>
      dataSource.query(
        `SELECT (SELECT count(*) FROM authority)::int AS a, (SELECT count(*) FROM commune)::int AS c,
                (SELECT count(*) FROM delegated_commune)::int AS d, (SELECT count(*) FROM category)::int AS k,
                (SELECT count(*) FROM routing_rule)::int AS r`,
      );
    const before = await counts();
    await dataSource.query(
      `UPDATE routing_rule SET reason_template = 'Texte modifié par un administrateur {de_autorite}.'
        WHERE category_key = 'cleanliness' AND epci_id = (SELECT id FROM authority WHERE code = '200071553')`,
    );
    await seedTerritory(dataSource);
    expect(await counts()).toEqual(before);
    // 72 authorities from the seed; other test files sharing this database may have added outside bodies.
    expect(before[0]).toMatchObject({ c: 65, d: 50, k: 28, r: 84 });
    expect(before[0].a).toBeGreaterThanOrEqual(72);
    const [seeded] = await dataSource.query(
      `SELECT count(*)::int AS n FROM authority a WHERE (a.kind = 'commune' AND a.code IN (SELECT code FROM commune)) OR a.kind IN ('pole', 'epci')`,
    );
    expect(seeded.n).toBe(69);
    const [rule] = await dataSource.query(
      `SELECT reason_template FROM routing_rule WHERE category_key = 'cleanliness' AND epci_id = (SELECT id FROM authority WHERE code = '200071553')`,
    );
    expect(rule.reason_template).toBe('Texte modifié par un administrateur {de_autorite}.');
    await dataSource.query(
      `UPDATE routing_rule SET reason_template = 'La propreté, les tags et les dépôts sauvages relèvent {de_autorite}.'
        WHERE category_key = 'cleanliness' AND epci_id = (SELECT id FROM authority WHERE code = '200071553')`,
    );
  });

  describe('routes every cell of the competence table', () => {
    const cases = DOMAIN_COMPETENCES.flatMap(([category, alm, ccals, cclla]) =>
      (
        [
          ['ALM', alm],
          ['CCALS', ccals],
          ['CCLLA', cclla],
        ] as Array<[keyof typeof SAMPLE, Expected]>
      ).map(([epci, expected]) => ({ category, epci, expected })),
    );

    it.each(cases)('$category in $epci → $expected', async ({ category, epci, expected }) => {
      const sample = SAMPLE[epci];
      const decision = await dataSource.transaction((manager) => territory.route(manager, category, sample.commune));
      expect(decision).not.toBeNull();
      const expectedName =
        expected === 'C' ? sample.communeName : expected === 'E' ? sample.epciName : expected === 'P' ? 'Pôle métropolitain Loire Angers' : EXTERNAL_NAMES[expected];
      expect(decision!.level).toBe(expected.slice(0, 1));
      expect(decision!.authority.name).toBe(expectedName);
      expect(decision!.reason).toMatch(/\.$/);
      if (expected.startsWith('X')) expect(decision!.reason).toContain('hors compétence locale');
    });
  });

  it('lets a commune-specific rule win over its EPCI rule', async () => {
    const [{ id: epciId }] = await dataSource.query(`SELECT id FROM authority WHERE code = '244900015'`);
    await dataSource.query(
      `INSERT INTO routing_rule (category_key, epci_id, commune_code, level, reason_template)
       VALUES ('street_lighting', $1, '49015', 'C', 'L''éclairage public reste assuré {de_autorite}.')`,
      [epciId],
    );
    try {
      const avrille = await dataSource.transaction((manager) => territory.route(manager, 'street_lighting', '49015'));
      expect(avrille).toMatchObject({ level: 'C', reason: "L'éclairage public reste assuré de la commune d'Avrillé." });
      const angers = await dataSource.transaction((manager) => territory.route(manager, 'street_lighting', '49007'));
      expect(angers).toMatchObject({ level: 'E', authority: { name: 'Angers Loire Métropole' } });
    } finally {
      await dataSource.query(`DELETE FROM routing_rule WHERE commune_code = '49015'`);
    }
  });

  it('finds communes by name, commune déléguée and postcode', async () => {
    territory.invalidate();
    expect((await territory.searchCommunes('avrille', 10)).map((c) => c.name)).toEqual(['Avrillé']);
    expect((await territory.searchCommunes('Bauné', 10)).map((c) => c.name)).toEqual(['Loire-Authion']);
    expect((await territory.searchCommunes('49125', 10)).map((c) => c.name).sort()).toEqual(['Briollay', 'Cheffes', 'Tiercé']);
    const all = await territory.searchCommunes(null, 100);
    expect(all).toHaveLength(65);
    expect(all[0]!.epci.name).toBe('Angers Loire Métropole');
    expect(all.at(-1)!.epci.name).toBe('Communauté de communes Loire Layon Aubance');
  });
});

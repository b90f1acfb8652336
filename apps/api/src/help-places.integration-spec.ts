import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { EXAMPLE_HELP_PLACES, readSchemaRows, seedHelpPlaces } from '@pit/help';
import { accountsWithRoles, graphql, startApi } from '../../../tools/test/harness.js';

// Issue 6 item 6: where to get help. Places that help with digital procedures, in the La MedNum/ANCT
// schema, opening hours in the OSM format; public reads, admin writes audited in their transaction.
// Files share one database: the places this file adds are deleted in afterAll.

const PLACE = `id name pivot example typologies services phone emails websites openingHours openingHoursText summary accessModes supportModes fees publics
  address { street complement postalCode communeCode communeName }`;
const LIST = /* GraphQL */ `query($c: String) { helpPlaces(communeCode: $c) { ${PLACE} } }`;
const SAVE = /* GraphQL */ `mutation($i: SaveHelpPlaceInput!) { saveHelpPlace(input: $i) { ${PLACE} } }`;
const DELETE = /* GraphQL */ `mutation($id: ID!) { deleteHelpPlace(id: $id) }`;

type Result<T> = { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }> };
interface Place {
  id: string;
  name: string;
  example: boolean;
  services: string[];
  openingHours: string | null;
  openingHoursText: string[];
  address: { street: string; postalCode: string; communeCode: string; communeName: string };
}

const VALID = {
  name: 'Atelier numérique de la Roseraie',
  street: '4 rue de l’Essai',
  postalCode: '49100',
  communeCode: '49007',
  services: ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien'],
  typologies: ['CS'],
  phone: '02 61 91 00 99',
  emails: ['atelier@exemple.fr'],
  websites: ['https://exemple.fr/atelier'],
  openingHours: 'Mo,Th 14:00-17:00; PH off',
  accessModes: ['Se présenter'],
  supportModes: ['Dans un atelier collectif'],
  fees: ['Gratuit'],
};

describe('help places (lieux de médiation numérique): public list, schema validation, audited admin writes, denials', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let tokens = {} as Record<'resident' | 'agent' | 'moderator' | 'admin', string>;
  let ids = {} as Record<keyof typeof tokens, string>;
  const created: string[] = [];

  const save = async (input: Record<string, unknown>, token: string | null = tokens.admin) => {
    const result = (await graphql<{ saveHelpPlace: Place }>(api, SAVE, { i: input }, { token })) as Result<{ saveHelpPlace: Place }>;
    if (result.data?.saveHelpPlace) created.push(result.data.saveHelpPlace.id);
    return result;
  };
  const list = async (communeCode: string | null) => (await graphql<{ helpPlaces: Place[] }>(api, LIST, { c: communeCode })).data!.helpPlaces;
  const fields = (result: Result<unknown>) => result.errors?.[0]?.extensions?.fields;
  const audit = (subjectId: string) =>
    dataSource.query(`SELECT action, actor_id AS "actorId", before, after FROM audit_entry WHERE subject_type = 'help_place' AND subject_id = $1 ORDER BY created_at, id`, [subjectId]);

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    await seedHelpPlaces(dataSource);
    const [avrille] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    ({ ids, tokens } = await accountsWithRoles(api, 'Aide', { resident: null, agent: { role: 'agent', authorityId: avrille.id }, moderator: { role: 'moderator' }, admin: { role: 'admin' } }));
  });
  afterAll(async () => {
    if (created.length) await dataSource?.query(`DELETE FROM help_place WHERE id = ANY($1::uuid[])`, [created]);
    await api?.close();
  });

  it('lists the example places to anyone, hours in plain French, a commune first then the rest of its intercommunality', async () => {
    const all = await list(null);
    expect(all.filter((place) => place.example).map((place) => place.name)).toEqual(
      expect.arrayContaining(['France services Angers', 'CCAS d’Avrillé : point numérique', 'Médiathèque de Tiercé : espace numérique']),
    );
    const angers = all.find((place) => place.name === 'France services Angers')!;
    expect(angers.openingHoursText).toEqual(['Du lundi au vendredi : de 9 h à 12 h 30 et de 13 h 30 à 17 h.', 'Samedi : de 9 h à 12 h.', 'Fermé le dimanche.', 'Fermé les jours fériés.']);
    expect(angers.address).toEqual({ street: '12 place de l’Exemple', complement: null, postalCode: '49100', communeCode: '49007', communeName: 'Angers' });

    // Avrillé (Angers Loire Métropole): its CCAS first, then Angers and Trélazé; nothing from the two other EPCIs.
    const avrille = (await list('49015')).filter((place) => place.example).map((place) => place.address.communeName);
    expect(avrille).toEqual(['Avrillé', 'Angers', 'Trélazé']);
    expect((await list('49347')).filter((place) => place.example).map((place) => place.address.communeName)).toEqual(['Tiercé', 'Seiches-sur-le-Loir']);
    expect(await list('99999')).toEqual([]);
  });

  it('refuses a place that breaks the schema, naming every field at fault, and writes nothing', async () => {
    const before = await dataSource.query(`SELECT count(*)::int AS n FROM help_place`);
    const result = await save({
      ...VALID,
      name: ' ',
      postalCode: '491',
      phone: 'pas un numéro',
      services: ['Réparer des vélos'],
      emails: ['pas-une-adresse'],
      openingHours: 'lundi 9h-12h',
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(fields(result)!.map((error) => error.field).sort()).toEqual(['emails', 'name', 'openingHours', 'phone', 'postalCode', 'services']);
    expect(fields(result)!.find((error) => error.field === 'services')!.message).toBe('Choisissez au moins un service de la liste du schéma.');
    expect(fields(result)!.find((error) => error.field === 'openingHours')!.message).toBe(
      'Horaires au format OpenStreetMap à corriger : Veuillez utiliser l\'abréviation anglaise "Mo" pour "lundi".',
    );

    // A commune outside the territory, a postcode of another commune, hours with an impossible time.
    const commune = await save({ ...VALID, communeCode: '75056' });
    expect(fields(commune)).toEqual([{ field: 'communeCode', message: 'Choisissez une commune du territoire.' }]);
    const postcode = await save({ ...VALID, communeCode: '49015', postalCode: '49100' });
    expect(fields(postcode)).toEqual([{ field: 'postalCode', message: 'Avrillé a pour code postal 49240.' }]);
    const hours = await save({ ...VALID, openingHours: 'Mo-Fr 25:00-26:00' });
    expect(fields(hours)!.map((error) => error.field)).toEqual(['openingHours']);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM help_place`)).toEqual(before);
  });

  it('creates, changes and deletes a place, each audited with before and after in its transaction', async () => {
    const created = await save(VALID);
    expect(created.errors).toBeUndefined();
    const place = created.data!.saveHelpPlace;
    expect(place).toMatchObject({ name: 'Atelier numérique de la Roseraie', example: false, openingHoursText: ['Lundi : de 14 h à 17 h.', 'Jeudi : de 14 h à 17 h.', 'Fermé le mardi, mercredi, vendredi, samedi et dimanche.', 'Fermé les jours fériés.'] });
    expect((await list('49007')).map((row) => row.name)).toContain('Atelier numérique de la Roseraie');

    const changed = await save({ ...VALID, id: place.id, openingHours: 'Mo-Fr 09:00-12:00', name: 'Atelier numérique de la Roseraie (Angers)' });
    expect(changed.data!.saveHelpPlace.openingHoursText).toEqual(['Du lundi au vendredi : de 9 h à 12 h.', 'Fermé le samedi et dimanche.']);

    expect((await graphql<{ deleteHelpPlace: boolean }>(api, DELETE, { id: place.id }, { token: tokens.admin })).data).toEqual({ deleteHelpPlace: true });
    expect((await list(null)).some((row) => row.id === place.id)).toBe(false);

    const entries = await audit(place.id);
    expect(entries.map((entry: { action: string }) => entry.action)).toEqual(['help_place.create', 'help_place.update', 'help_place.delete']);
    expect(entries.every((entry: { actorId: string }) => entry.actorId === ids.admin)).toBe(true);
    expect(entries[0].before).toBeNull();
    expect(entries[1].before).toMatchObject({ name: 'Atelier numérique de la Roseraie', openingHours: 'Mo,Th 14:00-17:00; PH off' });
    expect(entries[1].after).toMatchObject({ name: 'Atelier numérique de la Roseraie (Angers)', openingHours: 'Mo-Fr 09:00-12:00', communeCode: '49007' });
    expect(entries[2].after).toBeNull();

    // Unknown place: named field, no audit row.
    const unknown = await graphql(api, DELETE, { id: place.id }, { token: tokens.admin });
    expect((unknown as Result<unknown>).errors?.[0]?.extensions?.fields).toEqual([{ field: 'id', message: 'Ce lieu n’existe pas (ou plus).' }]);
    expect(await audit(place.id)).toHaveLength(3);
  });

  it('an edited example stays edited and a deleted example is not seeded again', async () => {
    const example = EXAMPLE_HELP_PLACES[2]!;
    const [row] = await dataSource.query(`SELECT example FROM help_place WHERE id = $1`, [example.id]);
    expect(row.example).toBe(true);
    await graphql(api, DELETE, { id: example.id }, { token: tokens.admin });
    await seedHelpPlaces(dataSource);
    expect(await dataSource.query(`SELECT id FROM help_place WHERE id = $1`, [example.id])).toEqual([]);
    // Put it back for the files that run next (the seed would not: its deletion is audited).
    await dataSource.query(`DELETE FROM audit_entry WHERE subject_type = 'help_place' AND subject_id = $1`, [example.id]);
    await seedHelpPlaces(dataSource);
    await seedHelpPlaces(dataSource);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM help_place WHERE id = $1`, [example.id])).toEqual([{ n: 1 }]);
  });

  it('denies writes to everyone but admins, and anonymous visitors, without writing or auditing anything', async () => {
    const before = await dataSource.query(`SELECT (SELECT count(*) FROM help_place)::int AS places, (SELECT count(*) FROM audit_entry WHERE subject_type = 'help_place')::int AS entries`);
    for (const token of [null, tokens.resident, tokens.agent, tokens.moderator]) {
      const denied = await save({ ...VALID, name: 'Lieu refusé' }, token);
      expect(denied.errors?.[0]?.extensions?.code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      const deleted = (await graphql(api, DELETE, { id: EXAMPLE_HELP_PLACES[0]!.id }, { token })) as Result<unknown>;
      expect(deleted.errors?.[0]?.extensions?.code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
    expect(await dataSource.query(`SELECT (SELECT count(*) FROM help_place)::int AS places, (SELECT count(*) FROM audit_entry WHERE subject_type = 'help_place')::int AS entries`)).toEqual(before);
  });

  it('publishes the places as rows of the La MedNum/ANCT schema, which the schema library reads back; examples left out', async () => {
    const place = (await save({ ...VALID, name: 'Point numérique des données ouvertes' })).data!.saveHelpPlace;
    const result = await graphql<{ helpPlacesSchemaRows: Array<Record<string, unknown>> }>(
      api,
      `{ helpPlacesSchemaRows { id nom pivot adresse complement_adresse code_postal commune code_insee latitude longitude typologie services telephone courriels site_web horaires presentation_resume modalites_acces modalites_accompagnement frais_a_charge publics_specifiquement_adresses prise_rdv date_maj source } }`,
    );
    const rows = result.data!.helpPlacesSchemaRows;
    expect(rows.some((row) => EXAMPLE_HELP_PLACES.some((example) => example.id === row.id))).toBe(false);
    const row = rows.find((candidate) => candidate.id === place.id)!;
    expect(row).toMatchObject({
      nom: 'Point numérique des données ouvertes',
      pivot: '00000000000000',
      adresse: '4 rue de l’Essai',
      code_postal: '49100',
      commune: 'Angers',
      code_insee: '49007',
      typologie: 'CS',
      services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
      telephone: '02 61 91 00 99',
      courriels: 'atelier@exemple.fr',
      horaires: 'Mo,Th 14:00-17:00; PH off',
      frais_a_charge: 'Gratuit',
      source: 'Plateforme d’Intelligence Territoriale — Pôle métropolitain Loire Angers',
    });
    expect(row.date_maj).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const clean = rows.map((candidate) => Object.fromEntries(Object.entries(candidate).filter(([, value]) => value !== null)));
    const parsed = readSchemaRows(clean as never);
    expect(parsed.find((lieu) => lieu.id === place.id)!.adresse).toEqual({ voie: '4 rue de l’Essai', code_postal: '49100', commune: 'Angers', code_insee: '49007' });
  });

  it('gives the schema’s listed values for the admin form', async () => {
    const result = await graphql<{ helpPlaceChoices: { services: string[]; fees: string[] } }>(api, `{ helpPlaceChoices { services fees } }`);
    expect(result.data!.helpPlaceChoices.services).toContain('Aide aux démarches administratives');
    expect(result.data!.helpPlaceChoices.fees).toEqual(['Gratuit', 'Gratuit sous condition', 'Payant']);
  });
});

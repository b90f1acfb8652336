import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { DESCRIPTION, NEED, SUBMIT_NEED, graphql, signUpResident, startApi, startWorker, waitFor } from '../../../tools/test/harness.js';

interface Submitted {
  submitNeed: { id: string; reference: string; status: string; statusLabel: string; routing: null | { level: string } };
}
interface NeedResult {
  need: null | {
    reference: string;
    status: string;
    statusLabel: string;
    commune: { code: string; name: string; epci: { name: string } };
    category: { key: string; theme: { key: string } };
    routing: null | { level: string; reason: string; authority: { kind: string; name: string; code: string } };
    history: Array<{ status: string; label: string; note: string | null }>;
  };
}

describe('submitting a need through GraphQL, routed by the worker', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext | null = null;
  let dataSource: DataSource;
  let resident: string;

  // A logged-in resident's need is *reçu* at once (without an account it waits for email confirmation).
  const submit = (input: Record<string, unknown>) => graphql<Submitted>(api, SUBMIT_NEED, { input: { description: DESCRIPTION, ...input } }, { token: resident });
  const read = async (reference: string) => (await graphql<NeedResult>(api, NEED, { reference })).data!.need!;
  const routed = (reference: string) =>
    waitFor(
      async () => {
        const need = await read(reference);
        return need.status === 'RECEIVED' ? undefined : need;
      },
      { what: `routing of ${reference}` },
    );

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    resident = (await signUpResident(api)).token;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('keeps a need *reçu* while no worker runs, and routes it once one starts', async () => {
    const result = await submit({ title: 'Dépôts sauvages rue X', categoryKey: 'waste_collection', communeCode: '49015' });
    expect(result.errors).toBeUndefined();
    const { reference, status, statusLabel, routing } = result.data!.submitNeed;
    expect(reference).toMatch(/^B-[2-9A-HJKMNP-TV-Z]{6}$/);
    expect({ status, statusLabel, routing }).toEqual({ status: 'RECEIVED', statusLabel: 'reçu', routing: null });

    // The need and its job were written together; without a worker nothing moves.
    const [outbox] = await dataSource.query(`SELECT name, payload, published_at FROM outbox_message WHERE dedup_key = $1`, [
      `route-need:${result.data!.submitNeed.id}`,
    ]);
    expect(outbox).toMatchObject({ name: 'route-need', payload: { needId: result.data!.submitNeed.id }, published_at: null });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await read(reference)).status).toBe('RECEIVED');

    worker = await startWorker();
    const need = await routed(reference);
    expect(need.status).toBe('TRANSMITTED');
    expect(need.statusLabel).toBe('transmis');
    expect(need.routing).toEqual({
      level: 'EPCI',
      reason: 'La collecte des déchets relève de la communauté urbaine Angers Loire Métropole.',
      authority: { kind: 'EPCI', name: 'Angers Loire Métropole', code: '244900015' },
    });
    expect(need.history.map((change) => change.status)).toEqual(['RECEIVED', 'TRANSMITTED']);
    expect(need.history[1]!.note).toBe('La collecte des déchets relève de la communauté urbaine Angers Loire Métropole.');
  });

  it.each([
    {
      title: 'Aire de jeux',
      categoryKey: 'parks_playgrounds_trees',
      communeCode: '49015',
      status: 'TRANSMITTED',
      authority: { kind: 'COMMUNE', name: 'Avrillé', code: '49015' },
      reason: "Les parcs, les aires de jeux et les arbres relèvent de la commune d'Avrillé.",
    },
    {
      title: 'Une crèche à Tiercé',
      categoryKey: 'early_childhood',
      communeCode: '49347',
      status: 'TRANSMITTED',
      authority: { kind: 'EPCI', name: 'Communauté de communes Anjou Loir et Sarthe', code: '200068955' },
      reason: 'La petite enfance (crèches, relais petite enfance) relève de la communauté de communes Anjou Loir et Sarthe.',
    },
    {
      title: 'Un collège plus proche',
      categoryKey: 'middle_schools',
      communeCode: '49050',
      status: 'OUT_OF_SCOPE',
      authority: { kind: 'EXTERNAL', name: 'Département de Maine-et-Loire', code: 'departement-49' },
      reason: 'Les collèges relèvent du Département de Maine-et-Loire : hors compétence locale. Adressez-vous au Département de Maine-et-Loire.',
    },
  ])('routes "$title" to $authority.name', async ({ title, categoryKey, communeCode, status, authority, reason }) => {
    worker ??= await startWorker();
    const result = await submit({ title, categoryKey, communeCode });
    expect(result.errors).toBeUndefined();
    const need = await routed(result.data!.submitNeed.reference);
    expect(need.status).toBe(status);
    expect(need.routing!.authority).toEqual(authority);
    expect(need.routing!.reason).toBe(reason);
    expect(need.history.at(-1)).toEqual({ status, label: status === 'OUT_OF_SCOPE' ? 'hors compétence locale' : 'transmis', note: reason });
  });

  it('refuses bad input naming each field, in French, and writes nothing', async () => {
    const [{ count: before }] = await dataSource.query(`SELECT count(*)::int AS count FROM need`);
    const result = await submit({ title: ' ab ', description: 'trop court', categoryKey: 'inconnu', communeCode: '75056' });
    expect(result.data).toBeNull();
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.fields).toEqual([
      { field: 'title', message: 'Le titre doit compter entre 5 et 120 caractères (il en compte 2).' },
      { field: 'description', message: 'La description doit compter entre 20 et 5000 caractères (elle en compte 10).' },
      { field: 'categoryKey', message: "Ce thème n'existe pas : choisissez-en un dans la liste." },
      { field: 'communeCode', message: 'Cette commune ne fait pas partie du Pôle métropolitain Loire Angers : choisissez-en une dans la liste.' },
    ]);
    const missing = await graphql(api, `mutation { submitNeed(input: { description: "x", categoryKey: "a", communeCode: "b" }) { id } }`, {}, { token: resident });
    expect(missing.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'title', message: 'Ce champ est obligatoire.' }] });
    // Control characters are refused before the resolver, by the api's input guard (graphql-input-guard.ts).
    const control = await submit({ title: 'Titre\u0000nul', categoryKey: 'schools', communeCode: '49015' });
    expect(control.errors![0]!.extensions!.fields).toEqual([
      { field: 'title', message: 'Ce texte contient des caractères invalides (caractères de contrôle ou octets qui ne sont pas du texte) : retirez-les.' },
    ]);
    const unknownField = await submit({ title: 'Un titre correct', categoryKey: 'schools', communeCode: '49015', status: 'DONE' });
    expect(unknownField.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const [{ count: after }] = await dataSource.query(`SELECT count(*)::int AS count FROM need`);
    expect(after).toBe(before);
  });

  it('writes the need and its job together, or neither', async () => {
    // A real failure inside the transaction: the outbox insert is refused by a trigger.
    await dataSource.query(`CREATE OR REPLACE FUNCTION refuse_outbox() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'outbox refused'; END $$ LANGUAGE plpgsql`);
    await dataSource.query(`CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox_message FOR EACH ROW EXECUTE FUNCTION refuse_outbox()`);
    try {
      const [{ count: before }] = await dataSource.query(`SELECT count(*)::int AS count FROM need`);
      const result = await submit({ title: 'Besoin qui ne doit pas rester', categoryKey: 'schools', communeCode: '49015' });
      expect(result.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
      const [{ count: after }] = await dataSource.query(`SELECT count(*)::int AS count FROM need`);
      expect(after).toBe(before);
      const leftovers = await dataSource.query(`SELECT 1 FROM need WHERE title = 'Besoin qui ne doit pas rester'`);
      expect(leftovers).toEqual([]);
    } finally {
      await dataSource.query(`DROP TRIGGER refuse_outbox ON outbox_message`);
      await dataSource.query(`DROP FUNCTION refuse_outbox()`);
    }
  });

  it('reads a need by a loosely typed reference, and answers null for unknown ones', async () => {
    const result = await submit({ title: 'Un banc près de la mairie', categoryKey: 'parks_playgrounds_trees', communeCode: '49347' });
    const reference = result.data!.submitNeed.reference;
    const loose = reference.toLowerCase().replace('-', ' ');
    expect((await read(loose)).reference).toBe(reference);
    const unknown = await graphql<NeedResult>(api, NEED, { reference: 'B-222222' });
    expect(unknown.data!.need).toBeNull();
    const garbage = await graphql<NeedResult>(api, NEED, { reference: 'pas une référence' });
    expect(garbage.data!.need).toBeNull();
  });

  it('lists public needs newest first with filters and cursor pagination', async () => {
    worker ??= await startWorker();
    const titles = ['Liste A', 'Liste B', 'Liste C', 'Liste D', 'Liste E'];
    for (const title of titles) {
      const result = await submit({ title, categoryKey: 'libraries', communeCode: '49028' });
      expect(result.errors).toBeUndefined();
    }
    const query = /* GraphQL */ `
      query List($filter: NeedFilter, $first: Int, $after: String) {
        needs(filter: $filter, first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { title commune { code } category { theme { key } } } }
        }
      }`;
    type Page = { needs: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { title: string } }> } };
    const filter = { communeCode: '49028', themeKey: 'culture_sport_leisure' };
    const first = await graphql<Page>(api, query, { filter, first: 2 });
    expect(first.errors).toBeUndefined();
    expect(first.data!.needs.totalCount).toBe(5);
    expect(first.data!.needs.edges.map((edge) => edge.node.title)).toEqual(['Liste E', 'Liste D']);
    expect(first.data!.needs.pageInfo.hasNextPage).toBe(true);
    const second = await graphql<Page>(api, query, { filter, first: 2, after: first.data!.needs.pageInfo.endCursor });
    expect(second.data!.needs.edges.map((edge) => edge.node.title)).toEqual(['Liste C', 'Liste B']);
    const third = await graphql<Page>(api, query, { filter, first: 2, after: second.data!.needs.pageInfo.endCursor });
    expect(third.data!.needs.edges.map((edge) => edge.node.title)).toEqual(['Liste A']);
    expect(third.data!.needs.pageInfo.hasNextPage).toBe(false);

    const byEpci = await graphql<Page>(api, query, { filter: { epciCode: '200071553' }, first: 50 });
    expect(byEpci.data!.needs.edges.map((edge) => edge.node.title)).toContain('Un collège plus proche');
    expect(byEpci.data!.needs.edges.map((edge) => edge.node.title)).not.toContain('Aire de jeux');

    await waitFor(async () => {
      const received = await graphql<Page>(api, query, { filter: { ...filter, status: 'RECEIVED' }, first: 10 });
      return received.data!.needs.totalCount === 0 ? true : undefined;
    }, { what: 'the list needs to be routed' });
    const transmitted = await graphql<Page>(api, query, { filter: { ...filter, status: 'TRANSMITTED' }, first: 10 });
    expect(transmitted.data!.needs.totalCount).toBe(5);

    const badCursor = await graphql<Page>(api, query, { filter, first: 2, after: 'nimportequoi' });
    expect(badCursor.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
  });

  it('answers communes and themes for the form', async () => {
    const communes = await graphql<{ communes: Array<{ name: string; postcodes: string[]; epci: { name: string }; delegatedCommunes: string[] }> }>(
      api,
      `{ communes { name postcodes epci { name } delegatedCommunes } }`,
    );
    expect(communes.data!.communes).toHaveLength(65);
    expect(communes.data!.communes.find((commune) => commune.name === 'Loire-Authion')!.delegatedCommunes).toContain('Andard');
    const search = await graphql<{ communes: Array<{ name: string }> }>(api, `{ communes(search: "49125") { name } }`);
    expect(search.data!.communes.map((commune) => commune.name).sort()).toEqual(['Briollay', 'Cheffes', 'Tiercé']);
    const themes = await graphql<{ themes: Array<{ key: string; label: string; categories: Array<{ key: string; theme: { key: string } }> }> }>(
      api,
      `{ themes { key label categories { key theme { key } } } }`,
    );
    expect(themes.data!.themes).toHaveLength(16);
    expect(themes.data!.themes[3]).toMatchObject({ key: 'waste', label: 'Déchets', categories: [{ key: 'waste_collection', theme: { key: 'waste' } }] });
  });
});

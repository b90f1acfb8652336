import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { NeedsRepository } from '@pit/needs';
import { RouteNeedJob } from '@pit/needs/jobs';
import { TerritoryService } from '@pit/territory';
import { accountsWithRoles, DESCRIPTION, graphql, startApi } from '../../../tools/test/harness.js';

// Issue 5 item 3, routing corrections: requalifyNeed (the category changes, routing runs again) and
// transferNeed (to another authority, an event not a status), through the real api and PostgreSQL.

const ROUTINGS = 'reference status category { key } routing { level authority { name } kind } routings { level authority { name } reason kind note }';
const REQUALIFY = /* GraphQL */ `
  mutation($r: String!, $i: RequalifyNeedInput!) { requalifyNeed(reference: $r, input: $i) { ${ROUTINGS} } }`;
const TRANSFER = /* GraphQL */ `
  mutation($r: String!, $i: TransferNeedInput!) { transferNeed(reference: $r, input: $i) { ${ROUTINGS} } }`;
const CHANGE = /* GraphQL */ `
  mutation($r: String!, $i: ChangeNeedStatusInput!) { changeNeedStatus(reference: $r, input: $i) { status } }`;
const PUBLIC_NEED = /* GraphQL */ `
  query($r: String!) { need(reference: $r) { ${ROUTINGS} } }`;

interface Routed {
  reference: string;
  status: string;
  category: { key: string };
  routing: { level: string; authority: { name: string }; kind: string };
  routings: Array<{ level: string; authority: { name: string }; reason: string; kind: string; note: string | null }>;
}
type Result<T> = { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }> };

describe('requalifyNeed and transferNeed: routing corrections, their permissions and their audit trail', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let almId: string;
  let avrilleId: string;
  let tierceId: string;
  let avrilleName: string;
  let almName: string;
  let tierceName: string;
  let tokens = {} as Record<'author' | 'resident' | 'agentAlm' | 'agentAvrille' | 'agentTierce' | 'admin', string>;
  let ids = {} as Record<keyof typeof tokens, string>;

  /** A need of Avrillé (in Angers Loire Métropole) in "déchets", routed by the route-need job to ALM. */
  const wasteNeed = async (title = 'Les bacs de tri débordent rue des Lilas') => {
    const result = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title, description: DESCRIPTION, categoryKey: 'waste_collection', communeCode: '49015' } },
      { token: tokens.author },
    );
    const need = result.data!.submitNeed;
    const job = new RouteNeedJob(dataSource, api.get(NeedsRepository), api.get(TerritoryService));
    await job.handle({ needId: need.id }, { jobId: `test-${need.id}`, attempt: 1 });
    return need;
  };
  const requalify = (reference: string, input: Record<string, unknown>, token: string | null) =>
    graphql<{ requalifyNeed: Routed }>(api, REQUALIFY, { r: reference, i: input }, { token }) as Promise<Result<{ requalifyNeed: Routed }>>;
  const transfer = (reference: string, input: Record<string, unknown>, token: string | null) =>
    graphql<{ transferNeed: Routed }>(api, TRANSFER, { r: reference, i: input }, { token }) as Promise<Result<{ transferNeed: Routed }>>;
  /** What a correction writes for a need: its status, category, authority, routings, history rows, audit entries. */
  const written = async (needId: string) => {
    const [row] = await dataSource.query(
      `SELECT n.status, n.category_key AS "categoryKey", a.name AS authority,
              (SELECT count(*)::int FROM need_routing WHERE need_id = n.id) AS routings,
              (SELECT count(*)::int FROM need_status_change WHERE need_id = n.id) AS history,
              (SELECT count(*)::int FROM audit_entry WHERE subject_id = n.id) AS audit
         FROM need n JOIN authority a ON a.id = n.authority_id WHERE n.id = $1`,
      [needId],
    );
    return row as { status: string; categoryKey: string; authority: string; routings: number; history: number; audit: number };
  };
  const fieldsOf = (result: Result<unknown>) => ({ code: result.errors?.[0]?.extensions?.code, fields: result.errors?.[0]?.extensions?.fields });

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    [{ id: almId, name: almName }] = await dataSource.query(`SELECT a.id, a.name FROM commune c JOIN authority a ON a.id = c.epci_id WHERE c.code = '49015'`);
    [{ id: avrilleId, name: avrilleName }] = await dataSource.query(`SELECT id, name FROM authority WHERE kind = 'commune' AND code = '49015'`);
    [{ id: tierceId, name: tierceName }] = await dataSource.query(`SELECT id, name FROM authority WHERE kind = 'commune' AND code = '49347'`);
    ({ ids, tokens } = await accountsWithRoles(api, 'Orientation', {
      author: null,
      resident: null,
      agentAlm: { role: 'agent', authorityId: almId },
      agentAvrille: { role: 'agent', authorityId: avrilleId },
      agentTierce: { role: 'agent', authorityId: tierceId },
      admin: { role: 'admin' },
    }));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('an ALM agent requalifies "déchets" to green spaces: the need moves to the commune, the reason is public, triage follows', async () => {
    const need = await wasteNeed();
    expect(await written(need.id)).toEqual({ status: 'transmitted', categoryKey: 'waste_collection', authority: almName, routings: 1, history: 2, audit: 0 });
    const reason = 'Il s’agit des arbres du square, pas des déchets : la commune entretient ses parcs.';
    const result = await requalify(need.reference, { categoryKey: 'parks_playgrounds_trees', reason }, tokens.agentAlm);
    expect(result.errors).toBeUndefined();
    expect(result.data!.requalifyNeed).toMatchObject({
      status: 'TRANSMITTED',
      category: { key: 'parks_playgrounds_trees' },
      routing: { level: 'COMMUNE', authority: { name: avrilleName }, kind: 'requalification' },
    });
    // The resident sees every move, oldest first, each with the rule's sentence and the staff's reason.
    const seen = await graphql<{ need: Routed }>(api, PUBLIC_NEED, { r: need.reference });
    const routings = seen.data!.need.routings;
    expect(routings.map(({ level, authority, kind, note }) => ({ level, authority: authority.name, kind, note }))).toEqual([
      { level: 'EPCI', authority: almName, kind: 'initial', note: null },
      { level: 'COMMUNE', authority: avrilleName, kind: 'requalification', note: reason },
    ]);
    expect(routings[1]!.reason).toContain(avrilleName);
    expect(routings[1]!.reason).toContain('Les parcs, les aires de jeux et les arbres relèvent');
    // Status unchanged: no history row; one audit entry.
    expect(await written(need.id)).toEqual({ status: 'transmitted', categoryKey: 'parks_playgrounds_trees', authority: avrilleName, routings: 2, history: 2, audit: 1 });
    const [audit] = await dataSource.query(`SELECT actor_id, action, subject_type, before, after FROM audit_entry WHERE subject_id = $1`, [need.id]);
    expect(audit).toMatchObject({
      actor_id: ids.agentAlm,
      action: 'need.requalify',
      subject_type: 'need',
      before: { categoryKey: 'waste_collection', authorityId: almId },
      after: { categoryKey: 'parks_playgrounds_trees', authorityId: avrilleId, level: 'C', reason },
    });
    // need.triage follows the need's current authority.
    const almTries = await graphql<unknown>(api, CHANGE, { r: need.reference, i: { status: 'UNDER_STUDY' } }, { token: tokens.agentAlm });
    expect(almTries.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const avrilleTriages = await graphql<{ changeNeedStatus: { status: string } }>(api, CHANGE, { r: need.reference, i: { status: 'UNDER_STUDY' } }, { token: tokens.agentAvrille });
    expect(avrilleTriages.errors).toBeUndefined();
    expect(avrilleTriages.data!.changeNeedStatus.status).toBe('UNDER_STUDY');
  });

  it('transfers a need to another authority with a public reason; its status stays and triage follows', async () => {
    const need = await wasteNeed('Dépôt sauvage derrière la salle des fêtes');
    const reason = 'Le terrain appartient à la commune voisine : nous lui transmettons votre demande.';
    const result = await transfer(need.reference, { authorityId: tierceId, reason }, tokens.agentAlm);
    expect(result.errors).toBeUndefined();
    expect(result.data!.transferNeed).toMatchObject({ status: 'TRANSMITTED', category: { key: 'waste_collection' }, routing: { level: 'COMMUNE', authority: { name: tierceName }, kind: 'transfer' } });
    expect(result.data!.transferNeed.routings.at(-1)).toEqual({ level: 'COMMUNE', authority: { name: tierceName }, reason: `Transmis à ${tierceName}.`, kind: 'transfer', note: reason });
    expect(await written(need.id)).toEqual({ status: 'transmitted', categoryKey: 'waste_collection', authority: tierceName, routings: 2, history: 2, audit: 1 });
    const [audit] = await dataSource.query(`SELECT actor_id, action, before, after FROM audit_entry WHERE subject_id = $1`, [need.id]);
    expect(audit).toMatchObject({ actor_id: ids.agentAlm, action: 'need.transfer', before: { authorityId: almId }, after: { authorityId: tierceId, level: 'C', reason } });
    // The ALM agent can no longer correct it; Tierce's agent can, and an admin too.
    expect(fieldsOf(await transfer(need.reference, { authorityId: almId, reason }, tokens.agentAlm)).code).toBe('FORBIDDEN');
    const back = await transfer(need.reference, { authorityId: almId, reason: 'Finalement la collecte relève bien de la métropole.' }, tokens.agentTierce);
    expect(back.errors).toBeUndefined();
    const byAdmin = await requalify(need.reference, { categoryKey: 'parks_playgrounds_trees', reason: 'Requalifié par l’administration.' }, tokens.admin);
    expect(byAdmin.data!.requalifyNeed.routing).toMatchObject({ authority: { name: avrilleName }, kind: 'requalification' });
    expect((await written(need.id)).routings).toBe(4);
  });

  it('refuses bad input on named fields and writes nothing', async () => {
    const need = await wasteNeed('Encombrants non ramassés');
    const before = await written(need.id);
    const reason = 'Un motif suffisamment long pour être accepté.';
    expect(fieldsOf(await requalify(need.reference, { categoryKey: 'no_such_category', reason }, tokens.agentAlm))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'categoryKey', message: 'Choisissez une catégorie de la liste.' }],
    });
    expect(fieldsOf(await requalify(need.reference, { categoryKey: 'waste_collection', reason }, tokens.agentAlm)).fields).toEqual([
      { field: 'categoryKey', message: 'Ce besoin est déjà dans la catégorie « Collecte, tri, déchèteries ».' },
    ]);
    expect(fieldsOf(await requalify(need.reference, { categoryKey: 'parks_playgrounds_trees', reason: '' }, tokens.agentAlm)).fields).toEqual([
      { field: 'reason', message: 'Indiquez le motif : il sera affiché publiquement.' },
    ]);
    expect(fieldsOf(await requalify(need.reference, { categoryKey: 'parks_playgrounds_trees', reason: 'Court.' }, tokens.agentAlm)).fields).toEqual([
      { field: 'reason', message: 'Le motif doit compter entre 10 et 1000 caractères (il en compte 6).' },
    ]);
    expect(fieldsOf(await requalify(need.reference, { categoryKey: 'parks_playgrounds_trees', reason: 'é'.repeat(1001) }, tokens.agentAlm)).fields).toEqual([
      { field: 'reason', message: 'Le motif doit compter entre 10 et 1000 caractères (il en compte 1001).' },
    ]);
    const external = await requalify(need.reference, { categoryKey: 'high_schools', reason }, tokens.agentAlm);
    expect(fieldsOf(external).fields?.map((error) => error.field)).toEqual(['categoryKey']);
    expect(fieldsOf(external).fields?.[0]?.message).toContain('utilisez le statut « hors compétence locale »');
    expect(fieldsOf(await transfer(need.reference, { authorityId: '00000000-0000-0000-0000-000000000000', reason: 'x' }, tokens.agentAlm))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'authorityId', message: 'Choisissez une collectivité ou un organisme de la liste.' },
        { field: 'reason', message: 'Le motif doit compter entre 10 et 1000 caractères (il en compte 1).' },
      ],
    });
    expect(fieldsOf(await transfer(need.reference, { authorityId: 'pas-un-id', reason }, tokens.agentAlm)).fields).toEqual([
      { field: 'authorityId', message: 'Choisissez une collectivité ou un organisme de la liste.' },
    ]);
    expect(fieldsOf(await transfer(need.reference, { authorityId: almId, reason }, tokens.agentAlm)).fields).toEqual([
      { field: 'authorityId', message: `Ce besoin est déjà confié à ${almName}.` },
    ]);
    expect(await written(need.id)).toEqual(before);
  });

  it('refuses agents of another authority, residents, the author and anonymous visitors, and writes nothing', async () => {
    const need = await wasteNeed('Conteneur à verre cassé');
    const before = await written(need.id);
    const input = { categoryKey: 'parks_playgrounds_trees', reason: 'Une tentative sans en avoir le droit.' };
    for (const token of [tokens.agentAvrille, tokens.agentTierce, tokens.resident, tokens.author]) {
      expect(fieldsOf(await requalify(need.reference, input, token)).code).toBe('FORBIDDEN');
      expect(fieldsOf(await transfer(need.reference, { authorityId: tierceId, reason: input.reason }, token)).code).toBe('FORBIDDEN');
    }
    expect(fieldsOf(await requalify(need.reference, input, null)).code).toBe('UNAUTHENTICATED');
    expect(fieldsOf(await transfer(need.reference, { authorityId: tierceId, reason: input.reason }, null)).code).toBe('UNAUTHENTICATED');
    // An unknown reference is refused like a need of another authority.
    expect(fieldsOf(await requalify('B-7K3M9Q', input, tokens.agentAlm)).code).toBe('FORBIDDEN');
    expect(await written(need.id)).toEqual(before);
  });
});

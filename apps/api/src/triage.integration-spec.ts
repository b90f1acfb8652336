import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource, type QueryRunner } from 'typeorm';
import type { Actor } from '@pit/accounts';
import { NeedsRepository } from '@pit/needs';
import { TriageResolver } from '@pit/needs/graphql';
import { RouteNeedJob } from '@pit/needs/jobs';
import { TerritoryService } from '@pit/territory';
import { accountsWithRoles, DESCRIPTION, graphql, signUpResident, startApi } from '../../../tools/test/harness.js';

// Issue 5 items 1 and 4: the triage page of a need (triageNeed, at most 5 SQL statements whatever its
// size), assignment to an agent and internal notes, through the real api and PostgreSQL.

const TRIAGE = /* GraphQL */ `
  query($r: String!) { triageNeed(reference: $r) {
    need { reference status authorPseudonym routings { kind note authority { name } } history { status note } }
    authorityId channel assignee { id pseudonym } answerDueAt overdue
    supportCount onlineSupportCount paperSupportCount
    backers { name verified statement } commentCount latestComments { body authorPseudonym organisationName }
    coAssignments { authorityName reason } internalNotes { body authorPseudonym }
    allowedStatuses { status label requiredFields } answerTemplates { title status } agents { id pseudonym }
  } }`;
const ASSIGN = /* GraphQL */ `mutation($r: String!, $a: ID) { assignNeed(reference: $r, assigneeId: $a) { assignee { id pseudonym } } }`;
const NOTE = /* GraphQL */ `mutation($r: String!, $b: String!) { addInternalNote(reference: $r, body: $b) { body authorPseudonym } }`;

type Result<T> = { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }> };
interface Triage {
  need: { reference: string; status: string; authorPseudonym: string | null; routings: unknown[]; history: unknown[] };
  authorityId: string;
  channel: string;
  assignee: { id: string; pseudonym: string } | null;
  answerDueAt: string | null;
  overdue: boolean;
  supportCount: number;
  onlineSupportCount: number;
  paperSupportCount: number;
  backers: Array<{ name: string; verified: boolean; statement: string }>;
  commentCount: number;
  latestComments: Array<{ body: string; authorPseudonym: string | null; organisationName: string | null }>;
  coAssignments: Array<{ authorityName: string; reason: string }>;
  internalNotes: Array<{ body: string; authorPseudonym: string | null }>;
  allowedStatuses: Array<{ status: string; label: string; requiredFields: string[] }>;
  answerTemplates: Array<{ title: string; status: string | null }>;
  agents: Array<{ id: string; pseudonym: string }>;
}

describe('triageNeed, assignNeed, addInternalNote', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let almId: string;
  let avrilleId: string;
  let author: { token: string; email: string; pseudonym: string };
  let tokens = {} as Record<'agentAlm' | 'colleague' | 'agentAvrille' | 'resident' | 'admin', string>;
  let ids = {} as Record<keyof typeof tokens, string>;
  let pseudonyms: Record<string, string> = {};

  /** A need of Avrillé in "déchets", routed by the route-need job to Angers Loire Métropole (transmis). */
  const wasteNeed = async (title: string) => {
    const result = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title, description: DESCRIPTION, categoryKey: 'waste_collection', communeCode: '49015' } },
      { token: author.token },
    );
    const need = result.data!.submitNeed;
    await new RouteNeedJob(dataSource, api.get(NeedsRepository), api.get(TerritoryService)).handle({ needId: need.id }, { jobId: `test-${need.id}`, attempt: 1 });
    return need;
  };
  const triage = async (reference: string, token: string | null) => (await graphql<{ triageNeed: Triage }>(api, TRIAGE, { r: reference }, { token })) as Result<{ triageNeed: Triage }>;
  const auditOf = (needId: string, action: string) =>
    dataSource.query(`SELECT actor_id AS "actorId", before, after FROM audit_entry WHERE subject_id = $1 AND action = $2 ORDER BY created_at, id`, [needId, action]);
  const codeOf = (result: Result<unknown>) => result.errors?.[0]?.extensions?.code;

  /** Every SQL statement sent while `run` runs (each DataSource.query / EntityManager.query goes through a new query runner). */
  const statementsDuring = async (run: () => Promise<unknown>): Promise<string[]> => {
    const statements: string[] = [];
    const original = dataSource.createQueryRunner;
    dataSource.createQueryRunner = function (this: DataSource, ...args: Parameters<DataSource['createQueryRunner']>): QueryRunner {
      const runner = original.apply(this, args);
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, ...rest: unknown[]) => {
        statements.push(sql);
        return (query as (...a: unknown[]) => unknown)(sql, ...rest);
      }) as QueryRunner['query'];
      return runner;
    };
    try {
      await run();
    } finally {
      dataSource.createQueryRunner = original;
    }
    return statements;
  };

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    [{ id: almId }] = await dataSource.query(`SELECT a.id FROM commune c JOIN authority a ON a.id = c.epci_id WHERE c.code = '49015'`);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    author = await signUpResident(api, 'Tri auteur');
    ({ ids, tokens } = await accountsWithRoles(api, 'Tri', {
      agentAlm: { role: 'agent', authorityId: almId },
      colleague: { role: 'agent', authorityId: almId },
      agentAvrille: { role: 'agent', authorityId: avrilleId },
      resident: null,
      admin: { role: 'admin' },
    }));
    const rows: Array<{ id: string; pseudonym: string }> = await dataSource.query(`SELECT id, pseudonym FROM person WHERE id = ANY($1::uuid[])`, [Object.values(ids)]);
    pseudonyms = Object.fromEntries(rows.map((row) => [row.id, row.pseudonym]));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('shows staff everything about a need, never the author’s email, in the same 4 SQL statements with 200 supporters and 30 comments as with none', async () => {
    const empty = await wasteNeed('Le conteneur à verre de la place est cassé');
    const busy = await wasteNeed('Les bacs jaunes ne sont plus ramassés le mardi');
    // 200 supporters online, 12 on paper, an organisation backing it, 30 comments (one deleted), a co-assigned commune, templates.
    await dataSource.query(
      `WITH people AS (INSERT INTO person (pseudonym, pseudonym_key) SELECT 'Soutien tri ' || i || '-' || $2, 'soutien tri ' || i || '-' || $2 FROM generate_series(1, 200) i RETURNING id)
       INSERT INTO need_support (need_id, person_id) SELECT $1, id FROM people`,
      [busy.id, busy.reference],
    );
    await dataSource.query(`INSERT INTO need_support_tally (need_id, shard, supports) VALUES ($1, 0, 212)`, [busy.id]);
    await dataSource.query(`INSERT INTO need_paper_support (need_id, recorded_by, count) VALUES ($1, $2, 12)`, [busy.id, ids.admin]);
    const [organisation] = await dataSource.query(
      `INSERT INTO organisation (name, kind, identifier_type, created_by, verified_at) VALUES ('Quartier propre', 'association', 'none', $1, now()) RETURNING id`,
      [ids.resident],
    );
    await dataSource.query(`INSERT INTO need_backing (need_id, organisation_id, statement, backed_by) VALUES ($1, $2, 'Nous le constatons chaque semaine.', $3)`, [
      busy.id,
      organisation.id,
      ids.resident,
    ]);
    await dataSource.query(
      `INSERT INTO comment (need_id, author_id, body, created_at) SELECT $1, $2, 'Commentaire n° ' || i, now() - (30 - i) * interval '1 minute' FROM generate_series(1, 30) i`,
      [busy.id, ids.resident],
    );
    await dataSource.query(`UPDATE comment SET deleted_at = now() WHERE need_id = $1 AND body = 'Commentaire n° 1'`, [busy.id]);
    await dataSource.query(`INSERT INTO need_co_assignment (need_id, authority_id, reason, created_by) VALUES ($1, $2, 'Pouvoirs de police du maire.', $3)`, [
      busy.id,
      avrilleId,
      ids.admin,
    ]);
    await dataSource.query(`INSERT INTO answer_template (authority_id, title, body, status) VALUES ($1, 'Tri : à l’étude', 'Nous étudions votre demande.', 'under_study')`, [almId]);
    for (const i of [1, 2, 3]) await graphql(api, NOTE, { r: busy.reference, b: `Note interne ${i}` }, { token: tokens.agentAlm });

    const answer = await triage(busy.reference, tokens.agentAlm);
    expect(answer.errors).toBeUndefined();
    const view = answer.data!.triageNeed;
    expect(JSON.stringify(answer)).not.toContain(author.email);
    expect(view.need.authorPseudonym).toBe(author.pseudonym);
    expect(view.need.status).toBe('TRANSMITTED');
    expect(view.authorityId).toBe(almId);
    expect(view.channel).toBe('web');
    expect(view.assignee).toBeNull();
    expect(view.overdue).toBe(false);
    expect([view.supportCount, view.onlineSupportCount, view.paperSupportCount]).toEqual([212, 200, 12]);
    expect(view.backers).toEqual([{ name: 'Quartier propre', verified: true, statement: 'Nous le constatons chaque semaine.' }]);
    expect(view.commentCount).toBe(29);
    expect(view.latestComments.map((comment) => comment.body)).toEqual(['Commentaire n° 30', 'Commentaire n° 29', 'Commentaire n° 28', 'Commentaire n° 27', 'Commentaire n° 26']);
    expect(view.coAssignments).toEqual([{ authorityName: 'Avrillé', reason: 'Pouvoirs de police du maire.' }]);
    expect(view.internalNotes).toEqual([3, 2, 1].map((i) => ({ body: `Note interne ${i}`, authorPseudonym: pseudonyms[ids.agentAlm] })));
    expect(view.allowedStatuses).toEqual([
      { status: 'UNDER_STUDY', label: 'en étude', requiredFields: [] },
      { status: 'REFUSED', label: 'refusé', requiredFields: ['reason'] },
      { status: 'DUPLICATE', label: 'doublon', requiredFields: ['duplicateOf'] },
      { status: 'OUT_OF_SCOPE', label: 'hors compétence locale', requiredFields: ['outsideBody'] },
    ]);
    expect(view.answerTemplates).toContainEqual({ title: 'Tri : à l’étude', status: 'UNDER_STUDY' });
    // Agents of ALM and of the co-assigned Avrillé; never the resident or the admin.
    // (The integration database is shared across files: other agents of ALM may exist.)
    const agentIds = view.agents.map((agent) => agent.id);
    expect(agentIds).toEqual(expect.arrayContaining([ids.agentAlm, ids.colleague, ids.agentAvrille]));
    expect(agentIds).not.toContain(ids.resident);
    expect(agentIds).not.toContain(ids.admin);
    expect(view.agents.find((agent) => agent.id === ids.colleague)).toEqual({ id: ids.colleague, pseudonym: pseudonyms[ids.colleague] });

    // One triageNeed call, access check included: reference → id, access, public view, staff extras.
    const actor: Actor = { personId: ids.agentAlm, sessionId: '00000000-0000-4000-8000-000000000000', pseudonym: pseudonyms[ids.agentAlm]!, roles: [{ role: 'agent', authorityId: almId }] };
    const resolver = api.get(TriageResolver);
    await resolver.triageNeed(actor, empty.reference);
    const forEmpty = await statementsDuring(() => resolver.triageNeed(actor, empty.reference));
    let loaded: Awaited<ReturnType<TriageResolver['triageNeed']>> = null;
    const forBusy = await statementsDuring(async () => (loaded = await resolver.triageNeed(actor, busy.reference)));
    expect(loaded!.onlineSupportCount).toBe(200);
    expect(forBusy.length).toBe(4);
    expect(forEmpty.length).toBe(4);
  });

  it('lets an admin choose masqué, and refuses the triage page to anyone but the authority’s agents and admins', async () => {
    const need = await wasteNeed('Dépôt sauvage derrière le gymnase');
    const asAdmin = await triage(need.reference, tokens.admin);
    expect(asAdmin.data!.triageNeed.allowedStatuses.map((choice) => choice.status)).toEqual(['UNDER_STUDY', 'REFUSED', 'DUPLICATE', 'OUT_OF_SCOPE', 'HIDDEN']);
    for (const token of [null, tokens.resident, tokens.agentAvrille, author.token]) {
      expect(codeOf(await triage(need.reference, token))).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      expect(codeOf(await graphql(api, ASSIGN, { r: need.reference, a: ids.agentAlm }, { token }))).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      expect(codeOf(await graphql(api, NOTE, { r: need.reference, b: 'Une note' }, { token }))).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
    // An unknown reference: refused like another authority's need; admins (who may triage any) learn it does not exist.
    // Not routed yet (no due date): not overdue, never null.
    const waiting = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title: 'Un besoin pas encore orienté', description: DESCRIPTION, categoryKey: 'waste_collection', communeCode: '49015' } },
      { token: author.token },
    );
    const unrouted = await triage(waiting.data!.submitNeed.reference, tokens.admin);
    expect([unrouted.data!.triageNeed.overdue, unrouted.data!.triageNeed.answerDueAt, unrouted.data!.triageNeed.need.status]).toEqual([false, null, 'RECEIVED']);
    expect(codeOf(await triage('B-ZZZZZZ', tokens.agentAlm))).toBe('FORBIDDEN');
    expect(await triage('B-ZZZZZZ', tokens.admin)).toEqual({ data: { triageNeed: null } });
    expect((await graphql(api, NOTE, { r: 'B-ZZZZZZ', b: 'Une note' }, { token: tokens.admin })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'reference', message: 'Ce besoin n’existe pas.' }],
    });
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM need_internal_note WHERE need_id = $1`, [need.id])).toEqual([{ n: 0 }]);
    expect(await dataSource.query(`SELECT assignee_id AS "assigneeId" FROM need WHERE id = $1`, [need.id])).toEqual([{ assigneeId: null }]);
  });

  it('assigns a need to an agent of its authority or of a co-assigned one, back to the queue with null, audited before/after', async () => {
    const need = await wasteNeed('Les corbeilles du parc ne sont plus vidées');
    const assign = (assigneeId: string | null, token = tokens.agentAlm) =>
      graphql<{ assignNeed: { assignee: { id: string; pseudonym: string } | null } }>(api, ASSIGN, { r: need.reference, a: assigneeId }, { token }) as Promise<
        Result<{ assignNeed: { assignee: { id: string; pseudonym: string } | null } }>
      >;

    expect((await assign(ids.colleague)).data!.assignNeed.assignee).toEqual({ id: ids.colleague, pseudonym: pseudonyms[ids.colleague] });
    // Not an agent of ALM (Avrillé is not co-assigned yet), a resident, nonsense: refused on the field.
    for (const wrong of [ids.agentAvrille, ids.resident, 'pas-un-identifiant']) {
      const refused = await assign(wrong);
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'assigneeId', message: 'Choisissez un agent de la collectivité chargée de ce besoin.' }],
      });
    }
    // The same assignment again writes nothing.
    await assign(ids.colleague);
    await dataSource.query(`INSERT INTO need_co_assignment (need_id, authority_id, reason) VALUES ($1, $2, 'Pouvoirs de police du maire.')`, [need.id, avrilleId]);
    expect((await assign(ids.agentAvrille, tokens.admin)).data!.assignNeed.assignee?.id).toBe(ids.agentAvrille);
    expect((await assign(null)).data!.assignNeed.assignee).toBeNull();

    expect(await auditOf(need.id, 'need.assign')).toEqual([
      { actorId: ids.agentAlm, before: { assigneeId: null }, after: { assigneeId: ids.colleague } },
      { actorId: ids.admin, before: { assigneeId: ids.colleague }, after: { assigneeId: ids.agentAvrille } },
      { actorId: ids.agentAlm, before: { assigneeId: ids.agentAvrille }, after: { assigneeId: null } },
    ]);
  });

  it('keeps internal notes for staff only: audited, 1 to 2000 characters, absent from the public need', async () => {
    const need = await wasteNeed('Les encombrants ne passent plus dans le quartier');
    const note = (body: string) => graphql<{ addInternalNote: { body: string; authorPseudonym: string } }>(api, NOTE, { r: need.reference, b: body }, { token: tokens.agentAlm });

    for (const [body, message] of [
      ['   ', 'Écrivez la note.'],
      ['x'.repeat(2001), 'La note doit compter au plus 2000 caractères (elle en compte 2001).'],
    ] as const) {
      expect((await note(body)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'body', message }] });
    }
    const added = await note('  Appeler le prestataire lundi : tournée supprimée.  ');
    expect(added.data!.addInternalNote).toEqual({ body: 'Appeler le prestataire lundi : tournée supprimée.', authorPseudonym: pseudonyms[ids.agentAlm] });
    const [entry] = await auditOf(need.id, 'need.internal_note');
    expect(entry).toMatchObject({ actorId: ids.agentAlm, before: null, after: { body: 'Appeler le prestataire lundi : tournée supprimée.' } });

    const everything = /* GraphQL */ `query($r: String!) { need(reference: $r) { title description history { note } routings { note reason } } }`;
    for (const token of [null, author.token, tokens.agentAlm]) {
      const publicNeed = await graphql(api, everything, { r: need.reference }, { token });
      expect(publicNeed.errors).toBeUndefined();
      expect(JSON.stringify(publicNeed)).not.toContain('prestataire');
    }
  });
});

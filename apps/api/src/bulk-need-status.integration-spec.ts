import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { accountsWithRoles, DESCRIPTION, graphql, startApi } from '../../../tools/test/harness.js';

// Issue 5 item 4: answer templates per authority and bulk status changes (all or none, with a
// report naming each failing need), through the real api and PostgreSQL.

const SAVE = /* GraphQL */ `
  mutation($i: SaveAnswerTemplateInput!) { saveAnswerTemplate(input: $i) { id authorityId title body status } }`;
const LIST = /* GraphQL */ `query($a: ID!) { answerTemplates(authorityId: $a) { id title status } }`;
const DELETE = /* GraphQL */ `mutation($id: ID!) { deleteAnswerTemplate(id: $id) }`;
const BULK = /* GraphQL */ `
  mutation($i: BulkChangeNeedStatusInput!) { bulkChangeNeedStatus(input: $i) { reference status history { status note } } }`;

type Errors = { errors?: Array<{ extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }> };
const failure = (result: Errors) => ({ code: result.errors?.[0]?.extensions?.code, fields: result.errors?.[0]?.extensions?.fields });

describe('answer templates and bulkChangeNeedStatus', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let avrilleId: string;
  let tierceId: string;
  let tokens = {} as Record<'author' | 'resident' | 'agentA' | 'agentT' | 'admin', string>;
  let ids = {} as Record<keyof typeof tokens, string>;

  /** A need of `communeCode`, routed (transmis) to `authorityId`. */
  const routedNeed = async (title: string, authorityId = avrilleId) => {
    const result = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' } },
      { token: tokens.author },
    );
    const need = result.data!.submitNeed;
    await dataSource.query(`UPDATE need SET authority_id = $2, status = 'transmitted' WHERE id = $1`, [need.id, authorityId]);
    return need;
  };
  const bulk = (input: Record<string, unknown>, token: string | null) =>
    graphql<{ bulkChangeNeedStatus: Array<{ reference: string; status: string; history: Array<{ status: string; note: string | null }> }> }>(api, BULK, { i: input }, { token });
  const save = (input: Record<string, unknown>, token: string | null) =>
    graphql<{ saveAnswerTemplate: { id: string; authorityId: string; title: string; body: string; status: string | null } }>(api, SAVE, { i: input }, { token });
  /** What the batch wrote for these needs: statuses, history rows, audit entries, notification jobs. */
  const written = async (needIds: string[]) => {
    const [row] = await dataSource.query(
      `SELECT (SELECT array_agg(DISTINCT status::text) FROM need WHERE id = ANY($1::uuid[])) AS statuses,
              (SELECT count(*)::int FROM need_status_change WHERE need_id = ANY($1::uuid[])) AS history,
              (SELECT count(*)::int FROM audit_entry WHERE subject_id = ANY($1::uuid[])) AS audit,
              (SELECT count(*)::int FROM outbox_message WHERE name = 'notify-need-change' AND (payload->>'needId')::uuid = ANY($1::uuid[])) AS jobs`,
      [needIds],
    );
    return row as { statuses: string[]; history: number; audit: number; jobs: number };
  };

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    [{ id: tierceId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49347'`);
    ({ ids, tokens } = await accountsWithRoles(api, 'Lot', {
      author: null,
      resident: null,
      agentA: { role: 'agent', authorityId: avrilleId },
      agentT: { role: 'agent', authorityId: tierceId },
      admin: { role: 'admin' },
    }));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lets an authority’s agents and admins create, list, change and delete its templates, each change audited', async () => {
    const created = await save({ authorityId: avrilleId, title: 'Étude en cours', body: 'Nos services étudient votre demande.', status: 'UNDER_STUDY' }, tokens.agentA);
    expect(created.errors).toBeUndefined();
    const template = created.data!.saveAnswerTemplate;
    expect(template).toMatchObject({ authorityId: avrilleId, title: 'Étude en cours', body: 'Nos services étudient votre demande.', status: 'UNDER_STUDY' });
    const changed = await save({ id: template.id, authorityId: avrilleId, title: 'Étude lancée', body: 'Nos services étudient votre demande avec l’école.' }, tokens.admin);
    expect(changed.data!.saveAnswerTemplate).toMatchObject({ id: template.id, title: 'Étude lancée', status: null });
    const listed = await graphql<{ answerTemplates: Array<{ id: string; title: string }> }>(api, LIST, { a: avrilleId }, { token: tokens.agentA });
    expect(listed.data!.answerTemplates.map((row) => row.title)).toContain('Étude lancée');
    // Another authority's agent, a resident and anonymous visitors neither see nor change them.
    expect(failure(await graphql(api, LIST, { a: avrilleId }, { token: tokens.agentT })).code).toBe('FORBIDDEN');
    expect(failure(await graphql(api, LIST, { a: avrilleId }, { token: null })).code).toBe('UNAUTHENTICATED');
    expect(failure(await save({ id: template.id, authorityId: tierceId, title: 'Volé', body: 'Un texte détourné par Tiercé.' }, tokens.agentT)).code).toBe('FORBIDDEN');
    expect(failure(await save({ authorityId: avrilleId, title: 'Intrus', body: 'Un texte écrit par un habitant.' }, tokens.resident)).code).toBe('FORBIDDEN');
    expect(failure(await graphql(api, DELETE, { id: template.id }, { token: tokens.agentT })).code).toBe('FORBIDDEN');
    expect(failure(await save({ authorityId: avrilleId, title: 'Ok', body: 'Court.', status: 'RECEIVED' }, tokens.agentA))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'title', message: 'Le titre du modèle doit compter entre 3 et 120 caractères (il en compte 2).' },
        { field: 'body', message: 'Le texte du modèle doit compter entre 10 et 5000 caractères (il en compte 6).' },
        { field: 'status', message: 'Un modèle ne peut pas accompagner le statut « reçu ».' },
      ],
    });
    const deleted = await graphql<{ deleteAnswerTemplate: boolean }>(api, DELETE, { id: template.id }, { token: tokens.agentA });
    expect(deleted.data!.deleteAnswerTemplate).toBe(true);
    const audit = await dataSource.query(`SELECT action, actor_id, before->>'title' AS before, after->>'title' AS after FROM audit_entry WHERE subject_id = $1 ORDER BY created_at`, [template.id]);
    expect(audit).toEqual([
      { action: 'answer_template.create', actor_id: ids.agentA, before: null, after: 'Étude en cours' },
      { action: 'answer_template.update', actor_id: ids.admin, before: 'Étude en cours', after: 'Étude lancée' },
      { action: 'answer_template.delete', actor_id: ids.agentA, before: 'Étude lancée', after: null },
    ]);
  });

  it('answers 20 needs at once with a template: 20 changed, 20 history notes with its text, 20 audit entries, 20 notification jobs', async () => {
    const body = 'Merci pour votre signalement : nos services l’étudient avec l’école.';
    const template = (await save({ authorityId: avrilleId, title: 'Étude avec l’école', body, status: 'UNDER_STUDY' }, tokens.agentA)).data!.saveAnswerTemplate;
    const needs = [];
    for (let i = 1; i <= 20; i++) needs.push(await routedNeed(`Besoin groupé numéro ${i}`));
    const result = await bulk({ references: needs.map((need) => need.reference), status: 'UNDER_STUDY', templateId: template.id }, tokens.agentA);
    expect(result.errors).toBeUndefined();
    expect(result.data!.bulkChangeNeedStatus.map((need) => need.reference)).toEqual(needs.map((need) => need.reference));
    for (const need of result.data!.bulkChangeNeedStatus) {
      expect(need.status).toBe('UNDER_STUDY');
      expect(need.history.at(-1)).toEqual({ status: 'UNDER_STUDY', note: body });
    }
    const needIds = needs.map((need) => need.id);
    // The submission's reçu row is in the history too (and notifies nobody).
    expect(await written(needIds)).toEqual({ statuses: ['under_study'], history: 40, audit: 20, jobs: 20 });
    const [notes] = await dataSource.query(`SELECT count(*)::int AS n FROM need_status_change WHERE need_id = ANY($1::uuid[]) AND status = 'under_study' AND note = $2`, [needIds, body]);
    expect(notes.n).toBe(20);
    const audit = await dataSource.query(
      `SELECT DISTINCT actor_id, action, before->>'status' AS before, after->>'status' AS after, after->>'templateId' AS template FROM audit_entry WHERE subject_id = ANY($1::uuid[])`,
      [needIds],
    );
    expect(audit).toEqual([{ actor_id: ids.agentA, action: 'need.status', before: 'transmitted', after: 'under_study', template: template.id }]);
  });

  it('changes none of a batch with one illegal transition, one need of another authority or one unknown reference, and names each', async () => {
    const needs = [await routedNeed('Lot refusé un'), await routedNeed('Lot refusé deux'), await routedNeed('Lot refusé trois')];
    await dataSource.query(`UPDATE need SET status = 'in_progress' WHERE id = $1`, [needs[1]!.id]);
    const other = await routedNeed('Lot refusé de Tiercé', tierceId);
    const references = [needs[0]!.reference, needs[1]!.reference, other.reference, 'B-INCONNU', needs[2]!.reference];
    const result = await bulk({ references, status: 'UNDER_STUDY', answer: 'Nos services étudient ces demandes.' }, tokens.agentA);
    expect(failure(result)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'references[1]', message: `Le besoin ${needs[1]!.reference} est « en cours » : il ne peut pas passer à « en étude ».` },
        { field: 'references[2]', message: `Le besoin ${other.reference} n’est pas traité par votre collectivité.` },
        { field: 'references[3]', message: 'Le besoin B-INCONNU n’existe pas.' },
      ],
    });
    expect(await written([needs[0]!.id, needs[2]!.id, other.id])).toEqual({ statuses: ['transmitted'], history: 3, audit: 0, jobs: 0 });
    // Without the failing ones, the same batch goes through.
    const retried = await bulk({ references: [needs[0]!.reference, needs[2]!.reference], status: 'UNDER_STUDY', answer: 'Nos services étudient ces demandes.' }, tokens.agentA);
    expect(retried.data!.bulkChangeNeedStatus.map((need) => need.status)).toEqual(['UNDER_STUDY', 'UNDER_STUDY']);
  });

  it('rolls the whole batch back when a write fails on its last need', async () => {
    const needs = [await routedNeed('Lot annulé un'), await routedNeed('Lot annulé deux'), await routedNeed('Lot annulé trois')];
    await dataSource.query(`
      CREATE FUNCTION bulk_audit_refuses_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit refused for the test'; END $$`);
    await dataSource.query(
      `CREATE TRIGGER bulk_audit_refuses BEFORE INSERT ON audit_entry FOR EACH ROW WHEN (NEW.subject_id = '${needs[2]!.id}'::uuid) EXECUTE FUNCTION bulk_audit_refuses_for_test()`,
    );
    try {
      const result = await bulk({ references: needs.map((need) => need.reference), status: 'UNDER_STUDY', answer: 'Nos services étudient ces demandes.' }, tokens.agentA);
      expect(failure(result).code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await dataSource.query(`DROP TRIGGER bulk_audit_refuses ON audit_entry`);
      await dataSource.query(`DROP FUNCTION bulk_audit_refuses_for_test()`);
    }
    expect(await written(needs.map((need) => need.id))).toEqual({ statuses: ['transmitted'], history: 3, audit: 0, jobs: 0 });
  });

  it('refuses a batch the actor may change none of, a template of another authority or for another status, and a template with a free answer', async () => {
    const need = await routedNeed('Lot pour les refus');
    expect(failure(await bulk({ references: [need.reference], status: 'UNDER_STUDY' }, tokens.agentT)).code).toBe('FORBIDDEN');
    expect(failure(await bulk({ references: [need.reference], status: 'UNDER_STUDY' }, tokens.resident)).code).toBe('FORBIDDEN');
    expect(failure(await bulk({ references: [need.reference], status: 'UNDER_STUDY' }, null)).code).toBe('UNAUTHENTICATED');
    const tierce = (await save({ authorityId: tierceId, title: 'Modèle de Tiercé', body: 'Tiercé étudie votre demande.' }, tokens.agentT)).data!.saveAnswerTemplate;
    expect(failure(await bulk({ references: [need.reference], status: 'UNDER_STUDY', templateId: tierce.id }, tokens.agentA)).fields).toEqual([
      { field: 'templateId', message: 'Ce modèle n’existe pas.' },
    ]);
    const refusal = (await save({ authorityId: avrilleId, title: 'Refus', body: 'Ce projet n’est pas retenu cette année.', status: 'REFUSED' }, tokens.agentA)).data!.saveAnswerTemplate;
    expect(failure(await bulk({ references: [need.reference], status: 'UNDER_STUDY', templateId: refusal.id }, tokens.agentA)).fields).toEqual([
      { field: 'templateId', message: 'Ce modèle accompagne le statut « refusé » : choisissez un autre modèle.' },
    ]);
    expect(failure(await bulk({ references: [need.reference], status: 'REFUSED', templateId: refusal.id, answer: 'Une autre réponse écrite.' }, tokens.agentA)).fields).toEqual([
      { field: 'templateId', message: 'Choisissez un modèle ou écrivez une réponse, pas les deux.' },
    ]);
    // A refusal still needs its public reason; empty selections are refused by validation.
    expect(failure(await bulk({ references: [need.reference], status: 'REFUSED', templateId: refusal.id }, tokens.agentA)).fields).toEqual([
      { field: 'reason', message: 'Indiquez le motif : il sera affiché publiquement.' },
    ]);
    expect(failure(await bulk({ references: [], status: 'UNDER_STUDY' }, tokens.agentA)).fields).toEqual([{ field: 'references', message: 'Sélectionnez au moins un besoin.' }]);
    expect(await written([need.id])).toEqual({ statuses: ['transmitted'], history: 1, audit: 0, jobs: 0 });
  });
});

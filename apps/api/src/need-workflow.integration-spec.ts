import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AuditService } from '@pit/core';
import { accountsWithRoles, DESCRIPTION, graphql, startApi } from '../../../tools/test/harness.js';

// Issue 5, status workflow: changeNeedStatus through the real api and PostgreSQL (the state machine
// itself is tested over all pairs in libs/shared/domain/src/need-workflow.spec.ts), the audit trail.

const CHANGE = /* GraphQL */ `
  mutation($r: String!, $i: ChangeNeedStatusInput!) {
    changeNeedStatus(reference: $r, input: $i) { reference status statusLabel history { status note } }
  }`;

interface Changed {
  changeNeedStatus: { reference: string; status: string; statusLabel: string; history: Array<{ status: string; note: string | null }> };
}

describe('changeNeedStatus: the status workflow, its permissions and its audit trail', () => {
  let api: NestFastifyApplication;
  let dataSource: DataSource;
  let avrilleId: string;
  let tierceId: string;
  let tokens = {} as Record<'author' | 'resident' | 'agentA' | 'agentT' | 'moderator' | 'admin', string>;
  let ids = {} as Record<keyof typeof tokens, string>;

  /** A need of Avrillé, routed (transmis) to the commune. */
  const routedNeed = async (title = 'Un besoin à trier') => {
    const result = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' } },
      { token: tokens.author },
    );
    const need = result.data!.submitNeed;
    await dataSource.query(`UPDATE need SET authority_id = $2, status = 'transmitted' WHERE id = $1`, [need.id, avrilleId]);
    return need;
  };
  const change = (reference: string, input: Record<string, unknown>, token: string | null) => graphql<Changed>(api, CHANGE, { r: reference, i: input }, { token });
  /** What a transition writes for a need: its status, history rows, audit entries, notification jobs. */
  const written = async (needId: string) => {
    const [need] = await dataSource.query(`SELECT status FROM need WHERE id = $1`, [needId]);
    const [counts] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM need_status_change WHERE need_id = $1) AS history,
              (SELECT count(*)::int FROM audit_entry WHERE subject_id = $1) AS audit,
              (SELECT count(*)::int FROM outbox_message WHERE name = 'notify-need-change' AND payload->>'needId' = $1::text) AS jobs`,
      [needId],
    );
    return { status: need.status as string, ...(counts as { history: number; audit: number; jobs: number }) };
  };
  const fieldsOf = (result: { errors?: Array<{ extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }> }) => ({
    code: result.errors?.[0]?.extensions?.code,
    fields: result.errors?.[0]?.extensions?.fields,
  });

  beforeAll(async () => {
    api = await startApi();
    dataSource = api.get(DataSource);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    [{ id: tierceId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49347'`);
    ({ ids, tokens } = await accountsWithRoles(api, 'Flux', {
      author: null,
      resident: null,
      agentA: { role: 'agent', authorityId: avrilleId },
      agentT: { role: 'agent', authorityId: tierceId },
      moderator: { role: 'moderator' },
      admin: { role: 'admin' },
    }));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('walks transmis → en étude → accepté → planifié → en cours → réalisé, with the official answer public in the history', async () => {
    const need = await routedNeed();
    const answer = 'Nos services étudient votre demande avec l’école.';
    const study = await change(need.reference, { status: 'UNDER_STUDY', answer }, tokens.agentA);
    expect(study.errors).toBeUndefined();
    expect(study.data!.changeNeedStatus.status).toBe('UNDER_STUDY');
    expect(study.data!.changeNeedStatus.statusLabel).toBe('en étude');
    expect(study.data!.changeNeedStatus.history.at(-1)).toEqual({ status: 'UNDER_STUDY', note: answer });
    for (const status of ['ACCEPTED', 'PLANNED', 'IN_PROGRESS', 'DONE']) {
      const result = await change(need.reference, { status }, tokens.agentA);
      expect(result.errors).toBeUndefined();
      expect(result.data!.changeNeedStatus.status).toBe(status);
    }
    // Each move: one history row, one audit entry, one notification job (the submission's reçu row notifies nobody).
    expect(await written(need.id)).toEqual({ status: 'done', history: 6, audit: 5, jobs: 5 });
    const audit = await dataSource.query(`SELECT actor_id, action, subject_type, before, after->>'status' AS after FROM audit_entry WHERE subject_id = $1 ORDER BY created_at`, [need.id]);
    expect(audit.map((row: { before: { status: string }; after: string }) => `${row.before.status}→${row.after}`)).toEqual([
      'transmitted→under_study',
      'under_study→accepted',
      'accepted→planned',
      'planned→in_progress',
      'in_progress→done',
    ]);
    expect(audit[0]).toMatchObject({ actor_id: ids.agentA, action: 'need.status', subject_type: 'need' });
    const [job] = await dataSource.query(
      `SELECT o.payload FROM outbox_message o JOIN need_status_change c ON c.id::text = o.payload->>'statusChangeId' WHERE c.need_id = $1 AND c.status = 'under_study'`,
      [need.id],
    );
    expect(job.payload.needId).toBe(need.id);
    // Re-opening a réalisé need: back to en étude.
    const reopened = await change(need.reference, { status: 'UNDER_STUDY', answer: 'Les habitants signalent que le service ne répond pas.' }, tokens.admin);
    expect(reopened.data!.changeNeedStatus.status).toBe('UNDER_STUDY');
  });

  it('refuses with a required public reason, and reopens a refused need', async () => {
    const need = await routedNeed();
    const missing = await change(need.reference, { status: 'REFUSED' }, tokens.agentA);
    expect(fieldsOf(missing)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason', message: 'Indiquez le motif : il sera affiché publiquement.' }] });
    expect(await written(need.id)).toEqual({ status: 'transmitted', history: 1, audit: 0, jobs: 0 });
    const short = await change(need.reference, { status: 'REFUSED', reason: 'Non.' }, tokens.agentA);
    expect(fieldsOf(short).fields).toEqual([{ field: 'reason', message: 'Le motif doit compter entre 10 et 2000 caractères (il en compte 4).' }]);
    const refused = await change(
      need.reference,
      { status: 'REFUSED', reason: 'La cour est rénovée en 2027 : le projet est déjà prévu.', answer: 'Le calendrier des travaux sera affiché en mairie.' },
      tokens.agentA,
    );
    expect(refused.data!.changeNeedStatus.history.at(-1)).toEqual({
      status: 'REFUSED',
      note: 'Motif du refus : La cour est rénovée en 2027 : le projet est déjà prévu.\n\nLe calendrier des travaux sera affiché en mairie.',
    });
    const reopened = await change(need.reference, { status: 'UNDER_STUDY' }, tokens.agentA);
    expect(reopened.data!.changeNeedStatus.status).toBe('UNDER_STUDY');
    expect(await written(need.id)).toEqual({ status: 'under_study', history: 3, audit: 2, jobs: 2 });
  });

  it('marks a duplicate of another open need only', async () => {
    const kept = await routedNeed('Le besoin conservé');
    const need = await routedNeed('Le même besoin, en double');
    expect(fieldsOf(await change(need.reference, { status: 'DUPLICATE' }, tokens.agentA)).fields).toEqual([
      { field: 'duplicateOf', message: 'Indiquez la référence du besoin conservé (B-XXXXXX).' },
    ]);
    expect(fieldsOf(await change(need.reference, { status: 'DUPLICATE', duplicateOf: need.reference }, tokens.agentA)).fields).toEqual([
      { field: 'duplicateOf', message: 'Un besoin ne peut pas être le doublon de lui-même.' },
    ]);
    expect(fieldsOf(await change(need.reference, { status: 'DUPLICATE', duplicateOf: 'B-2222222' }, tokens.agentA)).fields).toEqual([
      { field: 'duplicateOf', message: 'Cette référence n’est pas valide : elle ressemble à B-7K3M9Q.' },
    ]);
    expect(await written(need.id)).toEqual({ status: 'transmitted', history: 1, audit: 0, jobs: 0 });
    const result = await change(need.reference, { status: 'DUPLICATE', duplicateOf: kept.reference.toLowerCase() }, tokens.agentA);
    expect(result.data!.changeNeedStatus.history.at(-1)).toEqual({ status: 'DUPLICATE', note: `Doublon du besoin ${kept.reference}.` });
    const [audit] = await dataSource.query(`SELECT after FROM audit_entry WHERE subject_id = $1`, [need.id]);
    expect(audit.after.duplicateOf).toBe(kept.reference);
    // A duplicate cannot be kept in place of another.
    const third = await routedNeed('Un troisième besoin');
    expect(fieldsOf(await change(third.reference, { status: 'DUPLICATE', duplicateOf: need.reference }, tokens.agentA)).fields).toEqual([
      { field: 'duplicateOf', message: `Le besoin ${need.reference} est « doublon » : choisissez un besoin ouvert à conserver.` },
    ]);
  });

  it('says where to turn when no local authority is competent (a free text or an authority)', async () => {
    const need = await routedNeed();
    expect(fieldsOf(await change(need.reference, { status: 'OUT_OF_SCOPE' }, tokens.agentA)).fields).toEqual([
      { field: 'outsideBody', message: 'Indiquez à qui s’adresser : une collectivité ou un organisme.' },
    ]);
    const result = await change(need.reference, { status: 'OUT_OF_SCOPE', outsideBody: 'Région Pays de la Loire (transports scolaires)' }, tokens.agentA);
    expect(result.data!.changeNeedStatus.history.at(-1)).toEqual({ status: 'OUT_OF_SCOPE', note: 'À qui s’adresser : Région Pays de la Loire (transports scolaires)' });

    const other = await routedNeed();
    const [tierce] = await dataSource.query(`SELECT name FROM authority WHERE id = $1`, [tierceId]);
    const byAuthority = await change(other.reference, { status: 'OUT_OF_SCOPE', outsideBody: tierceId }, tokens.agentA);
    expect(byAuthority.data!.changeNeedStatus.history.at(-1)).toEqual({ status: 'OUT_OF_SCOPE', note: `À qui s’adresser : ${tierce.name}` });
    // A field of another status is refused rather than ignored.
    const third = await routedNeed();
    expect(fieldsOf(await change(third.reference, { status: 'UNDER_STUDY', reason: 'Un motif qui ne sert à rien ici.' }, tokens.agentA)).fields).toEqual([
      { field: 'reason', message: 'Ce champ ne s’applique pas au statut « en étude ».' },
    ]);
  });

  it('checks the official answer’s length', async () => {
    const need = await routedNeed();
    expect(fieldsOf(await change(need.reference, { status: 'UNDER_STUDY', answer: 'Trop cour' }, tokens.agentA)).fields).toEqual([
      { field: 'answer', message: 'La réponse officielle doit compter entre 10 et 5000 caractères (elle en compte 9).' },
    ]);
    expect(fieldsOf(await change(need.reference, { status: 'UNDER_STUDY', answer: 'é'.repeat(5001) }, tokens.agentA)).fields).toEqual([
      { field: 'answer', message: 'La réponse officielle doit compter entre 10 et 5000 caractères (elle en compte 5001).' },
    ]);
    expect(await written(need.id)).toEqual({ status: 'transmitted', history: 1, audit: 0, jobs: 0 });
  });

  it('refuses an illegal transition on the field status, naming both statuses, and writes nothing', async () => {
    const need = await routedNeed();
    const result = await change(need.reference, { status: 'DONE', answer: 'C’est fait depuis longtemps.' }, tokens.agentA);
    expect(fieldsOf(result)).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'status', message: 'Un besoin « transmis » ne peut pas passer à « réalisé ».' }] });
    expect(await written(need.id)).toEqual({ status: 'transmitted', history: 1, audit: 0, jobs: 0 });
    // Staff never move a need back to transmis, nor out of masqué.
    expect(fieldsOf(await change(need.reference, { status: 'TRANSMITTED' }, tokens.admin)).fields).toEqual([
      { field: 'status', message: 'Un besoin « transmis » ne peut pas passer à « transmis ».' },
    ]);
  });

  it('leaves moderation (masqué, reason public) to moderators and admins', async () => {
    const need = await routedNeed();
    expect(fieldsOf(await change(need.reference, { status: 'HIDDEN', reason: 'Propos injurieux envers un voisin.' }, tokens.agentA)).code).toBe('FORBIDDEN');
    expect(fieldsOf(await change(need.reference, { status: 'HIDDEN' }, tokens.moderator)).fields).toEqual([
      { field: 'reason', message: 'Indiquez le motif : il sera affiché publiquement.' },
    ]);
    const hidden = await change(need.reference, { status: 'HIDDEN', reason: 'Propos injurieux envers un voisin.' }, tokens.moderator);
    expect(hidden.data!.changeNeedStatus.history.at(-1)).toEqual({ status: 'HIDDEN', note: 'Masqué par la modération : Propos injurieux envers un voisin.' });
    expect(fieldsOf(await change(need.reference, { status: 'UNDER_STUDY' }, tokens.admin)).fields).toEqual([
      { field: 'status', message: 'Un besoin « masqué » ne peut pas passer à « en étude ».' },
    ]);
    // A moderator does not triage.
    const other = await routedNeed();
    expect(fieldsOf(await change(other.reference, { status: 'UNDER_STUDY' }, tokens.moderator)).code).toBe('FORBIDDEN');
  });

  it('denies an agent of another authority, a resident, the author and anonymous visitors; nothing is written', async () => {
    const need = await routedNeed();
    expect(fieldsOf(await change(need.reference, { status: 'UNDER_STUDY' }, tokens.agentT)).code).toBe('FORBIDDEN');
    expect(fieldsOf(await change(need.reference, { status: 'UNDER_STUDY' }, tokens.resident)).code).toBe('FORBIDDEN');
    expect(fieldsOf(await change(need.reference, { status: 'UNDER_STUDY' }, tokens.author)).code).toBe('FORBIDDEN');
    expect(fieldsOf(await change(need.reference, { status: 'UNDER_STUDY' }, null)).code).toBe('UNAUTHENTICATED');
    expect(fieldsOf(await change('B-ZZZZZZ', { status: 'UNDER_STUDY' }, tokens.agentA)).code).toBe('FORBIDDEN');
    expect(await written(need.id)).toEqual({ status: 'transmitted', history: 1, audit: 0, jobs: 0 });
    // Once transferred to Tiercé, the need is Tiercé's agents' to triage.
    await dataSource.query(`UPDATE need SET authority_id = $2 WHERE id = $1`, [need.id, tierceId]);
    expect(fieldsOf(await change(need.reference, { status: 'UNDER_STUDY' }, tokens.agentA)).code).toBe('FORBIDDEN');
    expect((await change(need.reference, { status: 'UNDER_STUDY' }, tokens.agentT)).data!.changeNeedStatus.status).toBe('UNDER_STUDY');
  });

  it('writes the audit entry in the transaction of the change: when the audit fails, the status change rolls back', async () => {
    const need = await routedNeed();
    await dataSource.query(`
      CREATE FUNCTION audit_refuses_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit refused for the test'; END $$`);
    await dataSource.query(
      `CREATE TRIGGER audit_refuses BEFORE INSERT ON audit_entry FOR EACH ROW WHEN (NEW.subject_id = '${need.id}'::uuid) EXECUTE FUNCTION audit_refuses_for_test()`,
    );
    try {
      const result = await change(need.reference, { status: 'UNDER_STUDY', answer: 'Nos services étudient votre demande.' }, tokens.agentA);
      expect(fieldsOf(result).code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await dataSource.query(`DROP TRIGGER audit_refuses ON audit_entry`);
      await dataSource.query(`DROP FUNCTION audit_refuses_for_test()`);
    }
    expect(await written(need.id)).toEqual({ status: 'transmitted', history: 1, audit: 0, jobs: 0 });
  });

  it('refuses to record an audit entry outside a transaction', async () => {
    await expect(
      api.get(AuditService).record(dataSource.manager, { actorId: null, action: 'test', subjectType: 'need', subjectId: avrilleId, before: null, after: null }),
    ).rejects.toThrow('AuditService.record must run inside the transaction of the change it records');
  });

  it('audits setParticipationSettings with its before and after', async () => {
    const set = (threshold: number) =>
      graphql(
        api,
        `mutation($a: ID!, $t: Int!) { setParticipationSettings(authorityId: $a, input: { supportThreshold: $t, answerDelayDays: 45 }) { supportThreshold } }`,
        { a: tierceId, t: threshold },
        { token: tokens.agentT },
      );
    expect((await set(80)).errors).toBeUndefined();
    expect((await set(120)).errors).toBeUndefined();
    // Only this agent's entries: other files of the run may change Tiercé's settings too.
    const rows = await dataSource.query(
      `SELECT action, subject_type, before, after FROM audit_entry WHERE subject_id = $1 AND actor_id = $2 ORDER BY created_at`,
      [tierceId, ids.agentT],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ action: 'authority.settings', subject_type: 'authority', after: { supportThreshold: 80, answerDelayDays: 45 } });
    expect(Object.keys(rows[0].before).sort()).toEqual(['answerDelayDays', 'firstAnswerDays', 'supportThreshold']);
    // The first-answer target, omitted from the input, stays (default 30).
    expect(rows[1]).toEqual({
      action: 'authority.settings',
      subject_type: 'authority',
      before: { supportThreshold: 80, answerDelayDays: 45, firstAnswerDays: 30 },
      after: { supportThreshold: 120, answerDelayDays: 45, firstAnswerDays: 30 },
    });
  });
});

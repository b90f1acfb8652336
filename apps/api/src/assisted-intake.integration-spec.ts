import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AssistedIntakeService } from '@pit/needs';
import { RouteNeedJob, MediationStatusNewsJob, SweepMandatesJob } from '@pit/needs/jobs';
import { accountsWithRoles, DESCRIPTION, graphql, signUpResident, startApi, startWorker, type RolePlan } from '../../../tools/test/harness.js';

// Issue 6 items 1, 2, 3 and 5 through the API with the worker's jobs: a mediator of Avrillé records
// a need for a resident with a phone only (dépôt accompagné), anyone follows it by its code, an agent's
// answer becomes a to-do for the mediator's place, the resident claims the need into a new account;
// revocation and retention erase the contact; denials; every job run twice acts once.

const SUBMIT = /* GraphQL */ `
  mutation($i: SubmitAssistedNeedInput!) {
    submitAssistedNeed(input: $i) {
      need { id reference status authorPseudonym }
      mandate { id reference pseudonym residentLabel contactKind contactValue placePhone duration publicationConsent active channel placeName events { kind } }
    }
  }`;
const TRACK = /* GraphQL */ `
  query($c: String!) { trackNeed(code: $c) { reference title status communeName authorityName lastAnswer { note } placeName placePhone } }`;
const TODOS = /* GraphQL */ `
  query($a: ID!, $d: Boolean) { mediationTodos(authorityId: $a, done: $d) { id reference kind status note residentLabel contactValue pseudonym doneNote } }`;
const MANDATE = /* GraphQL */ `
  query($r: String!) { needMandate(reference: $r) { reference residentLabel contactKind contactValue active endReason events { kind } } }`;
const CLAIM = /* GraphQL */ `mutation($r: String!, $p: String!) { claimNeed(reference: $r, phone: $p) { reference authorPseudonym } }`;
const REVOKE = /* GraphQL */ `mutation($r: String!) { revokeMandate(reference: $r) { active endReason residentLabel contactValue } }`;
const ANSWER = /* GraphQL */ `
  mutation($r: String!, $a: String!) { changeNeedStatus(reference: $r, input: { status: UNDER_STUDY, answer: $a }) { status } }`;
const STATS = /* GraphQL */ `{ channelStatistics { communeCode communeName total assisted assistedShare byChannel { channel count } } }`;

type Who = 'mediator' | 'mediatorT' | 'agentA' | 'resident' | 'admin';
type Errors = Array<{ extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }>;
const codeOf = (result: { errors?: Errors }) => result.errors?.[0]?.extensions?.code;
const fieldsOf = (result: { errors?: Errors }) => result.errors?.[0]?.extensions?.fields?.map((field) => field.field);

interface Submitted {
  need: { id: string; reference: string; status: string; authorPseudonym: string };
  mandate: Record<string, unknown> & { id: string; reference: string; pseudonym: string; events: Array<{ kind: string }> };
}

describe('assisted intake: dépôt accompagné, tracking code, to-dos for the place, claim', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let avrilleId: string;
  let tierceId: string;
  let ids = {} as Record<Who, string>;
  let tokens = {} as Record<Who, string>;

  const call = <T>(query: string, variables: Record<string, unknown>, who: Who | null | string) =>
    graphql<T>(api, query, variables, { token: who === null ? null : who in tokens ? tokens[who as Who] : who });
  const mandate = (contact: Record<string, unknown> = {}) => ({
    residentLabel: 'M. D.',
    contactKind: 'PHONE',
    contactValue: '06 12 34 56 78',
    duration: 'SIX_MONTHS',
    publicationConsent: true,
    placePhone: '02 41 00 00 00',
    ...contact,
  });
  const submit = async (title: string, options: { channel?: string; mandate?: Record<string, unknown>; who?: Who } = {}) => {
    const result = await call<{ submitAssistedNeed: Submitted }>(
      SUBMIT,
      { i: { title, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015', channel: options.channel ?? 'FRANCE_SERVICES', mandate: mandate(options.mandate) } },
      options.who ?? 'mediator',
    );
    expect(result.errors).toBeUndefined();
    const submitted = result.data!.submitAssistedNeed;
    await worker.get(RouteNeedJob).handle({ needId: submitted.need.id }, { jobId: `assisted-${submitted.need.id}`, attempt: 1 });
    return submitted;
  };
  /** Answers as agentA, then runs the status-news job enqueued in the same transaction (twice). */
  const answer = async (reference: string, text: string) => {
    const result = await call(ANSWER, { r: reference, a: text }, 'agentA');
    expect(result.errors).toBeUndefined();
    const jobs: Array<{ payload: { needId: string; statusChangeId: string } }> = await dataSource.query(
      `SELECT o.payload FROM outbox_message o JOIN need n ON n.id = (o.payload->>'needId')::uuid WHERE o.name = 'mediation-status-news' AND n.reference = $1 ORDER BY o.id`,
      [reference],
    );
    for (const job of jobs) {
      await worker.get(MediationStatusNewsJob).handle(job.payload, { jobId: `news-${job.payload.statusChangeId}`, attempt: 1 });
      await worker.get(MediationStatusNewsJob).handle(job.payload, { jobId: `news-${job.payload.statusChangeId}`, attempt: 2 });
    }
    return jobs.length;
  };
  const todosOf = async (reference: string, who: Who = 'mediator', done = false) => {
    const result = await call<{ mediationTodos: Array<Record<string, unknown> & { id: string; reference: string }> }>(TODOS, { a: avrilleId, d: done }, who);
    expect(result.errors).toBeUndefined();
    return result.data!.mediationTodos.filter((todo) => todo.reference === reference);
  };

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker({ consume: false, relay: false });
    dataSource = api.get(DataSource);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    [{ id: tierceId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49347'`);
    ({ ids, tokens } = await accountsWithRoles(api, 'Accompagné', {
      mediator: { role: 'mediator', authorityId: avrilleId } as unknown as RolePlan,
      mediatorT: { role: 'mediator', authorityId: tierceId } as unknown as RolePlan,
      agentA: { role: 'agent', authorityId: avrilleId },
      resident: null,
      admin: { role: 'admin' },
    }));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('publishes a need recorded by a mediator for a phone-only resident at once, under a pseudonym, with its channel and mandate, routed as usual', async () => {
    const { need, mandate: recorded } = await submit('Rampe d’accès à l’école Jean-Moulin');
    expect(need.status).toBe('RECEIVED');
    expect(need.authorPseudonym).toMatch(/^Personne accompagnée [A-Z2-9]{4}$/);
    expect(recorded).toMatchObject({
      reference: need.reference,
      pseudonym: need.authorPseudonym,
      residentLabel: 'M. D.',
      contactKind: 'PHONE',
      contactValue: '0612345678',
      placePhone: '0241000000',
      duration: 'SIX_MONTHS',
      publicationConsent: true,
      active: true,
      channel: 'FRANCE_SERVICES',
      placeName: 'Avrillé',
    });
    const [row] = await dataSource.query(
      `SELECT n.author_id AS "authorId", n.author_email AS "authorEmail", n.channel, n.status,
              (SELECT count(*)::int FROM email_token t WHERE t.subject_id = n.id) AS tokens,
              m.expires_at = m.created_at + interval '6 months' AS "sixMonths"
         FROM need n JOIN need_mandate m ON m.need_id = n.id WHERE n.id = $1`,
      [need.id],
    );
    expect(row).toEqual({ authorId: null, authorEmail: null, channel: 'france_services', status: 'transmitted', tokens: 0, sixMonths: true });
    const audit = await dataSource.query(`SELECT actor_id AS "actorId", after->>'channel' AS channel FROM audit_entry WHERE subject_id = $1 AND action = 'need.assisted_submit'`, [need.id]);
    expect(audit).toEqual([{ actorId: ids.mediator, channel: 'france_services' }]);
    // The public page shows the pseudonym, never the resident's label or phone.
    const page = await call<{ need: { authorPseudonym: string; status: string } }>(`query($r: String!) { need(reference: $r) { authorPseudonym status } }`, { r: need.reference }, null);
    expect(page.data!.need).toEqual({ authorPseudonym: need.authorPseudonym, status: 'TRANSMITTED' });
  });

  it('refuses a mandate without consent, a bad phone or the web channel, naming each field', async () => {
    const result = await call(
      SUBMIT,
      { i: { title: 'Banc cassé devant la mairie', description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015', channel: 'WEB', mandate: mandate({ contactValue: '12 34', publicationConsent: false, residentLabel: ' ' }) } },
      'mediator',
    );
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(result)).toEqual(['channel', 'residentLabel', 'contactValue', 'publicationConsent']);
    const postal = await call(SUBMIT, { i: { title: 'Banc cassé devant la mairie', description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015', channel: 'COURRIER', mandate: mandate({ contactKind: 'POSTAL', contactValue: 'ici' }) } }, 'mediator');
    expect(fieldsOf(postal)).toEqual(['contactValue']);
  });

  it('lets anyone follow the need by its code on /suivi: status, last public answer, the place and its phone, no personal data', async () => {
    const { need } = await submit('Passage piéton devant la crèche');
    const typed = `${need.reference.slice(2, 5).toLowerCase()} ${need.reference.slice(5)}`;
    const tracked = await call<{ trackNeed: Record<string, unknown> }>(TRACK, { c: typed }, null);
    expect(tracked.data!.trackNeed).toEqual({
      reference: need.reference,
      title: 'Passage piéton devant la crèche',
      status: 'TRANSMITTED',
      communeName: 'Avrillé',
      authorityName: 'Avrillé',
      lastAnswer: null,
      placeName: 'Avrillé',
      placePhone: '0241000000',
    });
    expect((await call<{ trackNeed: null }>(TRACK, { c: 'B-ZZZZZZ' }, null)).data!.trackNeed).toBeNull();
    expect((await call<{ trackNeed: null }>(TRACK, { c: 'pas un code' }, null)).data!.trackNeed).toBeNull();
  });

  it("turns an agent's answer into one to-do for the mediator's place (jobs run twice), shown on /suivi; the place marks it done", async () => {
    const { need } = await submit('Éclairage du parvis de l’école');
    expect(await answer(need.reference, 'Nos services étudient l’éclairage du parvis ce mois-ci.')).toBe(1);
    const open = await todosOf(need.reference);
    expect(open.map(({ id: _id, ...todo }) => todo)).toEqual([
      {
        reference: need.reference,
        kind: 'PHONE',
        status: 'UNDER_STUDY',
        note: 'Nos services étudient l’éclairage du parvis ce mois-ci.',
        residentLabel: 'M. D.',
        contactValue: '0612345678',
        pseudonym: need.authorPseudonym,
        doneNote: null,
      },
    ]);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM mediation_todo t JOIN need_mandate m ON m.id = t.mandate_id WHERE m.need_id = $1`, [need.id]))[0].n).toBe(1);
    const tracked = await call<{ trackNeed: { status: string; lastAnswer: { note: string } } }>(TRACK, { c: need.reference }, null);
    expect(tracked.data!.trackNeed).toMatchObject({ status: 'UNDER_STUDY', lastAnswer: { note: 'Nos services étudient l’éclairage du parvis ce mois-ci.' } });

    const done = await call<{ completeMediationTodo: { doneNote: string } }>(`mutation($id: ID!) { completeMediationTodo(id: $id, note: "Rappelée le 26/11.") { doneNote } }`, { id: open[0]!.id }, 'mediator');
    expect(done.data!.completeMediationTodo.doneNote).toBe('Rappelée le 26/11.');
    const again = await call(`mutation($id: ID!) { completeMediationTodo(id: $id) { id } }`, { id: open[0]!.id }, 'mediator');
    expect(fieldsOf(again)).toEqual(['id']);
    expect(await todosOf(need.reference)).toEqual([]);
    expect((await todosOf(need.reference, 'mediator', true)).map((todo) => todo.doneNote)).toEqual(['Rappelée le 26/11.']);
    const journal = await call<{ needMandate: { events: Array<{ kind: string }> } }>(MANDATE, { r: need.reference }, 'mediator');
    expect(journal.data!.needMandate.events.map((event) => event.kind)).toEqual(['created', 'status_news', 'todo_done', 'viewed']);
  });

  it('lets the resident claim the need into a new account with the code and the phone: wrong phone refused, then the right one; the mandate ends and its contact is erased', async () => {
    const { need } = await submit('Toilettes de la cour à réparer');
    const claimer = await signUpResident(api, 'Réclamante');
    const wrong = await call(CLAIM, { r: need.reference, p: '06 00 00 00 00' }, claimer.token);
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(wrong)).toEqual(['phone']);
    const right = await call<{ claimNeed: { reference: string; authorPseudonym: string } }>(CLAIM, { r: need.reference, p: '+33 6 12 34 56 78' }, claimer.token);
    expect(right.errors).toBeUndefined();
    expect(right.data!.claimNeed).toEqual({ reference: need.reference, authorPseudonym: claimer.pseudonym });
    const [row] = await dataSource.query(
      `SELECT p.email, m.resident_label AS label, m.contact_value AS contact, m.end_reason AS reason FROM need n JOIN person p ON p.id = n.author_id JOIN need_mandate m ON m.need_id = n.id WHERE n.id = $1`,
      [need.id],
    );
    expect(row).toEqual({ email: claimer.email, label: null, contact: null, reason: 'claimed' });
    expect(codeOf(await call(CLAIM, { r: need.reference, p: '06 12 34 56 78' }, 'resident'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(CLAIM, { r: need.reference, p: '06 12 34 56 78' }, null))).toBe('UNAUTHENTICATED');
  });

  it('locks the claim after 5 wrong tries, even with the right phone', async () => {
    const { need } = await submit('Grille de l’école qui grince');
    const guesser = await signUpResident(api, 'Devineur');
    for (let i = 0; i < 5; i++) expect(codeOf(await call(CLAIM, { r: need.reference, p: `06 00 00 00 0${i}` }, guesser.token))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(CLAIM, { r: need.reference, p: '06 12 34 56 78' }, guesser.token))).toBe('TOO_MANY_REQUESTS');
    const [row] = await dataSource.query(`SELECT author_id AS "authorId" FROM need WHERE id = $1`, [need.id]);
    expect(row.authorId).toBeNull();
  });

  it("revokes a mandate (the place's mediator, or an admin): contact data gone at once, no more to-dos, audited", async () => {
    const { need } = await submit('Jeux de la cour abîmés', { channel: 'COURRIER', mandate: { contactKind: 'POSTAL', contactValue: '3 rue des Lilas, 49240 Avrillé', duration: 'ONE_YEAR' } });
    expect(codeOf(await call(REVOKE, { r: need.reference }, 'agentA'))).toBe('FORBIDDEN');
    expect(codeOf(await call(REVOKE, { r: need.reference }, 'mediatorT'))).toBe('FORBIDDEN');
    const revoked = await call<{ revokeMandate: Record<string, unknown> }>(REVOKE, { r: need.reference }, 'mediator');
    expect(revoked.data!.revokeMandate).toEqual({ active: false, endReason: 'revoked', residentLabel: null, contactValue: null });
    const [row] = await dataSource.query(`SELECT resident_label AS label, contact_value AS contact, contact_erased_at IS NOT NULL AS erased FROM need_mandate WHERE need_id = $1`, [need.id]);
    expect(row).toEqual({ label: null, contact: null, erased: true });
    expect(fieldsOf(await call(REVOKE, { r: need.reference }, 'admin'))).toEqual(['reference']);
    expect(await answer(need.reference, 'Les jeux seront remplacés au printemps prochain.')).toBe(0);
    expect(await todosOf(need.reference)).toEqual([]);
    const audit = await dataSource.query(`SELECT actor_id AS "actorId" FROM audit_entry WHERE subject_id = $1 AND action = 'mandate.revoke'`, [need.id]);
    expect(audit).toEqual([{ actorId: ids.mediator }]);

    const other = await submit('Préau à agrandir', { mandate: { contactKind: 'COUNTER', contactValue: null } });
    expect((await call<{ revokeMandate: { active: boolean } }>(REVOKE, { r: other.need.reference }, 'admin')).data!.revokeMandate.active).toBe(false);
  });

  it('erases the contact of expired mandates (retention job, run twice: once)', async () => {
    const { need } = await submit('Cantine trop bruyante', { mandate: { duration: 'ONE_DAY' } });
    await dataSource.query(`UPDATE need_mandate SET expires_at = now() - interval '1 minute', created_at = now() - interval '1 day 1 minute' WHERE need_id = $1`, [need.id]);
    await worker.get(SweepMandatesJob).handle({}, { jobId: 'sweep-1', attempt: 1 });
    await worker.get(SweepMandatesJob).handle({}, { jobId: 'sweep-2', attempt: 1 });
    expect(await api.get(AssistedIntakeService).sweep()).toBe(0);
    const [row] = await dataSource.query(`SELECT resident_label AS label, contact_value AS contact, end_reason AS reason FROM need_mandate WHERE need_id = $1`, [need.id]);
    expect(row).toEqual({ label: null, contact: null, reason: 'expired' });
    const journal = await call<{ needMandate: { active: boolean; events: Array<{ kind: string }> } }>(MANDATE, { r: need.reference }, 'admin');
    expect(journal.data!.needMandate.active).toBe(false);
    expect(journal.data!.needMandate.events.map((event) => event.kind)).toEqual(['created', 'contact_erased', 'viewed']);
  });

  it('lets agents transcribe a phone call through the same flow; admins see needs per channel and commune with the share of assisted ones', async () => {
    const statsOf = async () => {
      const result = await call<{ channelStatistics: Array<{ communeCode: string; total: number; assisted: number; byChannel: Array<{ channel: string; count: number }> }> }>(STATS, {}, 'admin');
      expect(result.errors).toBeUndefined();
      const avrille = result.data!.channelStatistics.find((row) => row.communeCode === '49015')!;
      return { total: avrille.total, assisted: avrille.assisted, ...Object.fromEntries(avrille.byChannel.map((entry) => [entry.channel, entry.count])) } as Record<string, number>;
    };
    const before = await statsOf();
    const transcribed = await submit('Horaires de la garderie à élargir', { who: 'agentA', channel: 'TELEPHONE', mandate: { contactKind: 'COUNTER', contactValue: null } });
    const online = await call(`mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id } }`, { i: { title: 'Garderie en ligne', description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' } }, 'resident');
    expect(online.errors).toBeUndefined();
    const after = await statsOf();
    const delta = Object.fromEntries(Object.keys(after).map((key) => [key, after[key]! - (before[key] ?? 0)]));
    expect(delta).toEqual({ total: 2, assisted: 1, WEB: 1, GUICHET: 0, FRANCE_SERVICES: 0, TELEPHONE: 1, COURRIER: 0, EMAIL: 0 });
    // The agent who transcribed it sees its to-dos; another agent of the place would not see the contact.
    expect(await answer(transcribed.need.reference, 'La garderie ouvrira à 7 h 30 dès janvier.')).toBe(1);
    expect((await todosOf(transcribed.need.reference, 'agentA')).map((todo) => todo.kind)).toEqual(['COUNTER']);
    expect((await todosOf(transcribed.need.reference, 'mediator')).map((todo) => todo.kind)).toEqual(['COUNTER']);
  });

  it('denies the mandate, its to-dos and the statistics to everyone else', async () => {
    const { need } = await submit('Portail de l’école à réparer');
    const input = { title: 'Un besoin refusé', description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015', channel: 'GUICHET', mandate: mandate() };
    expect(codeOf(await call(SUBMIT, { i: input }, null))).toBe('UNAUTHENTICATED');
    expect(codeOf(await call(SUBMIT, { i: input }, 'resident'))).toBe('FORBIDDEN');
    expect(codeOf(await call(SUBMIT, { i: { ...input, placeAuthorityId: avrilleId } }, 'mediatorT'))).toBe('FORBIDDEN');
    for (const who of ['agentA', 'mediatorT', 'resident'] as const) expect(codeOf(await call(MANDATE, { r: need.reference }, who))).toBe('FORBIDDEN');
    expect(codeOf(await call(MANDATE, { r: need.reference }, null))).toBe('UNAUTHENTICATED');
    for (const who of ['mediatorT', 'resident'] as const) expect(codeOf(await call(TODOS, { a: avrilleId }, who))).toBe('FORBIDDEN');
    for (const who of ['mediator', 'agentA', 'resident'] as const) expect(codeOf(await call(STATS, {}, who))).toBe('FORBIDDEN');
    // An agent of the place lists only the to-dos of the mandates they recorded: none of the mediator's.
    expect(await todosOf(need.reference, 'agentA')).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { NeedsRepository } from '@pit/needs';
import { RouteNeedJob } from '@pit/needs/jobs';
import { TerritoryService } from '@pit/territory';
import { AccountabilityService, isoWeek } from '@pit/participation';
import { QueueBackend } from '@pit/core';
import {
  AccountabilityScheduler,
  AskServiceFeedbackJob,
  RemindOverdueNeedsJob,
  SendOverdueReminderJob,
  SendWeeklyAuthorityDigestJob,
} from '@pit/participation/jobs';
import { accountsWithRoles, DESCRIPTION, graphql, startApi, startWorker } from '../../../tools/test/harness.js';
import { SmtpSink } from '../../../tools/test/smtp-sink.js';

// Issue 5 item 6: the accountability clock (due dates, first answer, overdue reminders, the weekly
// digest), the public figures per authority and the "useful, usable, used" survey, through the real
// api, worker, PostgreSQL and an SMTP sink.

type Result<T> = { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }> };
const DAY = 86_400_000;
const FIGURES = /* GraphQL */ `
  query($a: ID!) { authorityFigures(authorityId: $a) {
    name firstAnswerDays publicNeedCount answeredCount medianDaysToFirstAnswer overdueCount
    byStatus { status count } serviceFeedback { yes partly no total mostlyNo } } }`;
const ANSWER = /* GraphQL */ `
  mutation($i: ServiceFeedbackInput!) { answerServiceFeedback(input: $i) { eligible open answer comment } }`;
const NEED_FEEDBACK = /* GraphQL */ `
  query($r: String!) { need(reference: $r) { serviceFeedback { yes partly no total mostlyNo } viewerServiceFeedback { eligible open answer comment } } }`;

describe('accountability: clock, reminders, weekly digest, public figures, service survey', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  const mail = new SmtpSink();
  let ecouflantId: string;
  let feneuId: string;
  let tokens = {} as Record<'author' | 'supporter' | 'stranger' | 'agent' | 'agent2' | 'feneuAgent' | 'admin', string>;
  let ids = {} as Record<keyof typeof tokens, string>;
  let emails = {} as Record<keyof typeof tokens, string>;
  let counter = 0;

  /** A need about Écouflant's schools (routed by the rules to the commune), routed by the route-need job. */
  const schoolNeed = async (title: string) => {
    const result = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49129' } },
      { token: tokens.author },
    );
    const need = result.data!.submitNeed;
    const job = new RouteNeedJob(dataSource, api.get(NeedsRepository), api.get(TerritoryService));
    await job.handle({ needId: need.id }, { jobId: `test-${need.id}`, attempt: 1 });
    return need;
  };
  /** Days between the need's latest routing and its answer_due_at, rounded. */
  const dueDays = async (needId: string) => {
    const [row] = await dataSource.query(
      `SELECT round(extract(epoch FROM n.answer_due_at - r.created_at) / 86400)::int AS days, n.first_answer_at AS "firstAnswerAt"
         FROM need n JOIN need_routing r ON r.id = n.current_routing_id WHERE n.id = $1`,
      [needId],
    );
    return row as { days: number | null; firstAnswerAt: Date | null };
  };
  const remindJobs = async (needId: string) =>
    (await dataSource.query(`SELECT payload FROM outbox_message WHERE name = 'send-overdue-reminder' AND payload->>'needId' = $1 ORDER BY id`, [needId])).map(
      (row: { payload: { personId: string } }) => row.payload.personId,
    );
  const fieldsOf = (result: Result<unknown>) => ({ code: result.errors?.[0]?.extensions?.code, fields: result.errors?.[0]?.extensions?.fields });

  beforeAll(async () => {
    await mail.start();
    process.env.SMTP_URL = mail.url;
    process.env.DIGEST_SCHEDULE = 'off';
    process.env.ACCOUNTABILITY_SCHEDULE = 'off';
    process.env.SERVICE_FEEDBACK_DELAY_WEEKS = '6';
    api = await startApi();
    worker = await startWorker({ consume: false, relay: false });
    dataSource = api.get(DataSource);
    [{ id: ecouflantId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49129'`);
    [{ id: feneuId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49135'`);
    // Écouflant and Feneu are this file's own: what an earlier run on the same database left is removed.
    await dataSource.query(`DELETE FROM need WHERE commune_code = '49129' OR authority_id = ANY($1::uuid[])`, [[ecouflantId, feneuId]]);
    await dataSource.query(`DELETE FROM role_assignment WHERE authority_id = ANY($1::uuid[])`, [[ecouflantId, feneuId]]);
    ({ ids, tokens } = await accountsWithRoles(api, 'Horloge', {
      author: null,
      supporter: null,
      stranger: null,
      agent: { role: 'agent', authorityId: ecouflantId },
      agent2: { role: 'agent', authorityId: ecouflantId },
      feneuAgent: { role: 'agent', authorityId: feneuId },
      admin: { role: 'admin' },
    }));
    // Verified addresses: reminders, digests and surveys go to verified addresses only.
    for (const [who, id] of Object.entries(ids)) {
      await dataSource.query(`UPDATE person SET email_verified_at = now() WHERE id = $1`, [id]);
      const [row] = await dataSource.query(`SELECT email FROM person WHERE id = $1`, [id]);
      emails[who as keyof typeof ids] = row.email;
    }
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await mail.stop();
    delete process.env.ACCOUNTABILITY_SCHEDULE;
    delete process.env.DIGEST_SCHEDULE;
  });

  it('sets the first-answer target through the participation settings, audited, 1-365 days', async () => {
    const set = (days: number | null, token: string) =>
      graphql<{ setParticipationSettings: { firstAnswerDays: number } }>(
        api,
        `mutation($a: ID!, $d: Int) { setParticipationSettings(authorityId: $a, input: { supportThreshold: 50, answerDelayDays: 60, firstAnswerDays: $d }) { firstAnswerDays } }`,
        { a: ecouflantId, d: days },
        { token },
      ) as Promise<Result<{ setParticipationSettings: { firstAnswerDays: number } }>>;
    expect(fieldsOf(await set(0, tokens.agent))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'firstAnswerDays', message: 'Le délai de première réponse est un nombre de jours entre 1 et 365.' }],
    });
    expect((await set(12, tokens.agent)).data).toEqual({ setParticipationSettings: { firstAnswerDays: 12 } });
    // Omitted: unchanged.
    expect((await set(null, tokens.agent)).data).toEqual({ setParticipationSettings: { firstAnswerDays: 12 } });
    expect(fieldsOf(await set(20, tokens.feneuAgent)).code).toBe('FORBIDDEN');
    const read = await graphql(api, `query($a: ID!) { participationSettings(authorityId: $a) { firstAnswerDays } }`, { a: feneuId }, { token: tokens.feneuAgent });
    expect(read.data).toEqual({ participationSettings: { firstAnswerDays: 30 } });
    const [audit] = await dataSource.query(
      `SELECT after FROM audit_entry WHERE action = 'authority.settings' AND subject_id = $1 AND actor_id = $2 ORDER BY created_at DESC LIMIT 1`,
      [ecouflantId, ids.agent],
    );
    expect(audit.after).toEqual({ supportThreshold: 50, answerDelayDays: 60, firstAnswerDays: 12 });
  });

  it('dates the first answer when the need is routed (the authority’s target), again on a transfer elsewhere, and records the first answer once', async () => {
    const need = await schoolNeed('La cour de l’école manque d’ombre');
    expect(await dueDays(need.id)).toEqual({ days: 12, firstAnswerAt: null });

    // A transfer to Feneu (default target, 30 days) restarts the clock there.
    const transfer = await graphql(
      api,
      `mutation($r: String!, $a: ID!) { transferNeed(reference: $r, input: { authorityId: $a, reason: "La cour relève de l’école de Feneu." }) { reference } }`,
      { r: need.reference, a: feneuId },
      { token: tokens.agent },
    );
    expect(transfer.errors).toBeUndefined();
    expect(await dueDays(need.id)).toEqual({ days: 30, firstAnswerAt: null });

    // The first staff status change is the first answer; later ones keep it.
    const change = (status: string, token: string) =>
      graphql(api, `mutation($r: String!, $s: NeedStatus!) { changeNeedStatus(reference: $r, input: { status: $s }) { status } }`, { r: need.reference, s: status }, { token });
    expect((await change('UNDER_STUDY', tokens.feneuAgent)).errors).toBeUndefined();
    const [first] = await dataSource.query(`SELECT first_answer_at AS at FROM need WHERE id = $1`, [need.id]);
    expect(first.at).toBeInstanceOf(Date);
    expect((await change('ACCEPTED', tokens.feneuAgent)).errors).toBeUndefined();
    const [again] = await dataSource.query(`SELECT first_answer_at AS at, answer_due_at AS due FROM need WHERE id = $1`, [need.id]);
    expect(again.at.toISOString()).toBe(first.at.toISOString());

    // Answered: a transfer back no longer moves the due date.
    await graphql(
      api,
      `mutation($r: String!, $a: ID!) { transferNeed(reference: $r, input: { authorityId: $a, reason: "Finalement l’école d’Écouflant." }) { reference } }`,
      { r: need.reference, a: ecouflantId },
      { token: tokens.feneuAgent },
    );
    const [after] = await dataSource.query(`SELECT answer_due_at AS due FROM need WHERE id = $1`, [need.id]);
    expect(after.due.toISOString()).toBe(again.due.toISOString());
  });

  it('raises exactly one reminder per recipient for an overdue need, even when the scan runs twice at once, and emails it once', async () => {
    const assigned = await schoolNeed('Le portail de l’école ferme mal');
    const unassigned = await schoolNeed('Pas de garage à vélos à l’école');
    const answered = await schoolNeed('La cantine est trop bruyante');
    await dataSource.query(`UPDATE need SET answer_due_at = now() - interval '1 day' WHERE id = ANY($1::uuid[])`, [[assigned.id, unassigned.id, answered.id]]);
    await dataSource.query(`UPDATE need SET assignee_id = $2 WHERE id = $1`, [assigned.id, ids.agent2]);
    await dataSource.query(`UPDATE need SET first_answer_at = now() WHERE id = $1`, [answered.id]);

    const scan = worker.get(RemindOverdueNeedsJob);
    await Promise.all([scan.handle(), scan.handle()]);
    await scan.handle();
    expect(await remindJobs(assigned.id)).toEqual([ids.agent2]);
    expect((await remindJobs(unassigned.id)).sort()).toEqual([ids.agent, ids.agent2].sort());
    expect(await remindJobs(answered.id)).toEqual([]);

    const [job] = await dataSource.query(`SELECT payload FROM outbox_message WHERE name = 'send-overdue-reminder' AND payload->>'needId' = $1`, [assigned.id]);
    const send = worker.get(SendOverdueReminderJob);
    await Promise.all([send.handle(job.payload), send.handle(job.payload)]);
    const reminders = mail.to(emails.agent2).filter((message) => message.subject.includes(assigned.reference));
    expect(reminders.map((message) => message.subject)).toEqual([`Besoin ${assigned.reference} : réponse en retard`]);
    expect(reminders[0]!.text).toContain('Il vous est attribué.');
    expect(reminders[0]!.text).toContain(`/collectivite/besoins/${assigned.reference}`);

    // A new due date (e.g. after a transfer) raises a new reminder.
    const [before] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox_message WHERE name = 'send-overdue-reminder' AND payload->>'needId' = $1`, [assigned.id]);
    await dataSource.query(`UPDATE need SET answer_due_at = now() - interval '2 hours' WHERE id = $1`, [assigned.id]);
    await scan.handle();
    const [after] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox_message WHERE name = 'send-overdue-reminder' AND payload->>'needId' = $1`, [assigned.id]);
    expect(after.n - before.n).toBe(1);
  });

  it('sends each agent of an authority one weekly digest per ISO week, with new, overdue and threshold needs', async () => {
    const fresh = await schoolNeed('Un préau pour les jours de pluie');
    const threshold = await schoolNeed('Des toilettes neuves à l’école');
    await dataSource.query(`INSERT INTO need_engagement (need_id, threshold_reached_at, answer_due_at) VALUES ($1, now(), now() + interval '60 days')`, [threshold.id]);
    const job = worker.get(SendWeeklyAuthorityDigestJob);
    // A week of its own (mail_delivery outlives a run on a reused database).
    const week = `${2100 + Math.floor(Math.random() * 7000)}-W0${++counter}`;
    await Promise.all([job.handle({ week }), job.handle({ week })]);
    await job.handle({ week });
    const digests = (who: 'agent' | 'agent2') => mail.to(emails[who]).filter((message) => message.text.includes(`La semaine ${week} pour Écouflant`));
    expect(digests('agent')).toHaveLength(1);
    expect(digests('agent2')).toHaveLength(1);
    const text = digests('agent')[0]!.text;
    expect(text).toContain(`Un préau pour les jours de pluie (${fresh.reference})`);
    expect(text).toMatch(/Besoins en retard : [1-9]/);
    expect(text).toContain(`Besoins au seuil de soutiens en attente de réponse officielle : 1\n- Des toilettes neuves à l’école (${threshold.reference})`);
    const rows = await dataSource.query(`SELECT recipient FROM mail_delivery WHERE delivery_key LIKE $1 ORDER BY recipient`, [`weekly-digest:${ecouflantId}:%:${week}`]);
    expect(rows.map((row: { recipient: string }) => row.recipient)).toEqual([emails.agent, emails.agent2].sort());
    expect(isoWeek('2026-11-26')).toBe('2026-W48');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
  });

  it('publishes an authority’s figures: median days to first answer over answered needs, overdue count, needs by status', async () => {
    const unique = `${Date.now().toString(36)}${++counter}`;
    const [authority] = await dataSource.query(
      `INSERT INTO authority (kind, code, name, phrase_de) VALUES ('commune', $1, $2, 'de la commune témoin') RETURNING id`,
      [`T${unique}`, `Commune témoin ${unique}`],
    );
    const needs = [];
    for (const title of ['Témoin un', 'Témoin deux', 'Témoin trois', 'Témoin quatre', 'Témoin cinq']) needs.push(await schoolNeed(`Besoin ${title}`));
    // Arrived 40 days ago; first answers after 2, 5 and 10 days; one open and overdue, one open and not yet due.
    const literal: Array<[string, number | null, string]> = [
      ['under_study', 2, '30 days'],
      ['done', 5, '30 days'],
      ['refused', 10, '30 days'],
      ['transmitted', null, '-10 days'],
      ['transmitted', null, '+5 days'],
    ];
    for (const [i, [status, answeredAfter, due]] of literal.entries()) {
      const id = needs[i]!.id;
      await dataSource.query(`INSERT INTO need_routing (need_id, level, authority_id, reason, kind, created_at) VALUES ($1, 'C', $2, 'Témoin', 'transfer', now() - interval '40 days')`, [id, authority.id]);
      await dataSource.query(
        `UPDATE need SET authority_id = $2, status = $3, first_answer_at = CASE WHEN $4::int IS NULL THEN NULL ELSE now() - interval '40 days' + make_interval(days => $4::int) END,
                answer_due_at = now() + $5::interval WHERE id = $1`,
        [id, authority.id, status, answeredAfter, due],
      );
    }
    const figures = await graphql(api, FIGURES, { a: authority.id });
    expect(figures.data).toEqual({
      authorityFigures: {
        name: `Commune témoin ${unique}`,
        firstAnswerDays: 30,
        publicNeedCount: 5,
        answeredCount: 3,
        medianDaysToFirstAnswer: 5,
        overdueCount: 1,
        byStatus: [
          { status: 'DONE', count: 1 },
          { status: 'REFUSED', count: 1 },
          { status: 'TRANSMITTED', count: 2 },
          { status: 'UNDER_STUDY', count: 1 },
        ],
        serviceFeedback: { yes: 0, partly: 0, no: 0, total: 0, mostlyNo: false },
      },
    });
    // An even count: the mean of the two middle values (2, 5, 10, 13 → 7.5).
    await dataSource.query(`UPDATE need SET first_answer_at = now() - interval '27 days', status = 'planned' WHERE id = $1`, [needs[4]!.id]);
    expect(((await graphql<{ authorityFigures: { medianDaysToFirstAnswer: number } }>(api, FIGURES, { a: authority.id })).data!.authorityFigures.medianDaysToFirstAnswer)).toBe(7.5);
    // A need held by pre-moderation is not public: not counted (here the overdue one).
    await dataSource.query(`INSERT INTO need_moderation_hold (need_id, authority_id) VALUES ($1, $2)`, [needs[3]!.id, authority.id]);
    const held = await graphql<{ authorityFigures: { publicNeedCount: number; overdueCount: number } }>(api, FIGURES, { a: authority.id });
    expect(held.data!.authorityFigures).toMatchObject({ publicNeedCount: 4, overdueCount: 0 });
    expect((await graphql(api, FIGURES, { a: '00000000-0000-4000-8000-000000000000' })).data).toEqual({ authorityFigures: null });

    const page = await graphql<{ authoritiesFigures: { totalCount: number; items: Array<{ name: string; kind: string }> } }>(
      api,
      `{ authoritiesFigures(kind: EPCI, first: 2) { totalCount items { name kind } } }`,
    );
    expect(page.data!.authoritiesFigures).toEqual({
      totalCount: 3,
      items: [
        { name: 'Angers Loire Métropole', kind: 'EPCI' },
        { name: 'Communauté de communes Anjou Loir et Sarthe', kind: 'EPCI' },
      ],
    });
  });

  it('asks the author and supporters of a need réalisé 6 weeks ago, once each, and only them may answer', async () => {
    const need = await schoolNeed('Une piste cyclable jusqu’au collège');
    await dataSource.query(`INSERT INTO need_support (need_id, person_id) VALUES ($1, $2)`, [need.id, ids.supporter]);
    await dataSource.query(`UPDATE need SET status = 'done' WHERE id = $1`, [need.id]);
    const [change] = await dataSource.query(`INSERT INTO need_status_change (need_id, status, created_at) VALUES ($1, 'done', now() - interval '41 days') RETURNING id`, [need.id]);
    const job = worker.get(AskServiceFeedbackJob);
    const asked = () => dataSource.query(`SELECT person_id AS id FROM service_feedback_request WHERE need_id = $1 ORDER BY person_id`, [need.id]);

    // 41 days: not yet 6 weeks.
    await job.handle();
    expect(await asked()).toEqual([]);
    await dataSource.query(`UPDATE need_status_change SET created_at = now() - interval '43 days' WHERE id = $1`, [change.id]);
    await Promise.all([job.handle(), job.handle()]);
    await job.handle();
    expect((await asked()).map((row: { id: string }) => row.id)).toEqual([ids.author, ids.supporter].sort());
    for (const who of ['author', 'supporter'] as const) {
      const surveys = mail.to(emails[who]).filter((message) => message.subject === `Besoin ${need.reference} : le service vous est-il utile ?`);
      expect(surveys).toHaveLength(1);
      expect(surveys[0]!.text).toContain(`/besoins/${need.reference}/avis`);
    }
    expect(mail.to(emails.stranger)).toEqual([]);

    const answer = (who: keyof typeof tokens | null, input: Record<string, unknown>) =>
      graphql(api, ANSWER, { i: { reference: need.reference, ...input } }, { token: who ? tokens[who] : null }) as Promise<Result<{ answerServiceFeedback: unknown }>>;
    expect(fieldsOf(await answer(null, { answer: 'YES' })).code).toBe('UNAUTHENTICATED');
    expect(fieldsOf(await answer('stranger', { answer: 'YES' })).code).toBe('FORBIDDEN');
    expect(fieldsOf(await answer('agent', { answer: 'YES' })).code).toBe('FORBIDDEN');
    expect(fieldsOf(await answer('author', { answer: 'NO', comment: 'x'.repeat(1001) }))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'comment', message: 'Le commentaire compte au plus 1000 caractères (il en compte 1001).' }],
    });
    expect((await answer('author', { answer: 'NO', comment: 'Le bus ne passe toujours pas.' })).data).toEqual({
      answerServiceFeedback: { eligible: true, open: true, answer: 'NO', comment: 'Le bus ne passe toujours pas.' },
    });
    // Once each: a second answer replaces the first.
    expect((await answer('author', { answer: 'PARTLY' })).data).toEqual({ answerServiceFeedback: { eligible: true, open: true, answer: 'PARTLY', comment: null } });
    expect((await answer('supporter', { answer: 'YES' })).errors).toBeUndefined();
    expect(await dataSource.query(`SELECT answer FROM service_feedback WHERE need_id = $1 ORDER BY answer`, [need.id])).toEqual([{ answer: 'partly' }, { answer: 'yes' }]);

    const seen = await graphql(api, NEED_FEEDBACK, { r: need.reference }, { token: tokens.stranger });
    expect(seen.data).toEqual({
      need: { serviceFeedback: { yes: 1, partly: 1, no: 0, total: 2, mostlyNo: false }, viewerServiceFeedback: { eligible: false, open: true, answer: null, comment: null } },
    });
    expect((await graphql(api, NEED_FEEDBACK, { r: need.reference })).data).toEqual({
      need: { serviceFeedback: { yes: 1, partly: 1, no: 0, total: 2, mostlyNo: false }, viewerServiceFeedback: null },
    });

    // The answers sent nothing more: one survey email per person.
    const [late] = await dataSource.query(`SELECT count(*)::int AS n FROM mail_delivery WHERE delivery_key LIKE $1`, [`service-feedback:${need.id}:%`]);
    expect(late.n).toBe(2);
  });

  it('schedules the reminders and the survey daily and the digest on Monday morning, Paris time, unless ACCOUNTABILITY_SCHEDULE=off', async () => {
    const queue = worker.get(QueueBackend).jobsQueue();
    const names = ['remind-overdue-needs', 'send-weekly-authority-digest', 'ask-service-feedback'];
    const ours = async () =>
      (await queue.getJobSchedulers())
        .filter((candidate) => names.includes(candidate.key))
        .map(({ key, name, pattern, tz }) => ({ key, name, pattern, tz }))
        .sort((a, b) => a.key.localeCompare(b.key));
    // Other test files share this queue and may boot workers with schedules on: start from none.
    for (const name of names) await queue.removeJobScheduler(name);
    // Off (as at this worker's boot): booting schedules nothing.
    await worker.get(AccountabilityScheduler).onApplicationBootstrap();
    expect(await ours()).toEqual([]);
    delete process.env.ACCOUNTABILITY_SCHEDULE;
    try {
      await worker.get(AccountabilityScheduler).onApplicationBootstrap();
      await worker.get(AccountabilityScheduler).onApplicationBootstrap();
      expect(await ours()).toEqual([
        { key: 'ask-service-feedback', name: 'ask-service-feedback', pattern: '0 10 * * *', tz: 'Europe/Paris' },
        { key: 'remind-overdue-needs', name: 'remind-overdue-needs', pattern: '0 8 * * *', tz: 'Europe/Paris' },
        { key: 'send-weekly-authority-digest', name: 'send-weekly-authority-digest', pattern: '0 8 * * 1', tz: 'Europe/Paris' },
      ]);
    } finally {
      for (const name of names) await queue.removeJobScheduler(name);
      process.env.ACCOUNTABILITY_SCHEDULE = 'off';
    }
  });

  it('flags a réalisé need with a clear no majority; staff reopen it (réalisé → en étude) and answers close', async () => {
    const need = await schoolNeed('Un passage piéton devant l’école');
    const people = [];
    for (let i = 0; i < 3; i += 1) {
      const [person] = await dataSource.query(`INSERT INTO person (pseudonym, pseudonym_key) VALUES ($1, lower($1)) RETURNING id`, [`Avis ${Date.now().toString(36)}${i}${++counter}`]);
      people.push(person.id);
      await dataSource.query(`INSERT INTO need_support (need_id, person_id) VALUES ($1, $2)`, [need.id, person.id]);
    }
    await dataSource.query(`UPDATE need SET status = 'done' WHERE id = $1`, [need.id]);
    for (const [i, answer] of ['no', 'no', 'yes'].entries()) {
      await dataSource.query(`INSERT INTO service_feedback (need_id, person_id, answer) VALUES ($1, $2, $3)`, [need.id, people[i], answer]);
    }
    const summary = async () => (await graphql<{ need: { serviceFeedback: unknown } }>(api, NEED_FEEDBACK, { r: need.reference })).data!.need.serviceFeedback;
    expect(await summary()).toEqual({ yes: 1, partly: 0, no: 2, total: 3, mostlyNo: true });
    const digest = await api.get(AccountabilityService).sendWeeklyDigest(`${2100 + Math.floor(Math.random() * 7000)}-W1${++counter}`);
    expect(digest).toBeGreaterThan(0);
    expect(mail.to(emails.agent).some((message) => message.text.includes(`Besoins réalisés jugés insuffisants par une majorité de non (à rouvrir ?) : 1\n- Un passage piéton devant l’école (${need.reference})`))).toBe(true);

    const reopen = await graphql(api, `mutation($r: String!) { changeNeedStatus(reference: $r, input: { status: UNDER_STUDY }) { status } }`, { r: need.reference }, { token: tokens.agent });
    expect(reopen.data).toEqual({ changeNeedStatus: { status: 'UNDER_STUDY' } });
    expect(await summary()).toEqual({ yes: 1, partly: 0, no: 2, total: 3, mostlyNo: false });
    const refused = await graphql(api, ANSWER, { i: { reference: need.reference, answer: 'YES' } }, { token: tokens.author });
    expect(fieldsOf(refused)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'reference', message: 'Ce besoin n’est pas réalisé : votre avis sur le service sera demandé une fois le besoin réalisé.' }],
    });
  });
});

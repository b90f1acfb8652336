import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobRunner, OutboxRelay, QueueBackend } from '@pit/core';
import { NeedsRepository, NeedsService } from '@pit/needs';
import { createActor, startWorker, waitFor } from '../../../../tools/test/harness.js';
import { SmtpSink } from '../../../../tools/test/smtp-sink.js';
import { DIGEST_SCHEDULER_ID, DigestScheduler, NotifyNeedChangeJob, SendDailyDigestJob, SendNotificationEmailJob } from './jobs/notification.jobs.js';
import { NotificationsService, parisDay } from './notifications.service.js';

const DESCRIPTION = 'Une description suffisamment longue pour être acceptée par la plateforme.';
const PUBLIC_URL = 'http://localhost:3000';

describe('notifications: fan-out through the outbox, immediate emails, daily digest, unsubscribe (real PostgreSQL and SMTP)', () => {
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let notifications: NotificationsService;
  const mail = new SmtpSink();
  let counter = 0;

  /** A person with a confirmed address (or none), and optionally a notification mode. */
  const person = async (name: string, options: { email?: boolean; verified?: boolean; mode?: 'immediate' | 'digest' | 'off' } = {}) => {
    counter += 1;
    const key = `${name.toLowerCase()}-${Date.now().toString(36)}${counter}`;
    const email = options.email === false ? null : `${key}@exemple.fr`;
    const [row] = await dataSource.query(
      `INSERT INTO person (pseudonym, pseudonym_key, email, email_verified_at) VALUES ($1, $1, $2, CASE WHEN $3 THEN now() END) RETURNING id`,
      [key, email, options.verified ?? true],
    );
    if (options.mode) await dataSource.query(`INSERT INTO notification_preference (person_id, mode) VALUES ($1, $2)`, [row.id, options.mode]);
    return { id: row.id as string, email: email ?? '', pseudonym: key };
  };
  const submit = async (authorId: string, title: string) => {
    const actor = { personId: authorId, sessionId: '00000000-0000-4000-8000-000000000000', pseudonym: 'x', roles: [] };
    return worker.get(NeedsService).submit({ title, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' }, actor);
  };
  const changeStatus = (needId: string, status: 'under_study' | 'accepted' | 'planned' | 'done', note: string | null = null) =>
    dataSource.transaction((manager) => worker.get(NeedsRepository).insertStatusChange(manager, needId, status as never, note));
  const recipients = async (statusChangeId: string) =>
    (
      await dataSource.query(
        `SELECT p.pseudonym, n.delivery FROM notification n JOIN person p ON p.id = n.person_id WHERE n.event_key = $1 ORDER BY p.pseudonym`,
        [`status_change:${statusChangeId}`],
      )
    ).map((row: { pseudonym: string; delivery: string }) => `${row.pseudonym} ${row.delivery}`);
  const notifyJob = () => worker.get(NotifyNeedChangeJob);

  beforeAll(async () => {
    await mail.start();
    process.env.SMTP_URL = mail.url;
    process.env.PUBLIC_URL = PUBLIC_URL;
    process.env.DIGEST_SCHEDULE = 'off';
    // No consumer, no background relay: the tests run the jobs by hand (the last test consumes the queue).
    worker = await startWorker({ consume: false, relay: false });
    dataSource = worker.get(DataSource);
    notifications = worker.get(NotificationsService);
  });
  afterAll(async () => {
    await worker?.close();
    await mail.stop();
    delete process.env.DIGEST_SCHEDULE;
  });

  it('enqueues notify-need-change with each recorded status, except the first ones (en attente, reçu)', async () => {
    const author = await person('Autrice');
    const need = await submit(author.id, 'Une navette vers le marché');
    const [received] = await dataSource.query(`SELECT id FROM need_status_change WHERE need_id = $1 AND status = 'received'`, [need.id]);
    const changeId = await changeStatus(need.id, 'under_study');
    const jobs = await dataSource.query(`SELECT name, payload, dedup_key FROM outbox_message WHERE name = 'notify-need-change' AND payload->>'needId' = $1`, [need.id]);
    expect(jobs).toEqual([{ name: 'notify-need-change', payload: { needId: need.id, statusChangeId: changeId }, dedup_key: `notify-need-change:${changeId}` }]);
    // Even when asked, the reçu row tells nobody.
    expect(await notifications.notifyStatusChange(need.id, received.id)).toBe(0);
  });

  it('tells the author, supporters, backing organisations’ representatives and followers, each once, even when the job runs twice at the same time', async () => {
    const author = await person('Auteur', { mode: 'immediate' });
    const supporter = await person('Soutien');
    const follower = await person('Suiveuse');
    const representative = await person('Representante');
    const member = await person('Membre');
    const noEmail = await person('Sansadresse', { email: false });
    const unverified = await person('Nonconfirmee', { verified: false });
    const silent = await person('Silencieux', { mode: 'off' });
    const need = await submit(author.id, 'Un éclairage du parking de la salle des fêtes');
    const [organisation] = await dataSource.query(
      `INSERT INTO organisation (name, kind, identifier_type, created_by, verified_at) VALUES ('Comité des fêtes', 'association', 'none', $1, now()) RETURNING id`,
      [representative.id],
    );
    await dataSource.query(`INSERT INTO organisation_member (organisation_id, person_id, role) VALUES ($1, $2, 'representative'), ($1, $3, 'member')`, [
      organisation.id,
      representative.id,
      member.id,
    ]);
    await dataSource.query(`INSERT INTO need_backing (need_id, organisation_id, statement, backed_by) VALUES ($1, $2, 'Nous soutenons.', $3)`, [need.id, organisation.id, representative.id]);
    // The author also supports and follows; every other kind of participant once.
    for (const id of [author.id, supporter.id, noEmail.id, silent.id]) await dataSource.query(`INSERT INTO need_support (need_id, person_id) VALUES ($1, $2)`, [need.id, id]);
    for (const id of [author.id, follower.id, unverified.id, representative.id]) await dataSource.query(`INSERT INTO need_follow (need_id, person_id) VALUES ($1, $2)`, [need.id, id]);

    const changeId = await changeStatus(need.id, 'under_study', 'La commune étudie le coût.');
    const payload = { needId: need.id, statusChangeId: changeId };
    await Promise.all([notifyJob().handle(payload), notifyJob().handle(payload), notifyJob().handle(payload)]);
    expect(await recipients(changeId)).toEqual([`${author.pseudonym} immediate`, `${follower.pseudonym} digest`, `${representative.pseudonym} digest`, `${supporter.pseudonym} digest`].sort());
    // A late retry changes nothing.
    await notifyJob().handle(payload);
    expect(await recipients(changeId)).toHaveLength(4);
    // One send job for the one immediate notification.
    const [notification] = await dataSource.query(`SELECT id FROM notification WHERE event_key = $1 AND person_id = $2`, [`status_change:${changeId}`, author.id]);
    const sends = await dataSource.query(`SELECT payload FROM outbox_message WHERE name = 'send-notification-email' AND payload->>'notificationId' = $1`, [String(notification.id)]);
    expect(sends).toEqual([{ payload: { notificationId: String(notification.id) } }]);

    // Immediate: one email, however many times the job runs.
    await Promise.all([worker.get(SendNotificationEmailJob).handle({ notificationId: String(notification.id) }), worker.get(SendNotificationEmailJob).handle({ notificationId: String(notification.id) })]);
    const immediate = mail.to(author.email);
    expect(immediate).toHaveLength(1);
    expect(immediate[0]!.subject).toBe(`Besoin ${need.reference} : en étude`);
    expect(immediate[0]!.text).toContain(`Le besoin « Un éclairage du parking de la salle des fêtes » (${need.reference}) est maintenant : en étude.`);
    expect(immediate[0]!.text).toContain('Précision : La commune étudie le coût.');
    expect(immediate[0]!.text).toContain(`Voir le besoin : ${PUBLIC_URL}/besoins/${need.reference}`);
    expect(immediate[0]!.text).toMatch(new RegExp(`Ne plus recevoir ces courriels : ${PUBLIC_URL}/notifications/desinscription\\?jeton=[A-Za-z0-9_-]{43}`));
    const link = /jeton=([A-Za-z0-9_-]+)/.exec(immediate[0]!.text)![1]!;
    expect(immediate[0]!.headers['list-unsubscribe']).toBe(`<${PUBLIC_URL}/notifications/desinscription?jeton=${link}>`);
    expect(immediate[0]!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // Digest people have received nothing yet.
    for (const someone of [supporter, follower, representative, member, noEmail, unverified, silent]) expect(mail.to(someone.email || 'none')).toEqual([]);
  });

  it('sends followers one digest email when the daily digest job runs, and nothing more when it runs again that day', async () => {
    const author = await person('Redactrice', { mode: 'off' });
    const followerA = await person('Abonnee');
    const followerB = await person('Abonne');
    const need = await submit(author.id, 'Un composteur collectif');
    const other = await submit(author.id, 'Des jeux pour enfants');
    for (const id of [followerA.id, followerB.id]) await dataSource.query(`INSERT INTO need_follow (need_id, person_id) VALUES ($1, $2)`, [need.id, id]);
    await dataSource.query(`INSERT INTO need_follow (need_id, person_id) VALUES ($1, $2)`, [other.id, followerA.id]);
    for (const [needId, status] of [[need.id, 'under_study'], [need.id, 'accepted'], [other.id, 'planned']] as const) {
      const changeId = await changeStatus(needId, status);
      await notifyJob().handle({ needId, statusChangeId: changeId });
    }
    const day = parisDay();
    await worker.get(SendDailyDigestJob).handle({});

    const digestA = mail.to(followerA.email);
    expect(digestA.map((m) => m.subject)).toEqual(['Votre résumé du jour : 3 nouveautés']);
    expect(digestA[0]!.text).toContain(`- Le besoin « Un composteur collectif » (${need.reference}) est maintenant : en étude.`);
    expect(digestA[0]!.text).toContain(`- Le besoin « Un composteur collectif » (${need.reference}) est maintenant : accepté.`);
    expect(digestA[0]!.text).toContain(`- Le besoin « Des jeux pour enfants » (${other.reference}) est maintenant : planifié.`);
    expect(digestA[0]!.text).toContain(`${PUBLIC_URL}/notifications/desinscription?jeton=`);
    expect(digestA[0]!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.to(followerB.email).map((m) => m.subject)).toEqual(['Votre résumé du jour : 2 nouveautés']);
    expect(mail.to(author.email)).toEqual([]);

    // Again the same day (twice at once): nothing more.
    await Promise.all([worker.get(SendDailyDigestJob).handle({}), worker.get(SendDailyDigestJob).handle({ day })]);
    expect(mail.to(followerA.email)).toHaveLength(1);
    expect(mail.to(followerB.email)).toHaveLength(1);
    const [pending] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE sent_at IS NULL)::int AS pending, count(*)::int AS total FROM notification WHERE person_id = ANY($1::uuid[])`,
      [[followerA.id, followerB.id]],
    );
    expect(pending).toEqual({ pending: 0, total: 5 });

    // A change after today's digest waits for tomorrow's.
    const late = await changeStatus(need.id, 'done');
    await notifyJob().handle({ needId: need.id, statusChangeId: late });
    await worker.get(SendDailyDigestJob).handle({ day });
    expect(mail.to(followerB.email)).toHaveLength(1);
    await worker.get(SendDailyDigestJob).handle({ day: '2099-01-01' });
    expect(mail.to(followerB.email).map((m) => m.subject)).toEqual(['Votre résumé du jour : 2 nouveautés', 'Votre résumé du jour : 1 nouveauté']);
  });

  it('switches a person’s notifications off from the emailed unsubscribe link, and refuses an unknown link', async () => {
    const author = await person('Desabonnee', { mode: 'immediate' });
    const need = await submit(author.id, 'Une boîte à livres');
    const first = await changeStatus(need.id, 'under_study');
    await notifyJob().handle({ needId: need.id, statusChangeId: first });
    const [notification] = await dataSource.query(`SELECT id FROM notification WHERE person_id = $1`, [author.id]);
    await worker.get(SendNotificationEmailJob).handle({ notificationId: String(notification.id) });
    const secret = mail.lastToken(author.email)!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await notifications.unsubscribe(secret);
    expect(await notifications.mode(author.id)).toEqual({ mode: 'off', canReceive: true });
    // The same link again is harmless.
    await notifications.unsubscribe(secret);
    await expect(notifications.unsubscribe('pas-un-jeton')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'token', message: expect.stringMatching(/^Ce lien de désinscription n'est pas valable/) }] },
    });

    const second = await changeStatus(need.id, 'accepted');
    expect(await notifications.notifyStatusChange(need.id, second)).toBe(0);
    expect(mail.to(author.email)).toHaveLength(1);
  });

  it('schedules the daily digest at 07:00 Europe/Paris with a BullMQ job scheduler on the jobs queue', async () => {
    const queue = worker.get(QueueBackend).jobsQueue();
    delete process.env.DIGEST_SCHEDULE;
    try {
      await worker.get(DigestScheduler).onApplicationBootstrap();
      const scheduler = await queue.getJobScheduler(DIGEST_SCHEDULER_ID);
      expect(scheduler).toMatchObject({ key: DIGEST_SCHEDULER_ID, name: 'send-daily-digest', pattern: '0 7 * * *', tz: 'Europe/Paris' });
      // Upserting again (every worker does at boot) keeps one scheduler.
      await worker.get(DigestScheduler).onApplicationBootstrap();
      expect((await queue.getJobSchedulers()).filter((candidate) => candidate.key === DIGEST_SCHEDULER_ID)).toHaveLength(1);
    } finally {
      await queue.removeJobScheduler(DIGEST_SCHEDULER_ID);
      process.env.DIGEST_SCHEDULE = 'off';
    }
  });

  it('runs end to end through the outbox relay and the queue consumer: a status change reaches an immediate subscriber by email', async () => {
    const author = await person('Pressee', { mode: 'immediate' });
    const need = await submit(author.id, 'Un arrêt de bus abrité');
    await changeStatus(need.id, 'accepted', 'Travaux votés au conseil municipal.');
    const relay = worker.get(OutboxRelay);
    worker.get(JobRunner).start(2);
    const message = await waitFor(
      async () => {
        await relay.drain();
        return mail.to(author.email).find((m) => m.subject === `Besoin ${need.reference} : accepté`);
      },
      { what: 'the immediate email' },
    );
    expect(message.text).toContain('Précision : Travaux votés au conseil municipal.');
  });
});

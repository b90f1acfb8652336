import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AccountErasureService, DataExportService, PERSON_DATA, PERSON_DATA_EXCLUSIONS } from '@pit/privacy';
import { BuildDataExportJob, PrivacyRetentionJob } from '@pit/privacy/jobs';
import { ExportDownloadError } from '@pit/exports';
import { DESCRIPTION, graphql, signUpResident, startApi, startWorker } from '../../../tools/test/harness.js';
import { SmtpSink } from '../../../tools/test/smtp-sink.js';

// Issue 7 item 5, GDPR by default: "Télécharger mes données" (requestMyDataExport → build-data-export
// job → a JSON file in a real storage directory, a signed link valid 7 days, one email), "Supprimer mon
// compte" (deleteMyAccount: personal data erased in one transaction, public needs and comments kept
// under "Compte supprimé", supports withdrawn with exact tallies, audited), and the daily retention job
// (warnings at 30 and 7 days, then erasure, by a clock the test sets). Real api, worker, PostgreSQL, SMTP.

const DAY = 86_400_000;

describe('GDPR: data export, account erasure, retention', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  const mail = new SmtpSink();
  const storageDir = mkdtempSync(join(tmpdir(), 'pit-gdpr-'));
  const word = `rgpd${Date.now().toString(36)}`;

  const submit = async (token: string, title: string) => {
    const result = await graphql<{ submitNeed: { id: string; reference: string } }>(
      api,
      `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
      { i: { title, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' } },
      { token },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.submitNeed;
  };
  const call = (token: string, query: string, variables: Record<string, unknown> = {}) => graphql<Record<string, any>>(api, query, variables, { token });
  const personId = async (email: string) => ((await dataSource.query(`SELECT id FROM person WHERE email = $1`, [email])) as Array<{ id: string }>)[0]!.id;
  const download = (id: string, token: string, bearer: string | null) =>
    api.inject({ method: 'GET', url: `/privacy/data-exports/${id}/file?token=${encodeURIComponent(token)}`, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

  beforeAll(async () => {
    await mail.start();
    process.env.SMTP_URL = mail.url;
    process.env.STORAGE_DIR = storageDir;
    process.env.PRIVACY_RETENTION_SCHEDULE = 'off';
    api = await startApi();
    worker = await startWorker({ consume: false, relay: false });
    dataSource = api.get(DataSource);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await mail.stop();
    delete process.env.SMTP_URL;
    delete process.env.STORAGE_DIR;
    delete process.env.PRIVACY_RETENTION_SCHEDULE;
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('every foreign key to person is in the export or in the list of deliberate exclusions', async () => {
    const references: Array<{ reference: string }> = await dataSource.query(
      `SELECT DISTINCT c.conrelid::regclass::text || '.' || a.attname AS reference
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.contype = 'f' AND c.confrelid = 'person'::regclass ORDER BY 1`,
    );
    expect(references.length).toBeGreaterThan(30);
    const covered = new Set([...PERSON_DATA.map((s) => s.reference), ...Object.keys(PERSON_DATA_EXCLUSIONS)]);
    expect(references.map((r) => r.reference).filter((reference) => !covered.has(reference))).toEqual([]);
    // And no entry names a column that does not exist (a stale list).
    const columns: Array<{ reference: string }> = await dataSource.query(
      `SELECT table_name || '.' || column_name AS reference FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const existing = new Set(columns.map((c) => c.reference));
    expect([...covered].filter((reference) => !existing.has(reference))).toEqual([]);
  });

  describe('Télécharger mes données', () => {
    let alice: { token: string; email: string; pseudonym: string };
    let bob: { token: string; email: string; pseudonym: string };
    let exportId: string;

    beforeAll(async () => {
      alice = await signUpResident(api, 'Alice');
      bob = await signUpResident(api, 'Bob');
      const own = await submit(alice.token, `Le besoin d'Alice ${word}`);
      const bobs = await submit(bob.token, `Le besoin de Bob ${word}`);
      expect((await call(alice.token, `mutation($n: ID!) { supportNeed(needId: $n) { supportCount } }`, { n: bobs.id })).errors).toBeUndefined();
      expect((await call(alice.token, `mutation($n: ID!) { followNeed(needId: $n) { needId } }`, { n: bobs.id })).errors).toBeUndefined();
      expect((await call(alice.token, `mutation($n: ID!, $b: String!) { postComment(needId: $n, body: $b) { id } }`, { n: bobs.id, b: `Avis d'Alice ${word}` })).errors).toBeUndefined();
      expect((await call(bob.token, `mutation($n: ID!, $b: String!) { postComment(needId: $n, body: $b) { id } }`, { n: own.id, b: `Secret de Bob ${word}` })).errors).toBeUndefined();
      expect((await call(alice.token, `mutation($i: NeedDraftInput!) { saveNeedDraft(input: $i) { id } }`, { i: { title: `Brouillon d'Alice ${word}` } })).errors).toBeUndefined();
    });

    it('requestMyDataExport queues one export; asking again while it waits returns the same one', async () => {
      expect((await call(alice.token, `{ myDataExport { id } }`)).data!.myDataExport).toBeNull();
      const first = await call(alice.token, `mutation { requestMyDataExport { id status downloadToken expired } }`);
      expect(first.errors).toBeUndefined();
      expect(first.data!.requestMyDataExport).toMatchObject({ status: 'QUEUED', downloadToken: null, expired: false });
      exportId = first.data!.requestMyDataExport.id;
      const again = await call(alice.token, `mutation { requestMyDataExport { id status } }`);
      expect(again.data!.requestMyDataExport).toEqual({ id: exportId, status: 'QUEUED' });
      const [{ jobs }] = await dataSource.query(`SELECT count(*)::int AS jobs FROM outbox_message WHERE payload->>'exportId' = $1`, [exportId]);
      expect(jobs).toBe(1);
    });

    it('the job, run twice at once and once more, writes one file and sends one email', async () => {
      const job = worker.get(BuildDataExportJob);
      await Promise.all([job.handle({ exportId }), job.handle({ exportId })]);
      await job.handle({ exportId });
      expect(readdirSync(join(storageDir, 'data-exports'))).toEqual([`${exportId}.json`]);
      const view = (await call(alice.token, `{ myDataExport { id status downloadToken expiresAt finishedAt expired } }`)).data!.myDataExport;
      expect(view).toMatchObject({ id: exportId, status: 'DONE', expired: false });
      expect(new Date(view.expiresAt).getTime() - new Date(view.finishedAt).getTime()).toBe(7 * DAY);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(mail.to(alice.email).map((m) => m.subject)).toEqual(['Vos données sont prêtes à télécharger']);
      expect(mail.to(alice.email)[0]!.text).toContain('/compte/donnees');
    });

    it("the file holds the person's planted data and nobody else's", async () => {
      const token = (await call(alice.token, `{ myDataExport { downloadToken } }`)).data!.myDataExport.downloadToken as string;
      const response = await download(exportId, token, alice.token);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['cache-control']).toBe('private, no-store');
      const file = JSON.parse(response.body);
      expect(file.account).toMatchObject({ email: alice.email, pseudonym: alice.pseudonym });
      expect(file.needsAuthored.map((n: { title: string }) => n.title)).toEqual([`Le besoin d'Alice ${word}`]);
      expect(file.comments.map((c: { body: string }) => c.body)).toEqual([`Avis d'Alice ${word}`]);
      expect(file.drafts.map((d: { payload: { title: string } }) => d.payload.title)).toEqual([`Brouillon d'Alice ${word}`]);
      expect(file.supports.map((s: { title: string }) => s.title)).toEqual([`Le besoin de Bob ${word}`]);
      expect(file.follows.map((s: { title: string }) => s.title)).toEqual([`Le besoin de Bob ${word}`]);
      expect(file.sessions.length).toBeGreaterThanOrEqual(1);
      expect(file.dataExports.map((x: { id: string }) => x.id)).toEqual([exportId]);
      expect(Object.keys(file)).toEqual(expect.arrayContaining(['notificationSettings', 'organisationMemberships', 'staffRoles', 'auditEntriesAsActor', 'commentReports', 'supportCarryOvers', 'emailsSent']));
      // Nobody else's data, and no secret.
      expect(response.body).not.toContain(bob.email);
      expect(response.body).not.toContain(`Secret de Bob ${word}`);
      expect(response.body).not.toContain('$argon2');
      expect(response.body).not.toContain('token_hash');
      expect(response.body).not.toContain('link_secret');
    });

    it('only its owner downloads it, and the link dies after 7 days', async () => {
      const token = (await call(alice.token, `{ myDataExport { downloadToken } }`)).data!.myDataExport.downloadToken as string;
      expect((await download(exportId, token, bob.token)).statusCode).toBe(403);
      expect((await download(exportId, token, null)).statusCode).toBe(401);
      expect((await download(exportId, `${token.slice(0, -2)}xx`, alice.token)).statusCode).toBe(404);
      const service = api.get(DataExportService);
      const row = (await service.find(exportId))!;
      const actor = { personId: row.personId, sessionId: '00000000-0000-4000-8000-000000000000', pseudonym: alice.pseudonym, roles: [] };
      await expect(service.download(actor, exportId, token, new Date(row.expiresAt!.getTime() - 60_000))).resolves.toMatchObject({ fileName: expect.stringMatching(/^mes-donnees-\d{4}-\d{2}-\d{2}\.json$/) });
      const late = await service.download(actor, exportId, token, new Date(row.expiresAt!.getTime() + 1000)).catch((error: unknown) => error);
      expect(late).toBeInstanceOf(ExportDownloadError);
      expect((late as ExportDownloadError).status).toBe(410);
      // The retention sweep deletes the file and the row once expired (not before).
      // (Other test files' exports share this database: only this export's fate is asserted.)
      await service.sweep(new Date(row.expiresAt!.getTime() - 1000));
      expect(await service.find(exportId)).not.toBeNull();
      expect(existsSync(join(storageDir, 'data-exports', `${exportId}.json`))).toBe(true);
      expect(await service.sweep(new Date(row.expiresAt!.getTime() + 1000))).toBeGreaterThanOrEqual(1);
      expect(await service.find(exportId)).toBeNull();
      expect(existsSync(join(storageDir, 'data-exports', `${exportId}.json`))).toBe(false);
      expect((await download(exportId, token, alice.token)).statusCode).toBe(404);
    });
  });

  describe('Supprimer mon compte', () => {
    let carol: { token: string; email: string; pseudonym: string };
    let bob: { token: string; email: string; pseudonym: string };
    let carolId: string;
    let carolsNeed: { id: string; reference: string };
    let bobsNeed: { id: string; reference: string };
    const supportCount = async (reference: string) =>
      ((await graphql<{ need: { supportCount: number } }>(api, `query($r: String!) { need(reference: $r) { supportCount } }`, { r: reference })).data!.need.supportCount);

    beforeAll(async () => {
      carol = await signUpResident(api, 'Carol');
      bob = await signUpResident(api, 'Bob');
      carolId = await personId(carol.email);
      carolsNeed = await submit(carol.token, `Le besoin de Carol ${word}`);
      bobsNeed = await submit(bob.token, `Un autre besoin de Bob ${word}`);
      const dave = await signUpResident(api, 'Dave');
      for (const who of [carol, dave]) await call(who.token, `mutation($n: ID!) { supportNeed(needId: $n) { supportCount } }`, { n: bobsNeed.id });
      await call(carol.token, `mutation($n: ID!) { followNeed(needId: $n) { needId } }`, { n: bobsNeed.id });
      await call(carol.token, `mutation($n: ID!, $b: String!) { postComment(needId: $n, body: $b) { id } }`, { n: bobsNeed.id, b: `Carol était là ${word}` });
      const draft = await call(carol.token, `mutation($i: NeedDraftInput!) { saveNeedDraft(input: $i) { id } }`, { i: { title: `Brouillon de Carol ${word}` } });
      // A photo of her draft, as the upload leaves it: a row and two files.
      mkdirSync(join(storageDir, 'gdpr'), { recursive: true });
      for (const file of [`${word}.webp`, `${word}-page.webp`]) writeFileSync(join(storageDir, 'gdpr', file), 'webp');
      await dataSource.query(
        `INSERT INTO need_photo (token_hash, draft_id, uploaded_by, storage_key, width, height, bytes, page_bytes) VALUES (decode(md5(random()::text), 'hex'), $1, $2, $3, 1, 1, 4, 4)`,
        [draft.data!.saveNeedDraft.id, carolId, `gdpr/${word}`],
      );
      await call(carol.token, `mutation { requestMyDataExport { id } }`);
      expect(await supportCount(bobsNeed.reference)).toBe(2);
    });

    it('refuses a wrong password, naming the field, and erases nothing', async () => {
      const result = await call(carol.token, `mutation { deleteMyAccount(password: "pas le bon") }`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'password', message: 'Le mot de passe est incorrect.' }] });
      const [person] = await dataSource.query(`SELECT email FROM person WHERE id = $1`, [carolId]);
      expect(person.email).toBe(carol.email);
    });

    it('erases personal data in one go, keeps public content under "Compte supprimé", tallies exact', async () => {
      const result = await call(carol.token, `mutation { deleteMyAccount(password: "une phrase de passe solide") }`);
      expect(result.errors).toBeUndefined();
      expect(result.data!.deleteMyAccount).toBe(true);
      const [person] = await dataSource.query(
        `SELECT pseudonym, email, password_hash, given_name, family_name, erased_at IS NOT NULL AS erased FROM person WHERE id = $1`,
        [carolId],
      );
      expect(person).toEqual({ pseudonym: 'Compte supprimé', email: null, password_hash: null, given_name: null, family_name: null, erased: true });
      // Her session is gone: the token no longer logs her in.
      expect((await call(carol.token, `{ me { id } }`)).data!.me).toBeNull();
      const left: Array<{ t: string; n: number }> = await dataSource.query(
        `SELECT 'session' AS t, count(*)::int AS n FROM session WHERE person_id = $1
         UNION ALL SELECT 'need_draft', count(*)::int FROM need_draft WHERE person_id = $1
         UNION ALL SELECT 'need_photo', count(*)::int FROM need_photo WHERE uploaded_by = $1
         UNION ALL SELECT 'need_follow', count(*)::int FROM need_follow WHERE person_id = $1
         UNION ALL SELECT 'need_support', count(*)::int FROM need_support WHERE person_id = $1
         UNION ALL SELECT 'notification_preference', count(*)::int FROM notification_preference WHERE person_id = $1
         UNION ALL SELECT 'data_export', count(*)::int FROM data_export WHERE person_id = $1
         UNION ALL SELECT 'mail_delivery', count(*)::int FROM mail_delivery WHERE recipient = $2`,
        [carolId, carol.email],
      );
      expect(left).toEqual([
        { t: 'session', n: 0 },
        { t: 'need_draft', n: 0 },
        { t: 'need_photo', n: 0 },
        { t: 'need_follow', n: 0 },
        { t: 'need_support', n: 0 },
        { t: 'notification_preference', n: 0 },
        { t: 'data_export', n: 0 },
        { t: 'mail_delivery', n: 0 },
      ]);
      expect(readdirSync(join(storageDir, 'gdpr'))).toEqual([]);
      // Public content stays, under "Compte supprimé".
      const need = await graphql<{ need: { title: string; authorPseudonym: string } }>(api, `query($r: String!) { need(reference: $r) { title authorPseudonym } }`, {
        r: carolsNeed.reference,
      });
      expect(need.data!.need).toEqual({ title: `Le besoin de Carol ${word}`, authorPseudonym: 'Compte supprimé' });
      const comments = await graphql<{ need: { comments: { edges: Array<{ node: { body: string; authorPseudonym: string } }> } } }>(
        api,
        `query($r: String!) { need(reference: $r) { comments(first: 10) { edges { node { body authorPseudonym } } } } }`,
        { r: bobsNeed.reference },
      );
      expect(comments.data!.need.comments.edges.map((e) => e.node)).toEqual([{ body: `Carol était là ${word}`, authorPseudonym: 'Compte supprimé' }]);
      // Her support left through the participation path: the count matches the rows.
      expect(await supportCount(bobsNeed.reference)).toBe(1);
      const [{ rows }] = await dataSource.query(`SELECT count(*)::int AS rows FROM need_support WHERE need_id = $1`, [bobsNeed.id]);
      const [{ tally }] = await dataSource.query(`SELECT COALESCE(sum(supports), 0)::int AS tally FROM need_support_tally WHERE need_id = $1`, [bobsNeed.id]);
      expect([rows, tally]).toEqual([1, 1]);
      const audit = await dataSource.query(`SELECT actor_id AS "actorId", after FROM audit_entry WHERE action = 'account.erase' AND subject_id = $1`, [carolId]);
      expect(audit).toEqual([{ actorId: carolId, after: { reason: 'self' } }]);
      // Erasing again changes nothing.
      expect(await api.get(AccountErasureService).erase(carolId, 'self', carolId)).toBe(false);
    });
  });

  describe('retention: inactive accounts warned at 30 and 7 days, then erased', () => {
    it('by a clock the test sets; each run twice does each thing once', async () => {
      const erin = await signUpResident(api, 'Erin');
      const erinId = await personId(erin.email);
      // Inactive since 2 years and 60 days before today: the runs below happen in the past, where no other test's account is that old.
      const lastActive = new Date(Date.now() - 2 * 365 * DAY - 60 * DAY);
      await dataSource.query(`UPDATE person SET last_active_at = $2 WHERE id = $1`, [erinId, lastActive]);
      const [{ deadline }] = await dataSource.query(`SELECT ($1::timestamptz + interval '2 years') AS deadline`, [lastActive]);
      const at = (daysBeforeDeadline: number) => ({ now: new Date((deadline as Date).getTime() - daysBeforeDeadline * DAY).toISOString() });
      const job = worker.get(PrivacyRetentionJob);
      const erased = async () => ((await dataSource.query(`SELECT erased_at IS NOT NULL AS erased FROM person WHERE id = $1`, [erinId])) as Array<{ erased: boolean }>)[0]!.erased;
      const subjects = async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return mail.to(erin.email).map((m) => m.subject);
      };

      await job.handle(at(31));
      expect(await subjects()).toEqual([]);
      await job.handle(at(30));
      await job.handle(at(30));
      expect(await subjects()).toEqual(['Votre compte sera supprimé dans 30 jours']);
      await job.handle(at(8));
      expect(await subjects()).toEqual(['Votre compte sera supprimé dans 30 jours']);
      await job.handle(at(7));
      await job.handle(at(7));
      expect(await subjects()).toEqual(['Votre compte sera supprimé dans 30 jours', 'Votre compte sera supprimé dans 7 jours']);
      expect(mail.to(erin.email)[1]!.text).toContain('sous le nom « Compte supprimé »');
      await job.handle(at(1));
      expect(await erased()).toBe(false);
      // Session logs: older than 1 year (by the clock) are deleted, younger kept.
      const now = new Date(at(0).now);
      const frankId = await personId((await signUpResident(api, 'Frank')).email);
      const session = async (endedDaysAgo: number) =>
        ((await dataSource.query(
          `INSERT INTO session (token_hash, person_id, auth_method, expires_at, revoked_at) VALUES (decode(md5(random()::text), 'hex'), $1, 'password', $2, $2) RETURNING id`,
          [frankId, new Date(now.getTime() - endedDaysAgo * DAY)],
        )) as Array<{ id: string }>)[0]!;
      const old = await session(400);
      const young = await session(300);
      await job.handle(at(0));
      await job.handle(at(0));
      expect(await erased()).toBe(true);
      const [person] = await dataSource.query(`SELECT pseudonym, email FROM person WHERE id = $1`, [erinId]);
      expect(person).toEqual({ pseudonym: 'Compte supprimé', email: null });
      const audit = await dataSource.query(`SELECT actor_id AS "actorId", after FROM audit_entry WHERE action = 'account.erase' AND subject_id = $1`, [erinId]);
      expect(audit).toEqual([{ actorId: null, after: { reason: 'inactive' } }]);
      const sessions: Array<{ id: string }> = await dataSource.query(`SELECT id FROM session WHERE id = ANY($1::uuid[])`, [[old.id, young.id]]);
      expect(sessions.map((s) => s.id)).toEqual([young.id]);
      expect(await subjects()).toEqual(['Votre compte sera supprimé dans 30 jours', 'Votre compte sera supprimé dans 7 jours']);
    });
  });
});

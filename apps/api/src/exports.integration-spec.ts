import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import S3rver from 's3rver';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AuditService, OutboxService } from '@pit/core';
import { photoStorageFromEnv, type PhotoStorage } from '@pit/needs';
import { BuildInboxExportJob, SweepInboxExportsJob } from '@pit/exports/jobs';
import { InboxExportsService, signDownloadToken } from '@pit/exports';
import { accountsWithRoles, DESCRIPTION, graphql, startApi, startWorker } from '../../../tools/test/harness.js';

// Issue 5 item 9, CSV export of the inbox: requestInboxExport (export row + outbox job + audit entry in
// one transaction), the build-inbox-export job (the inbox's WHERE, progress, the file in a real storage
// directory; idempotent, run twice concurrently), inboxExport / myInboxExports, the signed expiring
// download link (GET /exports/inbox/:id/file), the retention sweep. Real api, worker, PostgreSQL.

type Who = 'agentA' | 'agentA2' | 'agentT' | 'admin' | 'resident';

const REQUEST = /* GraphQL */ `
  mutation($a: ID!, $f: InboxFilter, $q: String) {
    requestInboxExport(authorityId: $a, filter: $f, q: $q) { id status rowsDone rowsTotal q filter authorityName downloadToken }
  }`;
const EXPORT = /* GraphQL */ `
  query($id: ID!) { inboxExport(id: $id) { id status rowsDone rowsTotal expired expiresAt downloadToken fileName error } }`;
const MINE = /* GraphQL */ `{ myInboxExports { id status rowsDone rowsTotal } }`;

interface ExportView {
  id: string;
  status: string;
  rowsDone: number;
  rowsTotal: number | null;
  expired: boolean;
  expiresAt: string | null;
  downloadToken: string | null;
  fileName: string;
  error: string | null;
}

describe('inbox CSV export: a job, progress, an expiring link, retention', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let avrilleId: string;
  let ids = {} as Record<Who, string>;
  let tokens = {} as Record<Who, string>;
  const storageDir = mkdtempSync(join(tmpdir(), 'pit-exports-'));
  const word = `exportable${Date.now().toString(36)}`;
  const needs: Array<{ id: string; reference: string }> = [];

  const request = (filter: Record<string, unknown> | null, q: string | null, who: Who = 'agentA', authorityId = avrilleId) =>
    graphql<{ requestInboxExport: { id: string; status: string; rowsDone: number; rowsTotal: number | null; q: string | null; filter: string; authorityName: string; downloadToken: string | null } }>(
      api,
      REQUEST,
      { a: authorityId, f: filter, q },
      { token: tokens[who] },
    );
  const view = (id: string, who: Who = 'agentA') => graphql<{ inboxExport: ExportView }>(api, EXPORT, { id }, { token: tokens[who] });
  const download = (id: string, token: string, who: Who | null = 'agentA') =>
    api.inject({ method: 'GET', url: `/exports/inbox/${id}/file?token=${encodeURIComponent(token)}`, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });
  const build = (exportId: string) => worker.get(BuildInboxExportJob).handle({ exportId });

  beforeAll(async () => {
    process.env.STORAGE_DIR = storageDir;
    process.env.EXPORT_SWEEP_SCHEDULE = 'off';
    api = await startApi();
    // The tests run the jobs by hand.
    worker = await startWorker({ consume: false, relay: false });
    dataSource = api.get(DataSource);
    [{ id: avrilleId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49015'`);
    const [{ id: tierceId }] = await dataSource.query(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49347'`);
    ({ ids, tokens } = await accountsWithRoles(api, 'Export', {
      agentA: { role: 'agent', authorityId: avrilleId },
      agentA2: { role: 'agent', authorityId: avrilleId },
      agentT: { role: 'agent', authorityId: tierceId },
      admin: { role: 'admin' },
      resident: null,
    }));
    // Three needs of Avrillé holding the search word: two transmis (one assigned, one with a title a
    // spreadsheet would run as a formula), one en étude; their dates are fixed for the expected rows.
    const titles = [`Un abri vélo, près de la gare (${word})`, `=Le "grand" parc ${word}`, `Des bancs au jardin ${word}`];
    for (const [i, title] of titles.entries()) {
      const submitted = await graphql<{ submitNeed: { id: string; reference: string } }>(
        api,
        `mutation($i: SubmitNeedInput!) { submitNeed(input: $i) { id reference } }`,
        { i: { title, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015' } },
        { token: tokens.resident },
      );
      const need = submitted.data!.submitNeed;
      needs.push(need);
      await dataSource.query(
        `UPDATE need SET authority_id = $2, status = $3, created_at = $4, answer_due_at = $5, assignee_id = $6, channel = $7 WHERE id = $1`,
        [
          need.id,
          avrilleId,
          i === 2 ? 'under_study' : 'transmitted',
          `2026-11-0${i + 1}T09:30:00Z`,
          i === 0 ? '2099-12-01T10:00:00Z' : null,
          i === 0 ? ids.agentA : null,
          i === 1 ? 'guichet' : 'web',
        ],
      );
    }
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    delete process.env.STORAGE_DIR;
    delete process.env.EXPORT_SWEEP_SCHEDULE;
    rmSync(storageDir, { recursive: true, force: true });
  });

  let exportId: string;

  it('requestInboxExport records the export, its job and an audit entry in one transaction', async () => {
    const result = await request({ statuses: ['TRANSMITTED'] }, `  ${word} `);
    expect(result.errors).toBeUndefined();
    const requested = result.data!.requestInboxExport;
    exportId = requested.id;
    expect({ ...requested, id: undefined }).toEqual({
      id: undefined,
      status: 'QUEUED',
      rowsDone: 0,
      rowsTotal: null,
      q: word,
      filter: JSON.stringify({ statuses: ['transmitted'] }),
      authorityName: 'Avrillé',
      downloadToken: null,
    });
    expect(await dataSource.query(`SELECT name, payload, dedup_key FROM outbox_message WHERE dedup_key = $1`, [`build-inbox-export:${exportId}`])).toEqual([
      { name: 'build-inbox-export', payload: { exportId }, dedup_key: `build-inbox-export:${exportId}` },
    ]);
    expect(await dataSource.query(`SELECT actor_id, action, subject_type, before, after, authority_id FROM audit_entry WHERE subject_id = $1`, [exportId])).toEqual([
      { actor_id: ids.agentA, action: 'inbox.export', subject_type: 'inbox_export', before: null, after: { filter: { statuses: ['transmitted'] }, q: word }, authority_id: avrilleId },
    ]);
  });

  it('the job builds the CSV once even when it runs twice at the same time: same WHERE as the inbox, progress, file in the storage', async () => {
    await Promise.all([build(exportId), build(exportId)]);
    const [row] = await dataSource.query(`SELECT status, rows_done, rows_total, file_key, claim_id, error FROM inbox_export WHERE id = $1`, [exportId]);
    const day = (await dataSource.query(`SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY/MM/DD') AS day FROM inbox_export WHERE id = $1`, [exportId]))[0].day;
    expect(row).toEqual({ status: 'done', rows_done: 2, rows_total: 2, file_key: `exports/${day}/${exportId}.csv`, claim_id: null, error: null });
    const file = readFileSync(join(storageDir, row.file_key), 'utf8');
    expect(file).toBe(
      '\uFEFFRéférence,Titre,Statut,Thème,Catégorie,Commune,Canal,Soutiens,Seuil atteint,En retard,Réponse attendue le,Assigné à,Déposé le\r\n' +
        `${needs[1]!.reference},"'=Le ""grand"" parc ${word}",transmis,"Enfance, éducation, jeunesse","Écoles, cantine, périscolaire",Avrillé,Guichet de mairie,0,non,non,,,2026-11-02 10:30\r\n` +
        `${needs[0]!.reference},"Un abri vélo, près de la gare (${word})",transmis,"Enfance, éducation, jeunesse","Écoles, cantine, périscolaire",Avrillé,En ligne,0,non,non,2099-12-01 11:00,${(await dataSource.query(`SELECT pseudonym FROM person WHERE id = $1`, [ids.agentA]))[0].pseudonym},2026-11-01 10:30\r\n`,
    );
    // A third run (a retry after success) changes nothing.
    await build(exportId);
    expect((await dataSource.query(`SELECT status, rows_done FROM inbox_export WHERE id = $1`, [exportId]))[0]).toEqual({ status: 'done', rows_done: 2 });
    expect(readdirSync(join(storageDir, 'exports', ...row.file_key.split('/').slice(1, 4)))).toEqual([`${exportId}.csv`]);
  });

  it('inboxExport and myInboxExports show the progress to the requester; the link downloads the file', async () => {
    const shown = await view(exportId);
    expect(shown.errors).toBeUndefined();
    const exported = shown.data!.inboxExport;
    expect({ status: exported.status, rowsDone: exported.rowsDone, rowsTotal: exported.rowsTotal, expired: exported.expired, error: exported.error, fileName: exported.fileName }).toEqual({
      status: 'DONE',
      rowsDone: 2,
      rowsTotal: 2,
      expired: false,
      error: null,
      fileName: `besoins-avrille-${new Date().toISOString().slice(0, 10)}.csv`,
    });
    const expiresIn = new Date(exported.expiresAt!).getTime() - Date.now();
    expect(expiresIn > 23.9 * 3_600_000 && expiresIn <= 24 * 3_600_000).toBe(true);
    const mine = await graphql<{ myInboxExports: Array<{ id: string; status: string; rowsDone: number; rowsTotal: number }> }>(api, MINE, {}, { token: tokens.agentA });
    expect(mine.data!.myInboxExports[0]).toEqual({ id: exportId, status: 'DONE', rowsDone: 2, rowsTotal: 2 });
    expect((await graphql<{ myInboxExports: unknown[] }>(api, MINE, {}, { token: tokens.agentA2 })).data!.myInboxExports).toEqual([]);

    const response = await download(exportId, exported.downloadToken!);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${exported.fileName}"`);
    const [{ file_key: key }] = await dataSource.query(`SELECT file_key FROM inbox_export WHERE id = $1`, [exportId]);
    expect(response.rawPayload.equals(readFileSync(join(storageDir, key)))).toBe(true);
    // Admins may download it too.
    expect((await download(exportId, exported.downloadToken!, 'admin')).statusCode).toBe(200);
  });

  it('refuses another agent, a forged or missing link, and anonymous downloads', async () => {
    const token = (await view(exportId)).data!.inboxExport.downloadToken!;
    const other = await download(exportId, token, 'agentA2');
    expect({ status: other.statusCode, body: other.json() }).toEqual({ status: 403, body: { message: 'Seule la personne qui a demandé cet export peut le télécharger.' } });
    expect((await view(exportId, 'agentA2')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await view('00000000-0000-4000-8000-000000000000', 'agentA')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const forged = await download(exportId, `${Number(token.split('.')[0]) + 3600}.${token.split('.')[1]}`);
    expect({ status: forged.statusCode, body: forged.json() }).toEqual({
      status: 404,
      body: { message: "Ce lien de téléchargement n'est pas valide : ouvrez la liste de vos exports pour en obtenir un nouveau." },
    });
    expect((await download(exportId, '')).statusCode).toBe(404);
    expect((await download(exportId, token, null)).statusCode).toBe(401);
  });

  it('refuses bad filters naming the field, agents of other authorities and residents', async () => {
    const bad = await request({ channel: null, communeCode: '1234' }, null);
    expect(bad.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.communeCode', message: 'Le code commune compte 5 caractères.' }] });
    expect((await request(null, 'x'.repeat(201))).errors?.[0]?.extensions?.fields).toEqual([{ field: 'q', message: 'La recherche compte 200 caractères au plus.' }]);
    expect((await request(null, null, 'agentT')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await request(null, null, 'resident')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // An admin may export any inbox, of an authority that exists (the fuzz found a foreign-key 500).
    const [{ n: before }] = await dataSource.query(`SELECT count(*)::int AS n FROM inbox_export`);
    expect((await request(null, null, 'admin', '00000000-0000-0000-0000-000000000000')).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'authorityId', message: 'Choisissez une collectivité ou un organisme de la liste.' }],
    });
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM inbox_export`))[0].n).toBe(before);
    expect((await graphql(api, REQUEST, { a: avrilleId })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an expired link says so in French; the sweep deletes the file and the row, and the link still says it expired', async () => {
    const [{ file_key: key, link_secret: secret }] = await dataSource.query(`SELECT file_key, link_secret FROM inbox_export WHERE id = $1`, [exportId]);
    const issued = (await view(exportId)).data!.inboxExport.downloadToken!;
    await dataSource.query(`UPDATE inbox_export SET expires_at = '2026-11-20T08:00:00Z' WHERE id = $1`, [exportId]);
    const stale = signDownloadToken(secret, exportId, new Date('2026-11-20T08:00:00Z'));
    const expected = {
      status: 410,
      body: { message: 'Ce lien de téléchargement a expiré le 20 novembre 2026 à 09:00 : demandez un nouvel export depuis la page Exports.' },
    };
    const expired = await download(exportId, stale);
    expect({ status: expired.statusCode, body: expired.json() }).toEqual(expected);
    // A link issued before the export's expiry was brought forward dies with it.
    const early = await download(exportId, issued);
    expect({ status: early.statusCode, body: early.json() }).toEqual(expected);
    expect((await view(exportId)).data!.inboxExport).toMatchObject({ status: 'DONE', expired: true, downloadToken: null });

    await worker.get(SweepInboxExportsJob).handle();
    // Twice: the second run finds nothing left.
    await worker.get(SweepInboxExportsJob).handle();
    expect(existsSync(join(storageDir, key))).toBe(false);
    expect(await dataSource.query(`SELECT id FROM inbox_export WHERE id = $1`, [exportId])).toEqual([]);
    const gone = await download(exportId, stale);
    expect({ status: gone.statusCode, body: gone.json() }).toEqual(expected);
  });

  it('with STORAGE_DRIVER=s3 the file goes to the bucket as text/csv, and the sweep deletes it there', async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    const directory = mkdtempSync(join(tmpdir(), 'pit-s3rver-exports-'));
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'pit-exports' }] });
    const endpoint = `http://127.0.0.1:${(await server.run()).port}`;
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    const storage = photoStorageFromEnv({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_BUCKET: 'pit-exports',
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      S3_PREFIX: 'pit',
    }) as PhotoStorage & { destroy(): Promise<void> };
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    try {
      const service = new InboxExportsService(dataSource, worker.get(OutboxService), worker.get(AuditService), storage);
      const actor = { personId: ids.agentA, sessionId: '00000000-0000-4000-8000-000000000000', pseudonym: 'agent', roles: [] };
      const requested = await service.request(actor, avrilleId, { statuses: ['under_study'] }, word);
      await service.build(requested.id);
      const [{ file_key: key }] = await dataSource.query(`SELECT file_key FROM inbox_export WHERE id = $1`, [requested.id]);
      const object = await client.send(new GetObjectCommand({ Bucket: 'pit-exports', Key: `pit/${key}` }));
      expect(object.ContentType).toBe('text/csv; charset=utf-8');
      const lines = (await object.Body!.transformToString('utf-8')).split('\r\n');
      expect(lines.map((line) => line.split(',')[0])).toEqual(['\uFEFFRéférence', needs[2]!.reference, '']);
      await dataSource.query(`UPDATE inbox_export SET expires_at = now() - interval '1 second' WHERE id = $1`, [requested.id]);
      await service.sweep();
      await expect(client.send(new GetObjectCommand({ Bucket: 'pit-exports', Key: `pit/${key}` }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    } finally {
      client.destroy();
      await storage.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('a storage failure puts the export back in the queue for the retry; after the last attempt it fails with a French message', async () => {
    const broken: PhotoStorage = {
      put: async () => {
        throw new Error('disque plein');
      },
      get: async () => null,
      delete: async () => undefined,
    };
    const service = new InboxExportsService(dataSource, worker.get(OutboxService), worker.get(AuditService), broken);
    const actor = { personId: ids.agentA, sessionId: '00000000-0000-4000-8000-000000000000', pseudonym: 'agent', roles: [] };
    const { id } = await service.request(actor, avrilleId, null, word);
    const state = async () => (await dataSource.query(`SELECT status, claim_id, error, file_key FROM inbox_export WHERE id = $1`, [id]))[0];
    await expect(service.build(id, 1)).rejects.toThrow('disque plein');
    expect(await state()).toEqual({ status: 'queued', claim_id: null, error: null, file_key: null });
    await expect(service.build(id, 8)).rejects.toThrow('disque plein');
    expect(await state()).toEqual({ status: 'failed', claim_id: null, error: "L'export n'a pas pu être construit : demandez-en un nouveau.", file_key: null });
    // A failed export is not built again.
    await build(id);
    expect((await state()).status).toBe('failed');
    expect((await view(id)).data!.inboxExport).toMatchObject({ status: 'FAILED', downloadToken: null, error: "L'export n'a pas pu être construit : demandez-en un nouveau." });
  });

  it('an export with no matching need is a CSV with its header only; a queued export shows no link', async () => {
    const result = await request({ statuses: ['DONE'] }, word);
    const id = result.data!.requestInboxExport.id;
    expect((await view(id)).data!.inboxExport).toMatchObject({ status: 'QUEUED', rowsDone: 0, rowsTotal: null, downloadToken: null, expired: false });
    await build(id);
    const [{ file_key: key, rows_total: total }] = await dataSource.query(`SELECT file_key, rows_total FROM inbox_export WHERE id = $1`, [id]);
    expect(total).toBe(0);
    expect(readFileSync(join(storageDir, key), 'utf8')).toBe(
      '\uFEFFRéférence,Titre,Statut,Thème,Catégorie,Commune,Canal,Soutiens,Seuil atteint,En retard,Réponse attendue le,Assigné à,Déposé le\r\n',
    );
  });
});

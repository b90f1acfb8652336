import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import pg from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { DESCRIPTION, graphql, signUpResident, startApi } from '../../../tools/test/harness.js';

// Issue 8, operations item 3: tools/backup.mjs (pg_dump custom format + a tar of STORAGE_DIR) and
// tools/restore.mjs (into a new, empty database + the files back). Needs pg_dump/pg_restore matching
// the server (PG_BIN or /usr/lib/postgresql/<n>/bin): the scripts fail with a clear message otherwise.

const root = resolve(import.meta.dirname, '../../..');
const SUBMIT = /* GraphQL */ `mutation($input: SubmitNeedInput!) { submitNeed(input: $input) { reference } }`;

function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const webpFiles = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((name) => name.endsWith('.webp')).sort();

describe('backup and restore (issue 8, operations)', () => {
  let api: NestFastifyApplication;
  const storage = mkdtempSync(join(tmpdir(), 'pit-backup-storage-'));
  const restoredStorage = mkdtempSync(join(tmpdir(), 'pit-restored-storage-'));
  const backups = mkdtempSync(join(tmpdir(), 'pit-backups-'));
  const sourceUrl = process.env.DATABASE_URL!;
  const freshName = `pit_restore_${process.pid}_${Date.now().toString(36)}`;
  const freshUrl = withDatabase(sourceUrl, freshName);

  beforeAll(async () => {
    process.env.STORAGE_DIR = storage;
    api = await startApi();
    await query(sourceUrl, `CREATE DATABASE ${freshName}`);
  });
  afterAll(async () => {
    await api?.close();
    delete process.env.STORAGE_DIR;
    await query(sourceUrl, `DROP DATABASE IF EXISTS ${freshName} WITH (FORCE)`);
    for (const dir of [storage, restoredStorage, backups]) rmSync(dir, { recursive: true, force: true });
  });

  it('backs up the needs and photos, restores them into a fresh database and finds every need and the photo', async () => {
    const resident = await signUpResident(api, 'Sauvegarde');
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a6' } }).jpeg().toBuffer();
    const upload = await api.inject({
      method: 'POST',
      url: '/needs/photos',
      headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${resident.token}` },
      payload: photo,
    });
    expect(upload.statusCode).toBe(201);
    const written: string[] = [];
    for (const [index, title] of ['Banc cassé au parc', 'Éclairage rue sombre', 'Passage piéton effacé'].entries()) {
      const photos = index === 0 ? [{ token: upload.json().token, alt: 'Un banc aux lattes cassées' }] : [];
      const result = await graphql<{ submitNeed: { reference: string } }>(
        api,
        SUBMIT,
        { input: { title, description: DESCRIPTION, categoryKey: 'schools', communeCode: '49015', photos } },
        { token: resident.token },
      );
      expect(result.errors).toBeUndefined();
      written.push(result.data!.submitNeed.reference);
    }
    const sourceNeeds = (await api.get(DataSource).query(`SELECT reference FROM need ORDER BY reference`)).map((r: { reference: string }) => r.reference);
    expect(sourceNeeds).toEqual(expect.arrayContaining(written));
    const sourcePhotos = webpFiles(storage);
    expect(sourcePhotos.length).toBeGreaterThanOrEqual(1);

    const out = join(backups, 'b1');
    execFileSync(process.execPath, [join(root, 'tools/backup.mjs'), '--out', out], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: sourceUrl, STORAGE_DIR: storage },
      stdio: 'pipe',
    });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.database.file).toBe('database.dump');
    expect(manifest.storage.driver).toBe('disk');

    execFileSync(process.execPath, [join(root, 'tools/restore.mjs'), out, '--storage-dir', restoredStorage], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: freshUrl },
      stdio: 'pipe',
    });
    const restoredNeeds = (await query<{ reference: string }>(freshUrl, `SELECT reference FROM need ORDER BY reference`)).map((r) => r.reference);
    expect(restoredNeeds).toEqual(sourceNeeds);
    const [withPhoto] = await query<{ photos: number }>(
      freshUrl,
      `SELECT count(*)::int AS photos FROM need_photo p JOIN need n ON n.id = p.need_id WHERE n.reference = '${written[0]}'`,
    );
    expect(withPhoto.photos).toBe(1);
    expect(webpFiles(restoredStorage)).toEqual(sourcePhotos);
    for (const file of sourcePhotos) expect(readFileSync(join(restoredStorage, file)).equals(readFileSync(join(storage, file)))).toBe(true);

    // Restoring again into the now non-empty database is refused: nothing is overwritten.
    const again = spawnSync(process.execPath, [join(root, 'tools/restore.mjs'), out, '--storage-dir', restoredStorage], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: freshUrl },
      encoding: 'utf8',
    });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/restore failed: the target database already holds \d+ table\(s\): restore into a new, empty database/);
  });

  it('fails with a clear message when no pg_dump fits the server', () => {
    const run = spawnSync(process.execPath, [join(root, 'tools/backup.mjs'), '--out', join(backups, 'b2')], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: sourceUrl, PG_BIN: '/nonexistent', PATH: '/nonexistent', PG_TOOLS_NO_SYSTEM: '1' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/backup failed: pg_dump for PostgreSQL \d+ not found \(tried \/nonexistent\/pg_dump: missing/);
  });
});

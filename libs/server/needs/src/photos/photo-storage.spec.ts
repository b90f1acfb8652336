import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DiskPhotoStorage, photoStorageFromEnv } from './photo-storage.js';
import { S3PhotoStorage, s3ConfigFromEnv } from './photo-storage.s3.js';

describe('disk photo storage', () => {
  const directory = mkdtempSync(join(tmpdir(), 'pit-storage-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const storage = new DiskPhotoStorage(directory);

  it('writes, reads and deletes files under nested keys, leaving no temporary file', async () => {
    await storage.put('2026/11/26/abc.webp', Buffer.from('image'));
    expect(await storage.get('2026/11/26/abc.webp')).toEqual(Buffer.from('image'));
    expect(readdirSync(join(directory, '2026/11/26'))).toEqual(['abc.webp']);
    await storage.put('2026/11/26/abc.webp', Buffer.from('replaced'));
    expect((await storage.get('2026/11/26/abc.webp'))!.toString()).toBe('replaced');
    await storage.delete('2026/11/26/abc.webp');
    expect(await storage.get('2026/11/26/abc.webp')).toBeNull();
    // Deleting twice is fine.
    await storage.delete('2026/11/26/abc.webp');
  });

  it('answers null for a missing file and refuses keys that could leave its directory', async () => {
    expect(await storage.get('missing.webp')).toBeNull();
    await expect(storage.put('../outside.webp', Buffer.from('x'))).rejects.toThrow('invalid storage key');
    await expect(storage.get('/etc/passwd')).rejects.toThrow('invalid storage key');
    await expect(storage.get('a/../../b.webp')).rejects.toThrow('invalid storage key');
    await expect(storage.get('photo.jpg')).rejects.toThrow('invalid storage key');
  });

  it('is configured by STORAGE_DIR (default .data/storage); unknown drivers are refused', () => {
    expect((photoStorageFromEnv({}) as DiskPhotoStorage).directory).toBe(resolve('.data/storage'));
    expect((photoStorageFromEnv({ STORAGE_DIR: directory }) as DiskPhotoStorage).directory).toBe(directory);
    expect(() => photoStorageFromEnv({ STORAGE_DRIVER: 'gcs' })).toThrow('STORAGE_DRIVER=gcs is unknown: use "disk" (STORAGE_DIR) or "s3" (S3_*)');
  });
});

describe('S3 photo storage settings', () => {
  const s3 = {
    STORAGE_DRIVER: 's3',
    S3_ENDPOINT: 'https://s3.fr-par.scw.cloud/',
    S3_REGION: 'fr-par',
    S3_BUCKET: 'pit-photos',
    S3_ACCESS_KEY_ID: 'SCWKEY',
    S3_SECRET_ACCESS_KEY: 'secret',
  };

  it('names every missing variable at boot', () => {
    expect(() => photoStorageFromEnv({ STORAGE_DRIVER: 's3' })).toThrow(
      'STORAGE_DRIVER=s3 needs S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY (see .env.example)',
    );
    expect(() => photoStorageFromEnv({ ...s3, S3_BUCKET: ' ', S3_SECRET_ACCESS_KEY: '' })).toThrow(
      'STORAGE_DRIVER=s3 needs S3_BUCKET, S3_SECRET_ACCESS_KEY (see .env.example)',
    );
  });

  it('uses path-style requests except on Amazon endpoints, unless S3_FORCE_PATH_STYLE says otherwise', () => {
    expect((photoStorageFromEnv(s3) as S3PhotoStorage).config).toEqual({
      endpoint: 'https://s3.fr-par.scw.cloud',
      region: 'fr-par',
      bucket: 'pit-photos',
      accessKeyId: 'SCWKEY',
      secretAccessKey: 'secret',
      forcePathStyle: true,
      prefix: '',
    });
    expect(s3ConfigFromEnv({ ...s3, S3_ENDPOINT: 'https://s3.eu-west-3.amazonaws.com' }).forcePathStyle).toBe(false);
    expect(s3ConfigFromEnv({ ...s3, S3_FORCE_PATH_STYLE: 'false' }).forcePathStyle).toBe(false);
    expect(s3ConfigFromEnv({ ...s3, S3_ENDPOINT: 'https://s3.eu-west-3.amazonaws.com', S3_FORCE_PATH_STYLE: '1' }).forcePathStyle).toBe(true);
  });

  it('takes an optional key prefix and refuses malformed values', () => {
    expect(s3ConfigFromEnv({ ...s3, S3_PREFIX: '/pit/photos/' }).prefix).toBe('pit/photos/');
    expect(() => s3ConfigFromEnv({ ...s3, S3_ENDPOINT: 'minio:9000', S3_FORCE_PATH_STYLE: 'yes', S3_PREFIX: 'a/../b' })).toThrow(
      'STORAGE_DRIVER=s3: S3_ENDPOINT must be an http(s) URL, e.g. https://s3.fr-par.scw.cloud; S3_FORCE_PATH_STYLE must be true or false; S3_PREFIX may hold letters, digits and . _ - / (e.g. pit/photos)',
    );
  });

  it('checks keys like the disk driver, before any request', async () => {
    const storage = photoStorageFromEnv(s3);
    await expect(storage.get('../outside.webp')).rejects.toThrow('invalid storage key ../outside.webp');
    await expect(storage.put('photo.jpg', Buffer.from('x'))).rejects.toThrow('invalid storage key photo.jpg');
  });
});

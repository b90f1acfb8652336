import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DiskPhotoStorage, photoStorageFromEnv } from './photo-storage.js';

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

  it('is configured by STORAGE_DIR (default .data/storage); other drivers are refused', () => {
    expect((photoStorageFromEnv({}) as DiskPhotoStorage).directory).toBe(resolve('.data/storage'));
    expect((photoStorageFromEnv({ STORAGE_DIR: directory }) as DiskPhotoStorage).directory).toBe(directory);
    expect(() => photoStorageFromEnv({ STORAGE_DRIVER: 's3' })).toThrow('STORAGE_DRIVER=s3 is not supported yet');
  });
});

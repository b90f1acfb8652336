// Where re-encoded photos live: a directory on disk by default (STORAGE_DIR, default .data/storage), or an
// S3-compatible bucket with STORAGE_DRIVER=s3 (photo-storage.s3.ts). Read once at boot: a bad setting stops it.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { S3PhotoStorage, s3ConfigFromEnv } from './photo-storage.s3.js';

export interface PhotoStorage {
  put(key: string, data: Buffer): Promise<void>;
  /** null when the file does not exist. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

export const PHOTO_STORAGE = Symbol('PHOTO_STORAGE');

const KEY = /^[a-z0-9][a-z0-9/_-]{0,120}\.(webp|csv|json|geojson)$/;

/** Every driver takes the same keys: lowercase path segments ending in .webp (photos), .csv (exports), .json (data exports), .csv/.json/.geojson (open data), nothing that climbs up. */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`invalid storage key ${key}`);
}

export class DiskPhotoStorage implements PhotoStorage {
  constructor(readonly directory: string) {}

  private path(key: string): string {
    assertStorageKey(key);
    return join(this.directory, key);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    // Written aside then renamed: a reader never sees half a file.
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, target);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

export function photoStorageFromEnv(env: NodeJS.ProcessEnv = process.env): PhotoStorage {
  const driver = env.STORAGE_DRIVER?.trim() || 'disk';
  if (driver === 's3') return new S3PhotoStorage(s3ConfigFromEnv(env));
  if (driver !== 'disk') throw new Error(`STORAGE_DRIVER=${driver} is unknown: use "disk" (STORAGE_DIR) or "s3" (S3_*)`);
  return new DiskPhotoStorage(resolve(env.STORAGE_DIR?.trim() || '.data/storage'));
}

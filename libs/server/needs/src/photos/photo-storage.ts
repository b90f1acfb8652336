// Where re-encoded photos live: a directory on disk by default (STORAGE_DIR, default .data/storage).
// S3-compatible storage is not implemented yet: STORAGE_DRIVER=s3 is refused at boot rather than ignored.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface PhotoStorage {
  put(key: string, data: Buffer): Promise<void>;
  /** null when the file does not exist. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

export const PHOTO_STORAGE = Symbol('PHOTO_STORAGE');

const KEY = /^[a-z0-9][a-z0-9/_-]{0,120}\.webp$/;

export class DiskPhotoStorage implements PhotoStorage {
  constructor(readonly directory: string) {}

  private path(key: string): string {
    if (!KEY.test(key) || key.includes('..')) throw new Error(`invalid storage key ${key}`);
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
  if (driver !== 'disk') throw new Error(`STORAGE_DRIVER=${driver} is not supported yet: only "disk" (STORAGE_DIR) is implemented`);
  return new DiskPhotoStorage(resolve(env.STORAGE_DIR?.trim() || '.data/storage'));
}

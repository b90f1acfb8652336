import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { randomToken, tokenHash, type Actor } from '@pit/accounts';
import { NeedPhotosRepository } from './need-photos.repository.js';
import { PHOTO_STORAGE, type PhotoStorage } from './photo-storage.js';
import { processPhoto } from './photo-processing.js';

export type PhotoVariant = 'page' | 'full';

@Injectable()
export class NeedPhotosService {
  constructor(
    private readonly repository: NeedPhotosRepository,
    @Inject(PHOTO_STORAGE) private readonly storage: PhotoStorage,
  ) {}

  /**
   * Re-encodes and stores an uploaded photo (not yet attached to anything). Returns the secret token the
   * form carries until the need or draft is saved. Throws PhotoRejectedError with a French message.
   * Side effects: two files in the storage and one need_photo row.
   */
  async upload(data: Buffer, actor: Actor | null): Promise<{ token: string; width: number; height: number }> {
    const processed = await processPhoto(data);
    const token = randomToken();
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    const key = `${day}/${randomBytes(16).toString('hex')}`;
    await this.storage.put(`${key}.webp`, processed.full);
    await this.storage.put(`${key}-page.webp`, processed.page);
    await this.repository.insert({
      tokenHash: tokenHash(token),
      uploadedBy: actor?.personId ?? null,
      storageKey: key,
      width: processed.width,
      height: processed.height,
      bytes: processed.full.length,
      pageBytes: processed.page.length,
    });
    await this.sweepAbandoned();
    return { token, width: processed.width, height: processed.height };
  }

  /** Each upload also removes a few photos abandoned more than a day ago (rows, then files). */
  async sweepAbandoned(): Promise<number> {
    const keys = await this.repository.deleteAbandoned();
    await this.deleteFiles(keys);
    return keys.length;
  }

  /** Removes the files of photos whose rows are gone (a missing file is fine). */
  async deleteFiles(storageKeys: string[]): Promise<void> {
    for (const key of storageKeys) {
      await this.storage.delete(fileKey(key, 'full'));
      await this.storage.delete(fileKey(key, 'page'));
    }
  }

  /** A photo not yet published, for the preview: only its token opens it. */
  async pending(token: string, variant: PhotoVariant): Promise<Buffer | null> {
    if (!/^[A-Za-z0-9_-]{16,100}$/.test(token)) return null;
    const photo = await this.repository.byToken(tokenHash(token));
    if (!photo || photo.needId) return null;
    return this.storage.get(fileKey(photo.storageKey, variant));
  }

  /** A photo of a public need, by its position (1 to 3). */
  async published(reference: string, position: number, variant: PhotoVariant): Promise<Buffer | null> {
    if (!Number.isInteger(position) || position < 1 || position > 3) return null;
    const photo = await this.repository.publicPhoto(reference, position);
    return photo ? this.storage.get(fileKey(photo.storageKey, variant)) : null;
  }
}

function fileKey(storageKey: string, variant: PhotoVariant): string {
  return variant === 'page' ? `${storageKey}-page.webp` : `${storageKey}.webp`;
}

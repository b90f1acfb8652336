// Re-encodes an uploaded photo: auto-rotated, dimensions capped, WebP, and no metadata at all
// (sharp drops EXIF, GPS, XMP and ICC unless asked to keep them; we never call withMetadata).
import sharp from 'sharp';
import { PHOTO_LIMITS } from '@pit/domain';

export class PhotoRejectedError extends Error {
  override name = 'PhotoRejectedError';
}

export interface ProcessedPhoto {
  /** Up to 1600 px on the long side. */
  full: Buffer;
  /** Sized for the photo page: at most PAGE_IMAGE_MAX_BYTES so that page stays within its budget. */
  page: Buffer;
  width: number;
  height: number;
}

const FULL_MAX_SIDE = 1600;
/** The photo page's budget is 60 KB in all: the image gets 45 KB of it. */
export const PAGE_IMAGE_MAX_BYTES = 45_000;
const PAGE_STEPS: ReadonlyArray<{ side: number; quality: number }> = [
  { side: 960, quality: 62 },
  { side: 800, quality: 55 },
  { side: 640, quality: 50 },
  { side: 480, quality: 45 },
  { side: 360, quality: 40 },
];
const FORMATS: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  if (input.length === 0) throw new PhotoRejectedError('Le fichier envoyé est vide.');
  if (input.length > PHOTO_LIMITS.maxBytes) {
    throw new PhotoRejectedError(`La photo dépasse ${PHOTO_LIMITS.maxBytes / 1024 / 1024} Mo : réduisez-la avant de l'envoyer.`);
  }
  let format: string | undefined;
  try {
    // The format is read from the bytes, never from the file name or the declared type.
    format = (await sharp(input, { failOn: 'error' }).metadata()).format;
  } catch {
    format = undefined;
  }
  if (!format || !FORMATS[format]) throw new PhotoRejectedError('Ce fichier n’est pas une photo JPEG, PNG ou WebP.');
  try {
    const pipeline = () => sharp(input, { failOn: 'error', limitInputPixels: 60_000_000 }).rotate();
    const { data: full, info } = await pipeline()
      .resize({ width: FULL_MAX_SIDE, height: FULL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer({ resolveWithObject: true });
    let page: Buffer | null = null;
    for (const step of PAGE_STEPS) {
      page = await sharp(full).resize({ width: step.side, height: step.side, fit: 'inside', withoutEnlargement: true }).webp({ quality: step.quality }).toBuffer();
      if (page.length <= PAGE_IMAGE_MAX_BYTES) break;
    }
    return { full, page: page!, width: info.width, height: info.height };
  } catch {
    throw new PhotoRejectedError('Cette photo n’a pas pu être lue : le fichier est peut-être abîmé.');
  }
}

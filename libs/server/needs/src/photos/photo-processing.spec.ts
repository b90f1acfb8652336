import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { PAGE_IMAGE_MAX_BYTES, PhotoRejectedError, processPhoto } from './photo-processing.js';

describe('photo re-encoding', () => {
  it('turns a large noisy JPEG into WebP: capped at 1600 px, the page image within 45 KB, no metadata', async () => {
    const noise = await sharp(randomBytes(2400 * 1800 * 3), { raw: { width: 2400, height: 1800, channels: 3 } })
      .jpeg({ quality: 90 })
      .withExifMerge({ IFD0: { Make: 'TestCam' } })
      .toBuffer();
    const result = await processPhoto(noise);
    expect({ width: result.width, height: result.height }).toEqual({ width: 1600, height: 1200 });
    expect(result.page.length).toBeLessThanOrEqual(PAGE_IMAGE_MAX_BYTES);
    for (const output of [result.full, result.page]) {
      const meta = await sharp(output).metadata();
      expect(meta.format).toBe('webp');
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
    }
  });

  it('accepts PNG and WebP, refuses other formats, empty files and files over 8 MB', async () => {
    const png = await sharp({ create: { width: 30, height: 20, channels: 4, background: '#0a08' } }).png().toBuffer();
    expect((await processPhoto(png)).width).toBe(30);
    const webp = await sharp({ create: { width: 10, height: 40, channels: 3, background: '#00f' } }).webp().toBuffer();
    expect((await processPhoto(webp)).height).toBe(40);
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer();
    await expect(processPhoto(gif)).rejects.toThrow(new PhotoRejectedError('Ce fichier n’est pas une photo JPEG, PNG ou WebP.'));
    await expect(processPhoto(Buffer.alloc(0))).rejects.toThrow('Le fichier envoyé est vide.');
    await expect(processPhoto(Buffer.alloc(8 * 1024 * 1024 + 1))).rejects.toThrow('La photo dépasse 8 Mo');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
// s3rver: an S3 protocol server (REST + XML, objects in a directory) on loopback. It checks that the
// access key exists but not the v4 signature itself; the requests are the SDK's real ones.
import S3rver from 's3rver';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DESCRIPTION, graphql, signUpResident, startApi } from '../../../../../tools/test/harness.js';
import { DiskPhotoStorage, photoStorageFromEnv, type PhotoStorage } from './photo-storage.js';
import { S3PhotoStorage } from './photo-storage.s3.js';

// Node 20 is supported by the pinned SDK; its notice about future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const BUCKET = 'pit-photos';
// s3rver's built-in account.
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let server: { run(): Promise<{ port: number }>; close(): Promise<void> };
let endpoint: string;
const s3Directory = mkdtempSync(join(tmpdir(), 'pit-s3rver-'));
const diskDirectory = mkdtempSync(join(tmpdir(), 'pit-storage-'));
const created: S3PhotoStorage[] = [];

function s3Env(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    STORAGE_DRIVER: 's3',
    S3_ENDPOINT: endpoint,
    S3_REGION: 'us-east-1',
    S3_BUCKET: BUCKET,
    S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    ...overrides,
  };
}

function s3Storage(overrides: Record<string, string> = {}): S3PhotoStorage {
  const storage = photoStorageFromEnv(s3Env(overrides)) as S3PhotoStorage;
  created.push(storage);
  return storage;
}

/** The bucket as another S3 client sees it: key → bytes. */
async function bucketObjects(): Promise<Map<string, { body: Buffer; contentType: string | undefined }>> {
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
  try {
    const listing = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const objects = new Map<string, { body: Buffer; contentType: string | undefined }>();
    for (const { Key } of listing.Contents ?? []) {
      const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
      objects.set(Key!, { body: Buffer.from(await object.Body!.transformToByteArray()), contentType: object.ContentType });
    }
    return objects;
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Directory, configureBuckets: [{ name: BUCKET }] });
  endpoint = `http://127.0.0.1:${(await server.run()).port}`;
});
afterAll(async () => {
  await Promise.all(created.map((storage) => storage.destroy()));
  await server?.close();
  rmSync(s3Directory, { recursive: true, force: true });
  rmSync(diskDirectory, { recursive: true, force: true });
});

describe.each([
  { driver: 'disk', storage: (): PhotoStorage => photoStorageFromEnv({ STORAGE_DIR: diskDirectory }) },
  { driver: 's3', storage: (): PhotoStorage => s3Storage({ S3_PREFIX: 'contract' }) },
])('photo storage contract ($driver)', ({ storage: make }) => {
  let storage: PhotoStorage;
  beforeAll(() => {
    storage = make();
  });

  it('stores, replaces and deletes binary objects under nested keys; deleting twice is fine', async () => {
    const bytes = randomBytes(300_000);
    await storage.put('2026/11/26/abc.webp', bytes);
    expect((await storage.get('2026/11/26/abc.webp'))!.equals(bytes)).toBe(true);
    await storage.put('2026/11/26/abc.webp', Buffer.from('replaced'));
    expect((await storage.get('2026/11/26/abc.webp'))!.toString()).toBe('replaced');
    await storage.delete('2026/11/26/abc.webp');
    expect(await storage.get('2026/11/26/abc.webp')).toBeNull();
    await storage.delete('2026/11/26/abc.webp');
    await storage.delete('never-written.webp');
  });

  it('answers null for a missing key and refuses malformed keys before any request', async () => {
    expect(await storage.get('missing.webp')).toBeNull();
    expect(await storage.get('2026/01/01/missing-page.webp')).toBeNull();
    await expect(storage.put('../outside.webp', Buffer.from('x'))).rejects.toThrow('invalid storage key ../outside.webp');
    await expect(storage.get('/etc/passwd')).rejects.toThrow('invalid storage key /etc/passwd');
    await expect(storage.delete('photo.jpg')).rejects.toThrow('invalid storage key photo.jpg');
  });
});

describe('S3 photo storage against an S3-compatible server', () => {
  it('writes under the key prefix, as image/webp, and nothing on disk', async () => {
    const storage = s3Storage({ S3_PREFIX: '/pit/photos/' });
    await storage.put('2026/11/26/prefixed.webp', Buffer.from('webp bytes'));
    const objects = await bucketObjects();
    expect(objects.get('pit/photos/2026/11/26/prefixed.webp')).toEqual({ body: Buffer.from('webp bytes'), contentType: 'image/webp' });
    expect(await s3Storage().get('2026/11/26/prefixed.webp')).toBeNull();
    await storage.delete('2026/11/26/prefixed.webp');
    expect((await bucketObjects()).has('pit/photos/2026/11/26/prefixed.webp')).toBe(false);
  });

  it('reports a missing bucket or refused credentials as errors, not as a missing photo', async () => {
    await expect(s3Storage({ S3_BUCKET: 'no-such-bucket' }).get('missing.webp')).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await expect(s3Storage({ S3_ACCESS_KEY_ID: 'UNKNOWNKEY' }).get('missing.webp')).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
  });
});

describe('photos through the api with STORAGE_DRIVER=s3', () => {
  let api: NestFastifyApplication;
  let resident: { token: string };
  const storageDir = mkdtempSync(join(tmpdir(), 'pit-photos-'));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = s3Env({ S3_PREFIX: 'api', STORAGE_DIR: storageDir });
    Object.assign(process.env, env);
    api = await startApi();
    resident = await signUpResident(api, 'Photographe');
  });
  afterAll(async () => {
    await api?.close();
    for (const name of Object.keys(env)) delete process.env[name];
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('stores the re-encoded WebP (no EXIF, no GPS) in the bucket and serves it back from there', async () => {
    const original = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#36c' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 28/1 0/1' } })
      .toBuffer();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const upload = await api.inject({
      method: 'POST',
      url: '/needs/photos',
      headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${resident.token}` },
      payload: original,
    });
    expect(upload.statusCode).toBe(201);
    const { token } = upload.json() as { token: string };

    const objects = [...(await bucketObjects())].filter(([key]) => key.startsWith('api/'));
    expect(objects.map(([key]) => key.replace(/^api\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f]{32}/, 'api/<day>/<id>')).sort()).toEqual([
      'api/<day>/<id>-page.webp',
      'api/<day>/<id>.webp',
    ]);
    for (const [, object] of objects) {
      const meta = await sharp(object.body).metadata();
      expect({ format: meta.format, exif: meta.exif, xmp: meta.xmp, contentType: object.contentType }).toEqual({
        format: 'webp',
        exif: undefined,
        xmp: undefined,
        contentType: 'image/webp',
      });
    }
    expect(readdirSync(storageDir)).toEqual([]);
    const storedPage = objects.find(([key]) => key.endsWith('-page.webp'))![1].body;
    const storedFull = objects.find(([key]) => !key.endsWith('-page.webp'))![1].body;

    const preview = await api.inject({ method: 'GET', url: `/needs/photos/pending/${token}` });
    expect(preview.statusCode).toBe(200);
    expect(preview.rawPayload.equals(storedPage)).toBe(true);

    const submitted = await graphql<{ submitNeed: { reference: string } }>(
      api,
      `mutation($input: SubmitNeedInput!) { submitNeed(input: $input) { reference } }`,
      {
        input: {
          title: 'Abri de bus sans toit',
          description: DESCRIPTION,
          categoryKey: 'schools',
          communeCode: '49015',
          photos: [{ token, alt: 'Un abri de bus sans toit' }],
        },
      },
      { token: resident.token },
    );
    expect(submitted.errors).toBeUndefined();
    const reference = submitted.data!.submitNeed.reference;
    const page = await api.inject({ method: 'GET', url: `/needs/${reference}/photos/1` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('image/webp');
    expect(page.rawPayload.equals(storedPage)).toBe(true);
    const full = await api.inject({ method: 'GET', url: `/needs/${reference}/photos/1?variant=full` });
    expect(full.rawPayload.equals(storedFull)).toBe(true);
    expect((await api.inject({ method: 'GET', url: `/needs/${reference}/photos/2` })).statusCode).toBe(404);
  });
});

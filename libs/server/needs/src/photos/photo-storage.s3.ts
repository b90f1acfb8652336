// S3-compatible storage of re-encoded photos (STORAGE_DRIVER=s3): Amazon S3, MinIO, Scaleway, OVH, Garage…
// Objects are private (no ACL is sent: the bucket's own policy applies); the api reads them back and
// serves them, as with the disk driver. The AWS SDK is loaded on first use, so the disk driver and the
// worker never pay for it.
import type { S3Client } from '@aws-sdk/client-s3';
import { assertStorageKey, type PhotoStorage } from './photo-storage.js';

export interface S3PhotoStorageConfig {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Bucket in the path (http://host/bucket/key) rather than in the host name (http://bucket.host/key). */
  forcePathStyle: boolean;
  /** Prepended to every key ('' or ending with '/'). */
  prefix: string;
}

const REQUIRED = ['S3_ENDPOINT', 'S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$/;

/** Reads the S3_* settings; throws one error naming every missing or invalid variable. */
export function s3ConfigFromEnv(env: NodeJS.ProcessEnv): S3PhotoStorageConfig {
  const value = (name: string) => env[name]?.trim() ?? '';
  const missing = REQUIRED.filter((name) => !value(name));
  if (missing.length) throw new Error(`STORAGE_DRIVER=s3 needs ${missing.join(', ')} (see .env.example)`);
  const problems: string[] = [];
  let endpoint: URL | null = null;
  try {
    endpoint = new URL(value('S3_ENDPOINT'));
  } catch {
    // reported below
  }
  if (!endpoint || !['http:', 'https:'].includes(endpoint.protocol)) problems.push('S3_ENDPOINT must be an http(s) URL, e.g. https://s3.fr-par.scw.cloud');
  const pathStyle = value('S3_FORCE_PATH_STYLE').toLowerCase();
  if (pathStyle && !['true', 'false', '1', '0'].includes(pathStyle)) problems.push('S3_FORCE_PATH_STYLE must be true or false');
  const prefix = value('S3_PREFIX').replace(/^\/+|\/+$/g, '');
  if (prefix && (!PREFIX.test(prefix) || prefix.split('/').some((part) => part === '' || part === '.' || part === '..'))) {
    problems.push('S3_PREFIX may hold letters, digits and . _ - / (e.g. pit/photos)');
  }
  if (problems.length) throw new Error(`STORAGE_DRIVER=s3: ${problems.join('; ')}`);
  return {
    endpoint: endpoint!.href.replace(/\/+$/, ''),
    region: value('S3_REGION'),
    bucket: value('S3_BUCKET'),
    accessKeyId: value('S3_ACCESS_KEY_ID'),
    secretAccessKey: value('S3_SECRET_ACCESS_KEY'),
    // Most S3-compatible services (MinIO, Garage, a local endpoint) only answer path-style requests;
    // Amazon's own endpoints prefer virtual-hosted style.
    forcePathStyle: pathStyle ? pathStyle === 'true' || pathStyle === '1' : !/(^|\.)amazonaws\.com$/i.test(endpoint!.hostname),
    prefix: prefix ? `${prefix}/` : '',
  };
}

export class S3PhotoStorage implements PhotoStorage {
  private client?: Promise<{ sdk: typeof import('@aws-sdk/client-s3'); s3: S3Client }>;

  constructor(readonly config: S3PhotoStorageConfig) {}

  private connect() {
    this.client ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        endpoint: this.config.endpoint,
        region: this.config.region,
        forcePathStyle: this.config.forcePathStyle,
        // Only these credentials: never the SDK's chain (AWS_* variables, instance metadata…).
        credentials: { accessKeyId: this.config.accessKeyId, secretAccessKey: this.config.secretAccessKey },
        // Checksums only where S3 requires them: several S3-compatible services refuse the SDK's default
        // CRC headers and aws-chunked uploads.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      }),
    }));
    return this.client;
  }

  private objectKey(key: string): string {
    assertStorageKey(key);
    return this.config.prefix + key;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const Key = this.objectKey(key);
    const { sdk, s3 } = await this.connect();
    // One PUT: readers see the previous object or the new one, never half of it.
    await s3.send(new sdk.PutObjectCommand({ Bucket: this.config.bucket, Key, Body: data, ContentType: Key.endsWith('.csv') ? 'text/csv; charset=utf-8' : Key.endsWith('.geojson') ? 'application/geo+json' : Key.endsWith('.json') ? 'application/json' : 'image/webp' }));
  }

  async get(key: string): Promise<Buffer | null> {
    const Key = this.objectKey(key);
    const { sdk, s3 } = await this.connect();
    try {
      const object = await s3.send(new sdk.GetObjectCommand({ Bucket: this.config.bucket, Key }));
      const bytes = await object.Body!.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    const { sdk, s3 } = await this.connect();
    try {
      await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.config.bucket, Key }));
    } catch (error) {
      // S3 answers 204 for a missing key; some compatible services answer 404.
      if (!isMissingObject(error)) throw error;
    }
  }

  /** Closes the client's connections (tests; the api simply exits). */
  async destroy(): Promise<void> {
    if (this.client) (await this.client).s3.destroy();
    this.client = undefined;
  }
}

/** A missing key, not a missing bucket or a refusal: those are configuration errors and must surface. */
function isMissingObject(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || (name !== 'NoSuchBucket' && $metadata?.httpStatusCode === 404);
}

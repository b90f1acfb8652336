import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

/** The events a webhook may subscribe to. */
export const WEBHOOK_EVENTS = ['need.routed', 'need.status_changed', 'need.transferred', 'need.requalified'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookSettings {
  /** WEBHOOK_ALLOW_HTTP_LOOPBACK=true: http:// URLs to 127.0.0.1, ::1 or localhost are accepted (tests, development). */
  allowHttpLoopback: boolean;
  /** WEBHOOK_TIMEOUT_MS (default 5000): an answer slower than this is a failed attempt. */
  timeoutMs: number;
  /** WEBHOOK_MAX_ATTEMPTS (default 6): after that many failed attempts the delivery is marked failed. */
  maxAttempts: number;
  /** WEBHOOK_BACKOFF_MS (default 30000): the wait after the first failure, doubled after each one. */
  backoffMs: number;
  /** WEBHOOK_SECRET_KEY (32 bytes, base64 or hex): the key secrets are encrypted with at rest; null: kept as is. */
  secretKey: Buffer | null;
}

export function webhookSettings(env: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const int = (name: string, fallback: number, min: number, max: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer between ${min} and ${max}`);
    return value;
  };
  const raw = env.WEBHOOK_SECRET_KEY?.trim();
  let secretKey: Buffer | null = null;
  if (raw) {
    secretKey = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (secretKey.length !== 32) throw new Error('WEBHOOK_SECRET_KEY must be 32 bytes, in hex (64 characters) or base64');
  }
  return {
    allowHttpLoopback: env.WEBHOOK_ALLOW_HTTP_LOOPBACK === 'true',
    timeoutMs: int('WEBHOOK_TIMEOUT_MS', 5000, 100, 60_000),
    maxAttempts: int('WEBHOOK_MAX_ATTEMPTS', 6, 1, 20),
    backoffMs: int('WEBHOOK_BACKOFF_MS', 30_000, 1, 86_400_000),
    secretKey,
  };
}

/** A new signing secret, shown once to the agent who registers the webhook. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/**
 * The secret as stored. Unlike a password or an API key it cannot be hashed: the worker needs it in clear to
 * sign each delivery. With WEBHOOK_SECRET_KEY it is encrypted (AES-256-GCM, random IV) so a database dump alone
 * does not give it away; without a key it is stored as is (development, tests, or a database encrypted by other means).
 */
export function sealSecret(secret: string, key: Buffer | null): string {
  if (!key) return `plain:${secret}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `enc:v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
}

export function openSecret(stored: string, key: Buffer | null): string {
  if (stored.startsWith('plain:')) return stored.slice('plain:'.length);
  const [, version, iv, tag, data] = stored.split(':');
  if (version !== 'v1' || !key) throw new Error('webhook secret is encrypted but WEBHOOK_SECRET_KEY is not set');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64'));
  decipher.setAuthTag(Buffer.from(tag!, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data!, 'base64')), decipher.final()]).toString('utf8');
}

/** `sha256=<hex HMAC-SHA256 of the raw body with the secret>`: the X-PIT-Signature header. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** A short fingerprint of the secret, to tell which one a partner holds without showing it. */
export function secretFingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 8);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Addresses of the platform's own network: a webhook must not make the worker call them (SSRF). */
const PRIVATE = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

/** A host name that is an address of a private network, or a name that only resolves inside one. */
function privateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const family = isIP(host);
  if (family) return PRIVATE.check(host, family === 4 ? 'ipv4' : 'ipv6');
  return host === 'localhost' || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host) || !host.includes('.');
}

/** Null when the URL is acceptable, else the French message for the `url` field. */
export function webhookUrlProblem(raw: string, settings: Pick<WebhookSettings, 'allowHttpLoopback'>): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Indiquez une adresse complète, par exemple https://exemple.fr/webhooks.';
  }
  if (raw.length > 500) return 'L’adresse est trop longue (500 caractères au plus).';
  if (url.username || url.password) return 'L’adresse ne doit pas contenir d’identifiants.';
  if (url.protocol === 'http:' && settings.allowHttpLoopback && LOOPBACK.has(url.hostname)) return null;
  if (url.protocol !== 'https:') return 'L’adresse doit commencer par https://.';
  // Literal addresses and names only; a public name that resolves to a private address is not caught here.
  if (privateHost(url.hostname)) return 'L’adresse doit être celle d’un serveur joignable sur internet.';
  return null;
}

/** The wait before attempt n+1 after n failed attempts: backoff, 2×backoff, 4×backoff… */
export function backoffDelay(failedAttempts: number, backoffMs: number): number {
  return backoffMs * 2 ** Math.max(0, failedAttempts - 1);
}

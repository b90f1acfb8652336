// One validated configuration, read by api, worker and tools alike.
import { isIP } from 'node:net';

export interface AppConfig {
  nodeEnv: 'production' | 'development' | 'test';
  databaseUrl: string;
  /** BullMQ runs on Redis when set, on BullMQ's PostgreSQL backend otherwise. */
  redisUrl: string | null;
  queuePrefix: string;
  apiHost: string;
  apiPort: number;
  /** Poll interval of the outbox relay, in ms (LISTEN/NOTIFY wakes it sooner). */
  outboxPollMs: number;
  /** How often the reconciliation sweep looks for needs left unrouted (NEED_ROUTING_SWEEP_EVERY_MS, default 60000). */
  needRoutingSweepEveryMs: number;
  /** A need still unrouted this long after its submission is routed again by the sweep (NEED_ROUTING_GRACE_SECONDS, default 120). */
  needRoutingGraceSeconds: number;
  /** Needs submitted without an account, per client address and hour. */
  anonymousSubmissionsPerHour: number;
  /** Public URL of the web site, for links in emails (ORIGIN). */
  publicUrl: string;
  /** SMTP server (smtp://user:pass@host:port); null: emails are written to the log only. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Shared secret the web server sends to the api: only then is its forwarded client address trusted. */
  webApiKey: string | null;
  /** FranceConnect v2 (residents); null until FRANCECONNECT_CLIENT_ID and _SECRET are set. */
  franceConnect: OidcClientConfig | null;
  /** ProConnect (public agents); null until PROCONNECT_CLIENT_ID and _SECRET are set. */
  proConnect: OidcClientConfig | null;
  /** Weeks after a need is réalisé before its author and supporters are asked whether the service answers it. */
  serviceFeedbackDelayWeeks: number;
  /**
   * Key of the HMAC that keeps paper supporters' and FranceConnect identities only as hashes (PAPER_SUPPORT_SECRET);
   * a fixed development key outside production, null in production when unset (the api then refuses to start).
   */
  paperSupportSecret: string | null;
  /**
   * Which peers may tell the api the client address in X-Forwarded-For (TRUST_PROXY), Fastify's `trustProxy`: false
   * (default: the socket's address), or the reverse proxies' addresses and CIDR ranges (also loopback, linklocal,
   * uniquelocal). Keys the anonymous rate limits and Open311 on the visitor behind a reverse proxy.
   */
  trustProxy: false | string[];
}

/** An OpenID Connect provider the api logs people in through (client secret kept by the api). */
export interface OidcClientConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Integration environments: production issuers are given through the *_ISSUER variables. */
export const OIDC_DEFAULT_ISSUERS = {
  franceConnect: 'https://fcp-low.integ01.dev-franceconnect.fr/api/v2',
  proConnect: 'https://fca.integ01.dev-agentconnect.fr/api/v2',
} as const;

/** Development and tests only: production refuses to start without PAPER_SUPPORT_SECRET. */
export const DEVELOPMENT_PAPER_SUPPORT_SECRET = 'development-only-paper-support-secret-not-for-production';

/** The api needs the key (tools such as migrate or admin-create do not): it refuses to start without it in production. */
export function requirePaperSupportSecret(config: AppConfig): string {
  if (!config.paperSupportSecret) throw new ConfigError(['PAPER_SUPPORT_SECRET is required in production (32+ random characters, e.g. openssl rand -base64 32)']);
  return config.paperSupportSecret;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL?.trim() ?? '';
  if (!databaseUrl) problems.push('DATABASE_URL is required (postgres://user:password@host:port/database)');
  else if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');

  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must start with redis:// or rediss://');

  const queuePrefix = env.QUEUE_PREFIX?.trim() || 'pit';
  if (!/^[a-zA-Z0-9_-]{1,40}$/.test(queuePrefix)) problems.push('QUEUE_PREFIX may only hold letters, digits, "-" and "_" (40 at most)');

  const apiPort = integer(env.API_PORT, 3001, 'API_PORT', problems, 1, 65535);
  const outboxPollMs = integer(env.OUTBOX_POLL_MS, 1000, 'OUTBOX_POLL_MS', problems, 10, 60000);
  const needRoutingSweepEveryMs = integer(env.NEED_ROUTING_SWEEP_EVERY_MS, 60_000, 'NEED_ROUTING_SWEEP_EVERY_MS', problems, 1000, 3_600_000);
  const needRoutingGraceSeconds = integer(env.NEED_ROUTING_GRACE_SECONDS, 120, 'NEED_ROUTING_GRACE_SECONDS', problems, 1, 86_400);
  const anonymousSubmissionsPerHour = integer(env.ANONYMOUS_SUBMISSIONS_PER_HOUR, 30, 'ANONYMOUS_SUBMISSIONS_PER_HOUR', problems, 1, 1_000_000);
  const serviceFeedbackDelayWeeks = integer(env.SERVICE_FEEDBACK_DELAY_WEEKS, 6, 'SERVICE_FEEDBACK_DELAY_WEEKS', problems, 0, 104);

  const publicUrl = (env.PUBLIC_URL?.trim() || env.ORIGIN?.trim() || 'http://localhost:3000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(publicUrl)) problems.push('PUBLIC_URL (or ORIGIN) must be an origin such as https://besoins.example.fr');
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');
  const webApiKey = env.WEB_API_KEY?.trim() || null;
  if (webApiKey && webApiKey.length < 16) problems.push('WEB_API_KEY must hold at least 16 characters');

  // Changing it later makes earlier hashes unmatchable: production must set it (the launcher keeps one in .data).
  const paperSupportSecret = env.PAPER_SUPPORT_SECRET?.trim() || (env.NODE_ENV === 'production' ? null : DEVELOPMENT_PAPER_SUPPORT_SECRET);
  if (paperSupportSecret !== null && paperSupportSecret.length < 32) problems.push('PAPER_SUPPORT_SECRET must hold at least 32 characters');

  const franceConnect = oidcClient(env, 'FRANCECONNECT', OIDC_DEFAULT_ISSUERS.franceConnect, problems);
  const proConnect = oidcClient(env, 'PROCONNECT', OIDC_DEFAULT_ISSUERS.proConnect, problems);

  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);

  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  const nodeEnv = nodeEnvRaw === 'production' || nodeEnvRaw === 'test' ? nodeEnvRaw : 'development';

  if (problems.length) throw new ConfigError(problems);
  return {
    nodeEnv,
    databaseUrl,
    redisUrl,
    queuePrefix,
    apiHost: env.API_HOST?.trim() || '127.0.0.1',
    apiPort,
    outboxPollMs,
    needRoutingSweepEveryMs,
    needRoutingGraceSeconds,
    anonymousSubmissionsPerHour,
    publicUrl,
    smtpUrl,
    mailFrom: env.MAIL_FROM?.trim() || 'Plateforme territoriale <ne-pas-repondre@localhost>',
    webApiKey,
    franceConnect,
    proConnect,
    serviceFeedbackDelayWeeks,
    paperSupportSecret,
    trustProxy,
  };
}

const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: unset, empty, "false" or "off": trust no one; else a comma-separated list of the proxies' addresses,
 * CIDR ranges and the names loopback, linklocal, uniquelocal. Refused: "true" (every hop trusted, so the left-most
 * address, which any client can write) and hop counts (they cannot tell the proxy from a client calling directly;
 * Fastify 5.12 treats a number as "trust no one").
 */
function parseTrustProxy(raw: string | undefined, problems: string[]): false | string[] {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false' || value === 'off') return false;
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => !TRUST_PROXY_NAMES.has(entry) && !isAddressOrRange(entry));
  if (bad.length > 0 || entries.length === 0) {
    problems.push(`TRUST_PROXY must be false or the addresses and CIDR ranges of the reverse proxies, comma-separated (not understood: ${bad.join(', ')})`);
    return false;
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** A provider is on only with both its client id and secret; http issuers only on loopback (tests). */
function oidcClient(env: NodeJS.ProcessEnv, prefix: string, defaultIssuer: string, problems: string[]): OidcClientConfig | null {
  const issuer = env[`${prefix}_ISSUER`]?.trim() || defaultIssuer;
  const clientId = env[`${prefix}_CLIENT_ID`]?.trim() || '';
  const clientSecret = env[`${prefix}_CLIENT_SECRET`]?.trim() || '';
  if (!clientId && !clientSecret) return null;
  if (!clientId || !clientSecret) problems.push(`${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET go together: set both, or neither`);
  let url: URL | null = null;
  try {
    url = new URL(issuer);
  } catch {
    problems.push(`${prefix}_ISSUER must be a URL such as ${defaultIssuer}`);
  }
  if (url && url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    problems.push(`${prefix}_ISSUER must use https (http is accepted on loopback only, for tests)`);
  }
  return { issuer, clientId, clientSecret };
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function integer(raw: string | undefined, fallback: number, name: string, problems: string[], min: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

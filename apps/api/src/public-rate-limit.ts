import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { SessionsService } from '@pit/accounts';
import { WEB_KEY_HEADER, rememberActor } from '@pit/accounts/graphql';
import { APP_CONFIG, type AppConfig } from '@pit/core';

/** Anonymous GraphQL requests accepted per client address and minute (PUBLIC_API_REQUESTS_PER_MINUTE, default 300; 0 turns the limit off). */
export function publicApiRequestsPerMinute(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.PUBLIC_API_REQUESTS_PER_MINUTE ?? 300);
  if (!Number.isInteger(value) || value < 0) throw new Error('PUBLIC_API_REQUESTS_PER_MINUTE must be a non-negative integer');
  return value;
}

export const PUBLIC_API_LIMIT_MESSAGE = 'Trop de requêtes depuis votre adresse. Réessayez dans une minute.';

/**
 * Rate limit of the public reads on /graphql: requests without a valid session, per client address
 * (request.ip: the socket's, or the visitor's forwarded by the proxy that TRUST_PROXY names), in
 * fixed one-minute windows, counted in each api process (two processes allow twice the limit). Beyond the limit: 429, Retry-After and a French
 * GraphQL error. The web server's calls (valid WEB_API_KEY header) and valid sessions are not counted.
 */
export function registerPublicRateLimit(app: INestApplication, perMinute = publicApiRequestsPerMinute()): void {
  if (perMinute === 0) return;
  const config = app.get<AppConfig>(APP_CONFIG);
  const sessions = app.get(SessionsService);
  let window = 0;
  let counts = new Map<string, number>();
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.split('?')[0] !== '/graphql') return;
    const webKey = header(request.headers[WEB_KEY_HEADER]);
    if (webKey && config.webApiKey && safeEqual(webKey, config.webApiKey)) return;
    const authorization = header(request.headers.authorization);
    if (authorization?.startsWith('Bearer ')) {
      // ActorGuard reuses this lookup: one session query per request, not two.
      const actor = await sessions.resolve(authorization.slice(7).trim());
      rememberActor(request, actor);
      if (actor) return;
    }
    const now = Date.now();
    const current = Math.floor(now / 60_000);
    if (current !== window) {
      window = current;
      counts = new Map();
    }
    const address = request.ip ?? 'unknown';
    const count = (counts.get(address) ?? 0) + 1;
    counts.set(address, count);
    if (count <= perMinute) return;
    const retryAfter = Math.max(1, Math.ceil(((current + 1) * 60_000 - now) / 1000));
    await reply
      .code(429)
      .header('retry-after', String(retryAfter))
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ errors: [{ message: PUBLIC_API_LIMIT_MESSAGE, extensions: { code: 'TOO_MANY_REQUESTS', retryAfter } }] }));
    return reply;
  });
}

function header(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

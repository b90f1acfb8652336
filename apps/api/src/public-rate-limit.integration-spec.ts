import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { signUpResident, startApi } from '../../../tools/test/harness.js';
import { PUBLIC_API_LIMIT_MESSAGE } from './public-rate-limit.js';

// Issue 7 item 7: anonymous public reads on /graphql are limited per client address; the web
// server's calls (WEB_API_KEY) and logged-in sessions are not counted.
const WEB_KEY = 'test-web-key-public-api-0123';
const LIMIT = 3;

describe('public GraphQL rate limit', () => {
  let app: NestFastifyApplication;
  let token: string;

  beforeAll(async () => {
    process.env.WEB_API_KEY = WEB_KEY;
    process.env.PUBLIC_API_REQUESTS_PER_MINUTE = String(LIMIT);
    app = await startApi();
    token = (await signUpResident(app, 'Limite')).token;
  });

  afterAll(async () => {
    process.env.PUBLIC_API_REQUESTS_PER_MINUTE = '0';
    await app?.close();
  });

  const query = (remoteAddress: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/graphql',
      remoteAddress,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({ query: '{ themes { key } }' }),
    });

  it('answers 429 with Retry-After and a French message past the limit for an anonymous address', async () => {
    // The window is a calendar minute: wait for a fresh one when this one is about to end.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    for (let i = 0; i < LIMIT; i += 1) expect((await query('203.0.113.7')).statusCode).toBe(200);
    const refused = await query('203.0.113.7');
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = JSON.parse(refused.body) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.message).toBe(PUBLIC_API_LIMIT_MESSAGE);
    expect(body.errors[0]!.extensions.code).toBe('TOO_MANY_REQUESTS');
    // Another address has its own count; a bogus session token is counted as anonymous.
    expect((await query('203.0.113.8')).statusCode).toBe(200);
    expect((await query('203.0.113.7', { authorization: 'Bearer not-a-session' })).statusCode).toBe(429);
  });

  it('never limits the web server’s calls nor a valid session', async () => {
    for (let i = 0; i < LIMIT + 5; i += 1) {
      const web = await query('203.0.113.9', { 'x-pit-web-key': WEB_KEY, 'x-forwarded-for': '198.51.100.1' });
      expect(web.statusCode).toBe(200);
      expect((await query('203.0.113.10', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
    }
    // A wrong web key is no exemption.
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i += 1) statuses.push((await query('203.0.113.11', { 'x-pit-web-key': 'wrong-key-0123456789' })).statusCode);
    expect(statuses.at(-1)).toBe(429);
  });

  it('runs the /api page’s examples anonymously', async () => {
    const run = async (body: object) => {
      const response = await app.inject({ method: 'POST', url: '/graphql', remoteAddress: '203.0.113.20', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
      expect(response.statusCode).toBe(200);
      return JSON.parse(response.body) as { data?: Record<string, unknown>; errors?: unknown };
    };
    const list = await run({ query: '{ needs(first: 5) { edges { node { reference title status } } } }' });
    expect(list.errors).toBeUndefined();
    const one = await run({ query: 'query($r: String!) { need(reference: $r) { reference title status } }', variables: { r: 'B-XXXXXX' } });
    expect(one.errors).toBeUndefined();
    expect(one.data).toEqual({ need: null });
  });
});

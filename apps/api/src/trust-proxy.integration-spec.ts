import { afterEach, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startApi } from '../../../tools/test/harness.js';

// Issue 8 operations item 2: behind the compose reverse proxy (Caddy at a fixed address of the compose network),
// TRUST_PROXY names it, and the api takes the client address from the X-Forwarded-For it writes, so the anonymous rate
// limit counts each visitor, not the proxy. Off by default: a client cannot pick its own address by writing the header,
// nor can a peer that is not the proxy. Here the "proxy" is loopback (light-my-request's remoteAddress). Each app counts
// in its own process memory.
const LIMIT = 2;

describe('TRUST_PROXY and the anonymous rate limit', () => {
  let app: NestFastifyApplication | undefined;

  const start = async (trustProxy: string | undefined) => {
    process.env.PUBLIC_API_REQUESTS_PER_MINUTE = String(LIMIT);
    if (trustProxy === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = trustProxy;
    app = await startApi();
    // The window is a calendar minute: wait for a fresh one when this one is about to end.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    return app;
  };

  afterEach(async () => {
    process.env.PUBLIC_API_REQUESTS_PER_MINUTE = '0';
    delete process.env.TRUST_PROXY;
    await app?.close();
    app = undefined;
  });

  /** `count` anonymous requests from the socket address `remoteAddress` carrying X-Forwarded-For `forwarded`: their statuses. */
  const statuses = async (api: NestFastifyApplication, remoteAddress: string, forwarded: string | null, count = LIMIT + 1) => {
    const result: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const response = await api.inject({
        method: 'POST',
        url: '/graphql',
        remoteAddress,
        headers: { 'content-type': 'application/json', ...(forwarded ? { 'x-forwarded-for': forwarded } : {}) },
        payload: JSON.stringify({ query: '{ themes { key } }' }),
      });
      result.push(response.statusCode);
    }
    return result;
  };

  it('TRUST_PROXY=<the proxy>: two clients behind it are limited separately, on the address the proxy wrote', async () => {
    const api = await start('127.0.0.1');
    expect(await statuses(api, '127.0.0.1', '203.0.113.30')).toEqual([200, 200, 429]);
    expect(await statuses(api, '127.0.0.1', '203.0.113.31')).toEqual([200, 200, 429]);
    // A client that writes its own X-Forwarded-For only adds an entry on the left: the proxy's (right-most) one counts.
    expect(await statuses(api, '127.0.0.1', '198.51.100.77, 203.0.113.30', 1)).toEqual([429]);
    // Requests with no forwarded address are counted on the socket's.
    expect(await statuses(api, '127.0.0.1', null)).toEqual([200, 200, 429]);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: every request from the same socket address shares one count', async () => {
    const api = await start(undefined);
    expect(await statuses(api, '127.0.0.1', '203.0.113.40', LIMIT)).toEqual([200, 200]);
    expect(await statuses(api, '127.0.0.1', '203.0.113.41', 1)).toEqual([429]);
    expect(await statuses(api, '192.0.2.10', '203.0.113.41', 1)).toEqual([200]);
  });

  it('TRUST_PROXY as ranges: only peers in them are believed', async () => {
    const api = await start('127.0.0.0/8, ::1');
    expect(await statuses(api, '127.0.0.1', '203.0.113.50')).toEqual([200, 200, 429]);
    expect(await statuses(api, '127.0.0.1', '203.0.113.51', 1)).toEqual([200]);
    // Not the proxy: its header is ignored, so its two "clients" share the count of its own address.
    expect(await statuses(api, '192.0.2.20', '203.0.113.52', LIMIT)).toEqual([200, 200]);
    expect(await statuses(api, '192.0.2.20', '203.0.113.53', 1)).toEqual([429]);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError, ApiUnavailableError, createClient } from './api';
import { NeedPage, SubmitNeed } from './operations';

const reply = (status: number, body: unknown): typeof fetch =>
  (async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })) as typeof fetch;

describe('GraphQL client', () => {
  it('posts JSON to /graphql and returns data', async () => {
    let seen: { url: string; init: RequestInit } | undefined;
    const client = createClient({
      url: 'http://api.test/',
      fetch: (async (url: string, init: RequestInit) => {
        seen = { url, init };
        return new Response(JSON.stringify({ data: { need: null } }));
      }) as typeof fetch,
    });
    await expect(client(NeedPage, { reference: 'B-234567' })).resolves.toEqual({ need: null });
    expect(seen?.url).toBe('http://api.test/graphql');
    expect((seen?.init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(JSON.parse(String(seen?.init.body)).variables).toEqual({ reference: 'B-234567' });
  });

  it('exposes the fields of a BAD_USER_INPUT error', async () => {
    const fields = [{ field: 'title', message: 'Le titre est trop court.' }];
    const client = createClient({ url: 'http://api.test', fetch: reply(200, { errors: [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', fields } }] }) });
    const error = await client(SubmitNeed, { input: { title: 'a', description: '', categoryKey: '', communeCode: '' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.isBadUserInput).toBe(true);
    expect(error.fields).toEqual(fields);
  });

  it('reports an unreachable or broken API as unavailable', async () => {
    const down = createClient({ url: 'http://api.test', fetch: (async () => { throw new TypeError('fetch failed'); }) as typeof fetch });
    await expect(down(NeedPage, { reference: 'B-234567' })).rejects.toBeInstanceOf(ApiUnavailableError);
    const html = createClient({ url: 'http://api.test', fetch: (async () => new Response('<h1>502</h1>', { status: 502 })) as typeof fetch });
    await expect(html(NeedPage, { reference: 'B-234567' })).rejects.toBeInstanceOf(ApiUnavailableError);
  });
});

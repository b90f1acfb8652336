import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { graphql, startApi } from '../../../tools/test/harness.js';

describe('GraphQL limits', () => {
  let api: NestFastifyApplication;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers a query within the limits', async () => {
    const result = await graphql<{ needs: { totalCount: number } }>(api, `{ needs(first: 20) { totalCount edges { node { commune { epci { name } } } } } }`);
    expect(result.errors).toBeUndefined();
  });

  it('refuses a query deeper than 8 levels, with a clear error', async () => {
    const deep = `{ needs { edges { node { category { theme { categories { theme { categories { key } } } } } } } } }`;
    const result = await graphql(api, deep);
    // Refused at validation, before anything runs (Apollo names the code of validation errors).
    expect(result.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors![0]!.message).toBe('La requête est trop profonde (9 niveaux, 8 au plus).');
  });

  it('follows fragments when measuring depth', async () => {
    const result = await graphql(
      api,
      `query { needs { edges { node { ...N } } } } fragment N on Need { category { theme { categories { theme { categories { key } } } } } }`,
    );
    expect(result.errors![0]!.message).toMatch(/^La requête est trop profonde/);
  });

  it('refuses more than 15 aliases', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: themes { key }`).join(' ');
    const result = await graphql(api, `{ ${aliases} }`);
    expect(result.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors![0]!.message).toBe("La requête utilise trop d'alias (16, 15 au plus).");
    const fifteen = Array.from({ length: 15 }, (_, i) => `a${i}: themes { key }`).join(' ');
    expect((await graphql(api, `{ ${fifteen} }`)).errors).toBeUndefined();
  });

  it('refuses an operation whose estimated cost is too high', async () => {
    const aliases = Array.from({ length: 4 }, (_, i) => `p${i}: needs(first: 100) { edges { node { history { label note at } routing { reason authority { name } } } } }`).join(' ');
    const result = await graphql(api, `{ ${aliases} }`);
    expect(result.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors![0]!.message).toMatch(/^La requête est trop coûteuse \(\d+ points, 3000 au plus\)/);
  });

  it('refuses batched requests', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([{ query: '{ themes { key } }' }, { query: '{ themes { key } }' }]),
    });
    expect(response.statusCode).toBe(400);
  });

  it('refuses a cross-site simple request (CSRF prevention)', async () => {
    const response = await api.inject({ method: 'GET', url: '/graphql?query=%7Bthemes%7Bkey%7D%7D' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('CSRF');
  });
});

// What the malformed-input fuzz (tools/fault/fuzz.mjs) found, kept as tests: each answered a 500 before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { accountsWithRoles, graphql, signUpResident, startApi } from '../../../tools/test/harness.js';

describe('malformed input', () => {
  let api: NestFastifyApplication;
  let resident: string;
  beforeAll(async () => {
    api = await startApi();
    resident = (await signUpResident(api, 'Fuzz')).token;
  });
  afterAll(async () => {
    await api?.close();
  });

  const post = (body: string) => api.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: body });

  it('refuses ids that are not UUIDs naming the field: with the resolver\'s own message, else when PostgreSQL refuses them (it answered 500)', async () => {
    const id = "1'; DROP TABLE need; --";
    const follow = await graphql(api, 'mutation($n: ID!) { followNeed(needId: $n) { __typename } }', { n: id }, { token: resident });
    expect(follow.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'needId', message: "Ce besoin n'existe pas ou n'est pas public." }] });
    // deleteAnswerTemplate looks its template up by id straight away: PostgreSQL refuses the text (22P02).
    const { tokens } = await accountsWithRoles(api, 'Fuzz ids', { admin: { role: 'admin' } });
    const response = await api.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.admin}` },
      payload: JSON.stringify({ query: 'mutation($id: ID!) { deleteAnswerTemplate(id: $id) }', variables: { id } }),
    });
    expect(response.statusCode).toBe(200);
    const errors = JSON.parse(response.body).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: "Cet identifiant n'est pas valide.", extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: "Cet identifiant n'est pas valide." }] } });
  });

  it('refuses NUL, other control characters, lone surrogates and bytes that are not UTF-8, naming the field', async () => {
    const query = 'mutation($n: ID!, $b: String!) { postComment(needId: $n, body: $b) { id } }';
    const needId = '6f1c1f7e-3b1a-4c53-9d0e-8f0a2b6c9d11';
    for (const body of ['Un commentaire\u0000 avec NUL', 'Sonnerie \u0007 ici', 'Demi \ud800 caractère']) {
      const result = await graphql(api, query, { n: needId, b: body }, { token: resident });
      expect(result.errors![0]!.extensions, JSON.stringify(body)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'body' }] });
    }
    // Raw bytes: 0xFF is not UTF-8 (the JSON body decodes it to U+FFFD).
    const raw = Buffer.concat([Buffer.from(JSON.stringify({ query, variables: { n: needId, b: 'octets X' } }).split('X')[0]!), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    const response = await api.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${resident}` }, payload: raw });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors[0].extensions.fields).toEqual([{ field: 'body', message: expect.stringContaining('caractères invalides') }]);
  });

  it('names the field of GraphQL coercion errors, and does not echo a huge value back', async () => {
    const huge = 'x'.repeat(200_000);
    const result = await graphql(api, 'mutation($mode: NotificationMode!) { setNotificationMode(mode: $mode) { __typename } }', { mode: huge }, { token: resident });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'mode', message: "Cette valeur n'a pas le format attendu." }] });
    expect(result.errors![0]!.message.length).toBeLessThan(200);
    const missing = await graphql(api, 'mutation($reference: String!) { approveNeed(reference: $reference) { id } }', {}, { token: resident });
    expect(missing.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reference', message: 'Ce champ est obligatoire.' }] });
  });

  it('refuses a chain of thousands of fragments with 400 at parsing (graphql-js overflowed its stack: 500)', async () => {
    const n = 5000;
    const query = `{ ...F0 } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Query { __typename ${i + 1 < n ? `...F${i + 1}` : ''} }`).join(' ')}`;
    const response = await post(JSON.stringify({ query }));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors[0]).toMatchObject({ message: expect.stringContaining('5000 tokens. Parsing aborted'), extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });

  it('refuses premoderation of an authority that does not exist (foreign key: 500)', async () => {
    const { tokens } = await accountsWithRoles(api, 'Fuzz', { admin: { role: 'admin' } });
    const result = await graphql(api, 'mutation($a: ID!) { setPremoderation(authorityId: $a, enabled: true) { premoderation } }', { a: '00000000-0000-4000-8000-000000000000' }, { token: tokens.admin });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'authorityId' }] });
  });
});

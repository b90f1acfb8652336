import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { INVALID_ID_MESSAGE, MALFORMED_TEXT_MESSAGE } from '@pit/core';
import { malformedArguments } from './graphql-input-guard.js';

// The CommonJS build of graphql, as @nestjs/graphql builds the real schema with (see graphql-input-guard.ts).
const { buildSchema, parse } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const schema = buildSchema(`
  input AddressInput { label: String!, lat: Float }
  input NeedInput { title: String!, tags: [String!], address: AddressInput, organisationId: ID }
  type Query { ok: Boolean }
  type Mutation { submit(input: NeedInput!): Boolean, comment(needId: ID!, body: String!): Boolean }
`);

describe('malformedArguments', () => {
  it('names the field of text with control characters, lone surrogates or U+FFFD, at any depth', () => {
    const document = parse('mutation($i: NeedInput!) { submit(input: $i) }');
    const problems = malformedArguments(document, schema, {
      i: { title: 'Un banc\u0000 cassé', tags: ['ok', 'x\ud800'], address: { label: 'rue \ufffd', lat: 47.4 }, organisationId: null },
    });
    expect(problems).toEqual({
      refused: [
        { field: 'title', message: MALFORMED_TEXT_MESSAGE },
        { field: 'tags', message: MALFORMED_TEXT_MESSAGE },
        { field: 'address.label', message: MALFORMED_TEXT_MESSAGE },
      ],
      ids: [],
    });
  });

  it('lists apart the ids that are not UUIDs (resolvers name them first), in variables and in literals, and lets good input through', () => {
    const document = parse('mutation($n: ID!) { comment(needId: $n, body: "ligne\\u0007") }');
    expect(malformedArguments(document, schema, { n: "1'; DROP TABLE need; --" })).toEqual({
      refused: [{ field: 'body', message: MALFORMED_TEXT_MESSAGE }],
      ids: [{ field: 'needId', message: INVALID_ID_MESSAGE }],
    });
    // An id with a NUL byte is malformed text: refused, whatever its resolver would say.
    expect(malformedArguments(document, schema, { n: 'abc\u0000' })).toEqual({
      refused: [
        { field: 'needId', message: MALFORMED_TEXT_MESSAGE },
        { field: 'body', message: MALFORMED_TEXT_MESSAGE },
      ],
      ids: [],
    });
    const fine = parse('mutation($n: ID!, $b: String!) { comment(needId: $n, body: $b) }');
    expect(malformedArguments(fine, schema, { n: '6f1c1f7e-3b1a-4c53-9d0e-8f0a2b6c9d11', b: 'Tab\tet\r\nretours, <script> et 👩‍👩‍👧 permis' })).toEqual({ refused: [], ids: [] });
  });

  it('leaves values of the wrong type to GraphQL coercion', () => {
    const document = parse('mutation($i: NeedInput!) { submit(input: $i) }');
    expect(malformedArguments(document, schema, { i: 'not an object' })).toEqual({ refused: [], ids: [] });
    expect(malformedArguments(document, schema, { i: { title: 5, tags: 'x' } })).toEqual({ refused: [], ids: [] });
  });

  it('refuses enormous lists before GraphQL coerces them item by item', () => {
    const document = parse('mutation($i: NeedInput!) { submit(input: $i) }');
    const tags = Array.from({ length: 40_000 }, () => null);
    expect(malformedArguments(document, schema, { i: { title: 'Un banc', tags } })).toEqual({ refused: [{ field: 'tags', message: "Cette liste compte trop d'éléments (40000, 1000 au plus)." }], ids: [] });
    expect(malformedArguments(document, schema, { i: { title: 'Un banc', tags: Array.from({ length: 1000 }, () => 'ok') } })).toEqual({ refused: [], ids: [] });
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED, anonymousQueries, render } from './public-api.mjs';

describe('public GraphQL operations (/api)', () => {
  it('are the queries the authorization matrix allows anonymously', () => {
    const { operations, limits } = JSON.parse(readFileSync(GENERATED, 'utf8')) as { operations: Array<{ name: string }>; limits: unknown };
    expect(limits).toEqual({ depth: 8, aliases: 15, cost: 3000 });
    const names = operations.map((o) => o.name);
    expect(names).toEqual([
      'addressSearch', 'authorities', 'authoritiesFigures', 'authorityFigures', 'communes', 'dashboard',
      'helpPlace', 'helpPlaceChoices', 'helpPlaces', 'helpPlacesSchemaRows', 'me', 'moderationLog',
      'need', 'needs', 'openDataFiles', 'similarNeeds', 'themes', 'trackNeed',
    ]);
  });

  it('the committed file is up to date (else run node tools/public-api.mjs)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(render());
  });

  it('reads the anonymous column only', () => {
    const source = `'Query.a': row('A    D'),\n  'Query.b': row('D A'),\n  'Mutation.c': row('A A'),`;
    expect(anonymousQueries(source)).toEqual(['a']);
  });
});

import { describe, expect, it } from 'vitest';
import { buildSchema, parse, validate } from 'graphql';
import { depthLimitRule } from './graphql-limits.js';

const schema = buildSchema('type Query { a: Query, n: Int }');

describe('depthLimitRule', () => {
  it('refuses a long chain of fragment spreads instead of following it (no stack overflow)', () => {
    const n = 5000;
    const chain = Array.from({ length: n }, (_, i) => `fragment F${i} on Query { n ${i + 1 < n ? `...F${i + 1}` : ''} }`).join(' ');
    const errors = validate(schema, parse(`{ ...F0 } ${chain}`), [depthLimitRule()]);
    expect(errors.map((e) => e.message)).toEqual(['La requête enchaîne trop de fragments (32 au plus).']);
  });

  it('counts each fragment once, however often it is spread', () => {
    // Every fragment spreads the next one twice: 2^30 paths through 30 fragments.
    const fan = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { n ${i + 1 < 30 ? `a { ...F${i + 1} } x: a { ...F${i + 1} }` : ''} }`).join(' ');
    const started = Date.now();
    const errors = validate(schema, parse(`{ ...F0 } ${fan}`), [depthLimitRule()]);
    expect(errors.map((e) => e.message)).toEqual(['La requête est trop profonde (30 niveaux, 8 au plus).']);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('lets a query within the limit through', () => {
    expect(validate(schema, parse('{ a { a { n } } ...F } fragment F on Query { a { n } }'), [depthLimitRule()])).toEqual([]);
  });
});

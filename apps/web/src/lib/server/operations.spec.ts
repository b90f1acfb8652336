import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as operations from './operations';

// The hand-written documents must stay valid against the schema the api generates.
const schemaPath = fileURLToPath(new URL('../../../../api/schema.gql', import.meta.url));
const areas = import.meta.glob<Record<string, unknown>>('./ops-*.ts', { eager: true });
const documents = [operations, ...Object.values(areas)].flatMap((module) => Object.entries(module)).filter(
  (entry): entry is [string, { query: string }] => typeof entry[1] === 'object' && entry[1] !== null && 'query' in entry[1],
);

describe.skipIf(!existsSync(schemaPath))('GraphQL documents of the web', () => {
  const schema = buildSchema(readFileSync(schemaPath, 'utf8'));

  it.each(documents)('%s is valid against apps/api/schema.gql', (name, document) => {
    const ast = parse(document.query);
    expect(validate(schema, ast).map((e) => e.message)).toEqual([]);
    expect(ast.definitions.map((d) => ('name' in d ? d.name?.value : undefined))).toEqual([name]);
  });
});

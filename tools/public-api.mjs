// The public GraphQL operations (issue 7 item 7): the queries whose anonymous column is 'A' in the
// authorization matrix (apps/api/src/authorization-matrix.integration-spec.ts) that apps/api/schema.gql
// declares, with their signature and description as docs/api.md renders them from the schema, and the
// query limits docs/api.md states.
// `node tools/public-api.mjs` writes apps/web/src/lib/server/public-api.generated.json (committed; a
// unit test fails when it is stale).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GENERATED = path.join(root, 'apps/web/src/lib/server/public-api.generated.json');

/** Query names whose anon cell is 'A' in the matrix source. */
export function anonymousQueries(matrixSource) {
  const names = [];
  for (const match of matrixSource.matchAll(/'Query\.(\w+)':\s*row\('\s*([AD])\s/g)) if (match[2] === 'A') names.push(match[1]);
  return names;
}

/** The query fields the committed schema declares. */
export function schemaQueries(schemaSource) {
  const block = /type Query \{([\s\S]*?)\n\}/.exec(schemaSource)?.[1] ?? '';
  return new Set([...block.matchAll(/^ {2}(\w+)[(:]/gm)].map((m) => m[1]));
}

/** docs/api.md's Queries table: name → { signature, returns, description }. */
export function documentedQueries(docsSource) {
  const section = docsSource.split('## Queries')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map();
  for (const line of section.split('\n')) {
    const m = /^\| `((\w+)[^`]*)` \| `([^`]+)` \| (.*) \|$/.exec(line);
    if (m) rows.set(m[2], { signature: m[1], returns: m[3], description: m[4].trim() });
  }
  return rows;
}

export function publicOperations() {
  const matrix = readFileSync(path.join(root, 'apps/api/src/authorization-matrix.integration-spec.ts'), 'utf8');
  const schema = schemaQueries(readFileSync(path.join(root, 'apps/api/schema.gql'), 'utf8'));
  const docs = documentedQueries(readFileSync(path.join(root, 'docs/api.md'), 'utf8'));
  return anonymousQueries(matrix)
    .filter((name) => schema.has(name))
    .sort()
    .map((name) => ({ name, ...(docs.get(name) ?? { signature: name, returns: '', description: '' }) }));
}

/** The query limits docs/api.md states (depth, aliases, estimated cost). */
export function documentedLimits(docsSource) {
  const m = /Limits: depth (\d+), (\d+) aliases, estimated cost (\d+)/.exec(docsSource);
  if (!m) throw new Error('docs/api.md no longer states its limits');
  return { depth: Number(m[1]), aliases: Number(m[2]), cost: Number(m[3]) };
}

export function render() {
  const limits = documentedLimits(readFileSync(path.join(root, 'docs/api.md'), 'utf8'));
  return `${JSON.stringify({ limits, operations: publicOperations() }, null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(GENERATED, render());
  console.log(`wrote ${path.relative(root, GENERATED)}`);
}

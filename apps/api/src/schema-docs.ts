import {
  isEnumType,
  isInputObjectType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

// Introspection is off in production: this page (docs/api.md) and schema.gql describe the API instead.

const line = (text: string | null | undefined) => (text ? text.replace(/\n+/g, ' ') : '');

function args(list: readonly GraphQLArgument[]): string {
  return list.length ? `(${list.map((arg) => `${arg.name}: ${String(arg.type)}${arg.defaultValue !== undefined ? ` = ${JSON.stringify(arg.defaultValue)}` : ''}`).join(', ')})` : '';
}

function operations(title: string, fields: Record<string, GraphQLField<unknown, unknown>> | undefined): string[] {
  if (!fields) return [];
  const out = [`## ${title}`, '', '| operation | returns | what it does |', '|---|---|---|'];
  for (const field of Object.values(fields).sort((a, b) => a.name.localeCompare(b.name))) {
    out.push(`| \`${field.name}${args(field.args)}\` | \`${String(field.type)}\` | ${line(field.description)} |`);
  }
  return [...out, ''];
}

function typeSection(type: GraphQLNamedType): string[] {
  if (isEnumType(type)) {
    return [`### enum ${type.name}`, '', line(type.description), '', type.getValues().map((value) => `\`${value.name}\``).join(' · '), ''];
  }
  if (isObjectType(type) || isInputObjectType(type)) {
    const fields = Object.values(type.getFields()) as Array<GraphQLField<unknown, unknown> | GraphQLInputField>;
    return [
      `### ${isInputObjectType(type) ? 'input ' : ''}${type.name}`,
      '',
      ...(type.description ? [line(type.description), ''] : []),
      '| field | type | notes |',
      '|---|---|---|',
      ...fields.map((field) => `| \`${field.name}\` | \`${String(field.type)}\` | ${line(field.description)} |`),
      '',
    ];
  }
  return [];
}

export function schemaMarkdown(schema: GraphQLSchema): string {
  const types = Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__') && !['Query', 'Mutation'].includes(type.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  return [
    '# GraphQL API',
    '',
    'Generated from the code by `apps/api/src/print-schema.ts` (do not edit). Endpoint: `POST /graphql` on the api,',
    'JSON body `{ query, variables }`, header `content-type: application/json` (CSRF prevention refuses other simple requests).',
    'Authenticated calls send `Authorization: Bearer <sessionToken>` (from `logIn`, `signUp` or `oidcComplete`).',
    'Refused input answers `extensions.code = "BAD_USER_INPUT"` with `extensions.fields = [{ field, message }]` (French);',
    'denied access answers `UNAUTHENTICATED` or `FORBIDDEN`. Limits: depth 8, 15 aliases, estimated cost 3000, no batching.',
    'Introspection is off in production: this page and `apps/api/schema.gql` describe the API.',
    '',
    ...operations('Queries', schema.getQueryType()?.getFields()),
    ...operations('Mutations', schema.getMutationType()?.getFields()),
    '## Types',
    '',
    ...types.flatMap(typeSection),
  ].join('\n');
}

import { createRequire } from 'node:module';
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLInputType, GraphQLSchema, ValueNode } from 'graphql';
import { badUserInput, INVALID_ID_MESSAGE, isMalformedText, isUuid, MALFORMED_TEXT_MESSAGE, type FieldError } from '@pit/core';

// The schema comes from @nestjs/graphql, which loads graphql's CommonJS build. TypeInfo and the is*Type
// checks test `instanceof` against their own build, so they are taken from that same build (what a bare
// `import 'graphql'` gives under Node anyway; vitest would otherwise hand this file the ESM one).
const { getNamedType, GraphQLError, isInputObjectType, isListType, isNonNullType, Kind, TypeInfo, valueFromASTUntyped, visit, visitWithTypeInfo } =
  createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** Items an input list may hold (the inputs' own limits, @ArrayMaxSize, are far below). */
export const MAX_LIST_ITEMS = 1000;

interface ArgumentSite {
  type: GraphQLInputType;
  /** The argument's value in the document; `variable` names it when it is a variable. */
  value: ValueNode;
  variable: string | null;
  root: string;
}

// The arguments of a document depend on the document and the schema only: Apollo hands every request of a
// query text it has seen the same DocumentNode, so the walk with TypeInfo is done once per document.
const argumentSites = new WeakMap<DocumentNode, { schema: GraphQLSchema; sites: ArgumentSite[] }>();

function argumentsOf(document: DocumentNode, schema: GraphQLSchema): ArgumentSite[] {
  const known = argumentSites.get(document);
  if (known && known.schema === schema) return known.sites;
  const sites: ArgumentSite[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument) return;
        // An input object's fields are named without the argument (input.title → title), as class-validator does.
        const root = isInputObjectType(getNamedType(argument.type)) ? '' : argument.name;
        sites.push({ type: argument.type, value: node.value, variable: node.value.kind === Kind.VARIABLE ? node.value.name.value : null, root });
      },
    }),
  );
  argumentSites.set(document, { schema, sites });
  return sites;
}

/**
 * The argument values of an operation (variables and literals) that no resolver should see: text with
 * control characters, lone surrogates or U+FFFD (bytes that were not UTF-8), lists longer than
 * MAX_LIST_ITEMS (`refused`). ID values that are not UUIDs are listed apart (`ids`): resolvers check ids
 * with their own messages ("Choisissez une collectivité de la liste"), so they are refused only when a
 * query reaches PostgreSQL with one (see inputGuardPlugin). Fields are named as the ValidationPipe names
 * them: the argument for a scalar argument (`body`), the path inside an input object (`address.street`).
 */
export function malformedArguments(document: DocumentNode, schema: GraphQLSchema, variables: Record<string, unknown> = {}): { refused: FieldError[]; ids: FieldError[] } {
  const refused: FieldError[] = [];
  const ids: FieldError[] = [];
  const seen = new Set<string>();
  const report = (field: string, message: string, list = refused) => {
    if (seen.has(field)) return;
    seen.add(field);
    list.push({ field, message });
  };
  const check = (type: GraphQLInputType, value: unknown, path: string): void => {
    if (value === null || value === undefined) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      // GraphQL's own coercion of a list of 40,000 wrong items took 8 s of CPU: refuse it before.
      if (Array.isArray(value) && value.length > MAX_LIST_ITEMS) return report(path, `Cette liste compte trop d'éléments (${value.length}, ${MAX_LIST_ITEMS} au plus).`);
      if (Array.isArray(value)) value.forEach((item) => check(inner.ofType, item, path));
      else check(inner.ofType, value, path);
      return;
    }
    const named = getNamedType(inner);
    if (isInputObjectType(named)) {
      if (typeof value !== 'object' || Array.isArray(value)) return;
      const fields = named.getFields();
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const field = fields[key];
        if (field) check(field.type, item, path ? `${path}.${key}` : key);
      }
      return;
    }
    // Malformed text is refused in any field, an id too (PostgreSQL refuses a NUL byte as no UUID: 22021, a 500).
    if (typeof value === 'string' && isMalformedText(value)) report(path, MALFORMED_TEXT_MESSAGE);
    else if (named.name === 'ID' && (typeof value === 'number' || (typeof value === 'string' && !isUuid(value)))) report(path, INVALID_ID_MESSAGE, ids);
  };
  for (const { type, value, variable, root } of argumentsOf(document, schema)) {
    check(type, variable !== null ? variables[variable] : valueFromASTUntyped(value, variables), root);
  }
  return { refused, ids };
}

/** PostgreSQL's invalid_text_representation (a text that is not a UUID compared with a uuid column), as TypeORM's QueryFailedError carries it. */
function isInvalidTextRepresentation(error: unknown): boolean {
  const original = (error as { originalError?: { code?: unknown; driverError?: { code?: unknown } } } | undefined)?.originalError;
  return original?.code === '22P02' || original?.driverError?.code === '22P02';
}

/**
 * Refuses, before any resolver runs, the operations whose arguments hold malformed text or enormous lists.
 * An operation with ids that are not UUIDs runs (its resolvers name such a field with their own message);
 * if PostgreSQL then refuses one of them (22P02, which would be a 500), the internal error is replaced by
 * the refusal naming those fields. The resolver's transaction has rolled back: nothing is written.
 */
export function inputGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let ids: FieldError[] = [];
      let refusedByDatabase = false;
      return {
        async didResolveOperation({ request, document, schema }) {
          const problems = malformedArguments(document, schema, request.variables ?? {});
          ids = problems.ids;
          if (!problems.refused.length) return;
          // Thrown from a plugin, an error is a 500 unless it says otherwise.
          const refusal = badUserInput(problems.refused);
          throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: 400 } } });
        },
        async didEncounterErrors({ errors }) {
          if (ids.length && errors.some(isInvalidTextRepresentation)) refusedByDatabase = true;
        },
        async willSendResponse({ response }) {
          if (!refusedByDatabase || response.body.kind !== 'single') return;
          const refusal = badUserInput(ids);
          const result = response.body.singleResult;
          result.errors = result.errors?.map((error) =>
            error.extensions?.code === 'INTERNAL_SERVER_ERROR' ? { message: refusal.message, path: error.path, extensions: refusal.extensions } : error,
          );
        },
      };
    },
  };
}

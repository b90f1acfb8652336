import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  visit,
  type ASTNode,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

export const GRAPHQL_LIMITS = { depth: 8, aliases: 15, complexity: 3000 } as const;
/** Fragment spreads followed one inside another before a document is refused. */
const MAX_FRAGMENT_HOPS = 32;

function tooComplex(message: string): GraphQLError {
  // Thrown from a plugin, an error without an HTTP status is a 500.
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

/**
 * Tokens a document may hold (graphql-js parse option). The web's largest operation has about 200; a
 * chain of thousands of fragment spreads or of nested selections made graphql-js's recursive parser and
 * its no-fragment-cycles rule overflow the stack (a 500). Refused at parsing: 400 GRAPHQL_PARSE_FAILED.
 */
export const MAX_TOKENS = 5000;

/** Refuses queries nested deeper than `max` fields (fragments followed, introspection's own depth included). */
export function depthLimitRule(max: number = GRAPHQL_LIMITS.depth) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    // Each fragment's depth is computed once (a chain or a fan of thousands of fragments stays linear),
    // and a chain of fragment spreads longer than MAX_FRAGMENT_HOPS is refused rather than followed.
    const fragmentDepths = new Map<string, number>();
    const depthOf = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!selectionSet) return 0;
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, seen) : 1);
        else if (selection.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
        else if (!seen.has(selection.name.value)) {
          const name = selection.name.value;
          let depth = fragmentDepths.get(name);
          if (depth === undefined) {
            depth = seen.size >= MAX_FRAGMENT_HOPS ? Infinity : depthOf(fragments.get(name)?.selectionSet, new Set([...seen, name]));
            fragmentDepths.set(name, depth);
          }
          deepest = Math.max(deepest, depth);
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth === Infinity) context.reportError(tooComplex(`La requête enchaîne trop de fragments (${MAX_FRAGMENT_HOPS} au plus).`));
        else if (depth > max) context.reportError(tooComplex(`La requête est trop profonde (${depth} niveaux, ${max} au plus).`));
      },
    };
  };
}

/** Refuses documents with more than `max` aliases (the classic way to multiply one costly field). */
export function aliasLimitRule(max: number = GRAPHQL_LIMITS.aliases) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > max) context.reportError(tooComplex(`La requête utilise trop d'alias (${aliases}, ${max} au plus).`));
        },
      },
    };
  };
}

// A list field costs its page size times its children: needs(first: 100) { … } weighs 100 times more.
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === 'number' ? args.first : null;
  return first === null ? undefined : 1 + Math.max(1, first) * childComplexity;
};

/** Estimates kept per parsed document (Apollo reuses the DocumentNode of a query text it has seen), by the variables that count. */
const MAX_ESTIMATES_PER_DOCUMENT = 64;
const MAX_KEY_LENGTH = 2048;

/**
 * The variables an estimate depends on: those given to a `first` argument (pageSizeEstimator) or to a
 * directive (@skip/@include remove fields). Every other variable (an id, a text) leaves the estimate as it is.
 */
function countingVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node, _key, _parent, _path, ancestors) {
      const inDirective = ancestors.some((ancestor) => !Array.isArray(ancestor) && (ancestor as ASTNode).kind === Kind.DIRECTIVE);
      if (node.name.value !== 'first' && !inDirective) return;
      visit(node.value, {
        Variable(variable) {
          names.add(variable.name.value);
        },
      });
    },
  });
  return [...names].sort();
}

function estimateOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): number | null {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables,
      estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    // Variables that do not fit the operation: execution refuses them next, naming the field.
    return null;
  }
}

/**
 * Refuses operations whose estimated cost exceeds the limit, with their variables known. The estimate walks
 * the whole document against the schema; it depends on the document and on the variables of `first` and of
 * directives only, so it is kept per (document, operation name, those variables): a small map per document,
 * oldest entry dropped first (the document itself leaves with Apollo's document cache). A kept estimate
 * over the limit is computed again with all the variables before refusing, so refusals are exactly as before.
 */
export function complexityPlugin(max: number = GRAPHQL_LIMITS.complexity): ApolloServerPlugin {
  const documents = new WeakMap<DocumentNode, { counting: string[]; estimates: Map<string, number | null> }>();
  const estimate = (document: DocumentNode, schema: GraphQLSchema, operationName: string | null | undefined, variables: Record<string, unknown> | undefined) => {
    let known = documents.get(document);
    if (!known) documents.set(document, (known = { counting: countingVariables(document), estimates: new Map() }));
    let key: string;
    try {
      key = `${operationName ?? ''}\u0000${JSON.stringify(known.counting.map((name) => (variables?.[name] === undefined ? [] : [variables[name]])))}`;
    } catch {
      key = '';
    }
    if (key.length > MAX_KEY_LENGTH) key = '';
    const kept = key ? known.estimates.get(key) : undefined;
    if (kept !== undefined && (kept === null || kept <= max)) return kept;
    const complexity = estimateOf(schema, document, operationName, variables);
    // An estimate that failed on these variables (coercion) is not kept: other values of the same variables may fit.
    if (key && complexity !== null) {
      if (known.estimates.size >= MAX_ESTIMATES_PER_DOCUMENT) known.estimates.delete(known.estimates.keys().next().value!);
      known.estimates.set(key, complexity);
    }
    return complexity;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const complexity = estimate(document, schema, request.operationName, request.variables);
          if (complexity !== null && complexity > max) throw tooComplex(`La requête est trop coûteuse (${complexity} points, ${max} au plus) : demandez moins d'éléments.`);
        },
      };
    },
  };
}

import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
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

/** Refuses operations whose estimated cost exceeds the limit, with their variables known. */
export function complexityPlugin(max: number = GRAPHQL_LIMITS.complexity): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables,
              estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // Variables that do not fit the operation: execution refuses them next, naming the field.
            return;
          }
          if (complexity > max) throw tooComplex(`La requête est trop coûteuse (${complexity} points, ${max} au plus) : demandez moins d'éléments.`);
        },
      };
    },
  };
}

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

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });
}

/** Refuses queries nested deeper than `max` fields (fragments followed, introspection's own depth included). */
export function depthLimitRule(max: number = GRAPHQL_LIMITS.depth) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depthOf = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!selectionSet) return 0;
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, seen) : 1);
        else if (selection.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
        else if (!seen.has(selection.name.value)) {
          const fragment = fragments.get(selection.name.value);
          deepest = Math.max(deepest, depthOf(fragment?.selectionSet, new Set([...seen, selection.name.value])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth > max) context.reportError(tooComplex(`La requête est trop profonde (${depth} niveaux, ${max} au plus).`));
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

import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { BAD_USER_INPUT } from '@pit/core';

const MISSING_FIELD = /Field "(?:\w+\.)?(\w+)" of required type "[^"]+" was not provided/;
const WRONG_FIELD = /at "\w+\.(\w+)"; (.*)$/;

/**
 * Every refusal names its field; internal errors never leak their details.
 * GraphQL's own coercion errors (a required field missing, a wrong type) get `fields` too.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown, production: boolean): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if ((code === BAD_USER_INPUT || code === 'GRAPHQL_VALIDATION_FAILED') && !formatted.extensions?.fields) {
    const missing = MISSING_FIELD.exec(formatted.message);
    const wrong = WRONG_FIELD.exec(formatted.message);
    const field = missing?.[1] ?? wrong?.[1];
    if (field) {
      const message = missing ? 'Ce champ est obligatoire.' : "Cette valeur n'a pas le format attendu.";
      return { ...formatted, extensions: { ...formatted.extensions, code: BAD_USER_INPUT, fields: [{ field, message }] } };
    }
  }
  const original = unwrap(error);
  const internal = code === 'INTERNAL_SERVER_ERROR' || (!(original instanceof GraphQLError) && code === undefined);
  if (internal && production) {
    return { message: 'Une erreur interne est survenue. Réessayez dans un instant.', extensions: { code: 'INTERNAL_SERVER_ERROR' }, path: formatted.path };
  }
  return formatted;
}

function unwrap(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}

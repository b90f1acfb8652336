import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { BAD_USER_INPUT, type FieldError } from '@pit/core';

const VARIABLE = /^Variable "\$(\w+)"/;
const AT_PATH = / at "([^"]+)"; /;
const FIELD_IN_REASON = /Field "(?:[A-Z]\w*\.)?(\w+)" (of required type|is not defined)/;
const MISSING = /was not provided|must not be null|not to be null/;

/** The field a coercion or validation message is about, in the ValidationPipe's terms (path inside an input). */
export function coercionField(message: string): FieldError | null {
  const variable = VARIABLE.exec(message)?.[1];
  const at = AT_PATH.exec(message)?.[1];
  const inner = FIELD_IN_REASON.exec(message);
  if (!variable && !inner) return null;
  // "input.address.lat" → "address.lat"; "filter.statuses[2]" → "statuses"; a scalar variable keeps its name.
  const segments = (at ?? '').replace(/\[\d+\]/g, '').split('.').filter(Boolean);
  const path = segments.length > 1 ? segments.slice(1) : inner ? [] : segments.length ? segments : [variable!];
  if (inner) path.push(inner[1]!);
  const message_ = inner?.[2] === 'is not defined' ? "Ce champ n'est pas attendu ici." : MISSING.test(message) ? 'Ce champ est obligatoire.' : "Cette valeur n'a pas le format attendu.";
  return { field: path.join('.'), message: message_ };
}

/**
 * Every refusal names its field; internal errors never leak their details.
 * GraphQL's own coercion errors (a required field missing, a wrong type) get `fields` too, and a short
 * message: the original one quotes the whole refused value, which may be a megabyte long.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown, production: boolean): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if ((code === BAD_USER_INPUT || code === 'GRAPHQL_VALIDATION_FAILED') && !formatted.extensions?.fields) {
    const field = coercionField(formatted.message);
    if (field) {
      return { ...formatted, message: `${field.field} : ${field.message}`, extensions: { ...formatted.extensions, code: BAD_USER_INPUT, fields: [field] } };
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

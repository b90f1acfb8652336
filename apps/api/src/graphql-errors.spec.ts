import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { formatGraphqlError } from './graphql-errors.js';

describe('formatGraphqlError', () => {
  it('names the missing field of an inline input', () => {
    const formatted = formatGraphqlError(
      { message: 'Field "SubmitNeedInput.title" of required type "String!" was not provided.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      null,
      true,
    );
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'title', message: 'Ce champ est obligatoire.' }] });
  });

  it('names the field of a variable with the wrong type', () => {
    const formatted = formatGraphqlError(
      { message: 'Variable "$i" got invalid value 5 at "i.title"; String cannot represent a non string value: 5', extensions: { code: 'BAD_USER_INPUT' } },
      null,
      true,
    );
    expect(formatted.extensions?.fields).toEqual([{ field: 'title', message: "Cette valeur n'a pas le format attendu." }]);
  });

  it('keeps the fields the api already named', () => {
    const fields = [{ field: 'title', message: 'Indiquez un titre.' }];
    const formatted = formatGraphqlError({ message: 'Indiquez un titre.', extensions: { code: 'BAD_USER_INPUT', fields } }, null, true);
    expect(formatted.extensions?.fields).toBe(fields);
  });

  it('hides internal errors in production only', () => {
    const error = new GraphQLError('boom', { originalError: new Error('relation "x" does not exist') });
    const formatted = { message: 'relation "x" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR' }, path: ['need'] };
    expect(formatGraphqlError(formatted, error, true)).toEqual({
      message: 'Une erreur interne est survenue. Réessayez dans un instant.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
      path: ['need'],
    });
    expect(formatGraphqlError(formatted, error, false)).toBe(formatted);
  });
});

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

  it('names the field of every GraphQL coercion error, with a short message', () => {
    const cases: Array<[string, string, string]> = [
      ['Variable "$reference" of required type "String!" was not provided.', 'reference', 'Ce champ est obligatoire.'],
      ['Variable "$input" of non-null type "SubmitNeedInput!" must not be null.', 'input', 'Ce champ est obligatoire.'],
      ['Variable "$input" got invalid value null at "input.address.lat"; Expected non-nullable type "Float!" not to be null.', 'address.lat', 'Ce champ est obligatoire.'],
      ['Variable "$filter" got invalid value null at "filter.statuses[2]"; Expected non-nullable type "NeedStatus!" not to be null.', 'statuses', 'Ce champ est obligatoire.'],
      ['Variable "$mode" got invalid value "x"; Value "x" does not exist in "NotificationMode" enum.', 'mode', "Cette valeur n'a pas le format attendu."],
      ['Variable "$input" got invalid value { x: 1 }; Field "title" of required type "String!" was not provided.', 'title', 'Ce champ est obligatoire.'],
      ['Variable "$input" got invalid value { a: 1 } at "input.address"; Field "label" of required type "String!" was not provided.', 'address.label', 'Ce champ est obligatoire.'],
      ['Variable "$input" got invalid value { unknownField: 1 }; Field "unknownField" is not defined by type "SubmitNeedInput".', 'unknownField', "Ce champ n'est pas attendu ici."],
    ];
    for (const [message, field, text] of cases) {
      const formatted = formatGraphqlError({ message: `${message} ${'x'.repeat(1000)}`, extensions: { code: 'BAD_USER_INPUT' } }, null, true);
      expect(formatted.extensions?.fields, message).toEqual([{ field, message: text }]);
      expect(formatted.message.length).toBeLessThan(200);
    }
  });
});

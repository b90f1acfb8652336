import { describe, expect, it } from 'vitest';
import { badUserInput, fieldErrorsFromValidation } from './field-errors.js';

describe('field errors', () => {
  it('answers BAD_USER_INPUT with the fields', () => {
    const error = badUserInput([{ field: 'title', message: 'Indiquez un titre.' }]);
    expect(error.message).toBe('Indiquez un titre.');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'title', message: 'Indiquez un titre.' }] });
  });

  it('summarises several fields', () => {
    const error = badUserInput([
      { field: 'title', message: 'a' },
      { field: 'description', message: 'b' },
    ]);
    expect(error.message).toBe('2 champs sont à corriger.');
  });

  it('flattens nested validation errors', () => {
    const fields = fieldErrorsFromValidation([
      {
        property: 'input',
        children: [{ property: 'title', constraints: { isLength: 'Le titre est trop court.' }, children: [] }],
      },
    ]);
    expect(fields).toEqual([{ field: 'input.title', message: 'Le titre est trop court.' }]);
  });

  it('says in French that a field is not expected', () => {
    const fields = fieldErrorsFromValidation([{ property: 'status', constraints: { whitelistValidation: 'property status should not exist' }, children: [] }]);
    expect(fields).toEqual([{ field: 'status', message: "Ce champ n'est pas attendu ici." }]);
  });
});

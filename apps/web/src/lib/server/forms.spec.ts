import { isActionFailure, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { ApiError, ApiUnavailableError } from './api';
import { apiFormFailure, field } from './forms';

const options = { form: 'email', values: { newEmail: 'a@b.fr' }, fields: ['newEmail', 'emailPassword'], aliases: { password: 'emailPassword' }, returnTo: '/compte' };

describe('form failures from API errors', () => {
  it('puts field errors on their fields (aliases too) and the rest in the summary', () => {
    const error = new ApiError([
      {
        message: 'x',
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'password', message: 'Le mot de passe est incorrect.' }, { field: 'token', message: 'Lien expiré.' }] },
      },
    ]);
    const failure = apiFormFailure(error, options);
    expect(isActionFailure(failure)).toBe(true);
    expect(failure.status).toBe(400);
    expect(failure.data).toMatchObject({ form: 'email', errors: { emailPassword: 'Le mot de passe est incorrect.' }, other: ['Lien expiré.'] });
  });

  it('shows a pause as the API wrote it', () => {
    const failure = apiFormFailure(new ApiError([{ message: 'Trop de tentatives : réessayez dans 20 secondes.', extensions: { code: 'TOO_MANY_REQUESTS' } }]), options);
    expect(failure.status).toBe(429);
    expect(failure.data.other).toEqual(['Trop de tentatives : réessayez dans 20 secondes.']);
  });

  it('sends an ended session to the login page', () => {
    let thrown: unknown;
    try {
      apiFormFailure(new ApiError([{ message: 'Connectez-vous', extensions: { code: 'UNAUTHENTICATED' } }]), options);
    } catch (e) {
      thrown = e;
    }
    expect(isRedirect(thrown) && thrown.location).toBe('/connexion?retour=%2Fcompte');
  });

  it('answers 503 when the API is out of reach, keeping the values', () => {
    const failure = apiFormFailure(new ApiUnavailableError('down'), options);
    expect(failure.status).toBe(503);
    expect(failure.data).toMatchObject({ unavailable: true, values: { newEmail: 'a@b.fr' } });
  });
});

describe('posted fields', () => {
  it('cuts at the limit without splitting a character in two (a lone surrogate made encodeURIComponent throw: 500)', () => {
    const data = new FormData();
    data.set('reference', `${'B'.repeat(39)}😀 reste`);
    data.set('note', '  Un banc  ');
    expect(field(data, 'reference', { max: 40 })).toBe('B'.repeat(39));
    expect(() => encodeURIComponent(field(data, 'reference', { max: 40 }))).not.toThrow();
    expect(field(data, 'reference', { max: 41 })).toBe(`${'B'.repeat(39)}😀`);
    expect(field(data, 'note')).toBe('Un banc');
    expect(field(data, 'absent')).toBe('');
  });
});

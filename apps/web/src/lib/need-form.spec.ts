import { describe, expect, it } from 'vitest';
import { errorCountHeading, mapApiFieldErrors, readNeedForm, validateNeedForm } from './need-form';

const valid = { title: 'Lampadaire éteint', description: 'Le lampadaire de la place est éteint depuis une semaine.', categoryKey: 'street_lighting', communeCode: '49007', authorEmail: '' };

describe('need form', () => {
  it('reads and trims the posted fields', () => {
    const data = new FormData();
    data.set('title', '  Trou  ');
    data.set('communeCode', '49007');
    data.set('authorEmail', ' camille@example.fr ');
    expect(readNeedForm(data)).toEqual({ title: 'Trou', description: '', categoryKey: '', communeCode: '49007', authorEmail: 'camille@example.fr' });
  });

  it('names every empty field in French', () => {
    expect(validateNeedForm({ title: '', description: '', categoryKey: '', communeCode: '', authorEmail: '' })).toEqual({
      title: 'Indiquez un titre.',
      description: 'Décrivez votre besoin.',
      categoryKey: 'Choisissez un thème.',
      communeCode: 'Choisissez une commune.',
    });
  });

  it('checks the shared length limits', () => {
    expect(validateNeedForm({ ...valid, title: 'Trou' }).title).toMatch(/au moins 5/);
    expect(validateNeedForm({ ...valid, description: 'Trop court' }).description).toMatch(/au moins 20/);
    expect(validateNeedForm(valid)).toEqual({});
  });

  it('asks for an email only without an account', () => {
    expect(validateNeedForm(valid, { anonymous: true }).authorEmail).toMatch(/lien pour publier/);
    expect(validateNeedForm({ ...valid, authorEmail: 'camille@example.fr' }, { anonymous: true })).toEqual({});
    expect(validateNeedForm(valid, { anonymous: false })).toEqual({});
  });

  it('maps the API field paths to form fields', () => {
    expect(
      mapApiFieldErrors([
        { field: 'input.title', message: 'Trop court.' },
        { field: 'communeCode', message: 'Commune inconnue.' },
        { field: 'input.authorEmail', message: 'Adresse invalide.' },
        { field: 'input.other', message: 'Autre.' },
      ]),
    ).toEqual({ errors: { title: 'Trop court.', communeCode: 'Commune inconnue.', authorEmail: 'Adresse invalide.' }, other: ['Autre.'] });
  });

  it('counts errors in French', () => {
    expect(errorCountHeading(1)).toBe('Le formulaire contient 1 erreur');
    expect(errorCountHeading(3)).toBe('Le formulaire contient 3 erreurs');
  });
});

import { describe, expect, it } from 'vitest';
import { emptyNeedForm, encodeAddress, errorCountHeading, mapApiFieldErrors, parseAddress, readNeedForm, toSubmitInput, validateNeedForm } from './need-form';

const valid = { ...emptyNeedForm(), title: 'Lampadaire éteint', description: 'Le lampadaire de la place est éteint depuis une semaine.', categoryKey: 'street_lighting', communeCode: '49007' };

describe('need form', () => {
  it('reads and trims the posted fields, keeping only known choices', () => {
    const data = new FormData();
    data.set('title', '  Trou  ');
    data.set('communeCode', '49007');
    data.set('authorEmail', ' camille@example.fr ');
    data.set('kind', 'idea');
    data.append('affectedGroups', 'seniors');
    data.append('affectedGroups', 'martians');
    data.set('frequency', 'hourly');
    data.set('peopleRange', 'unknown');
    data.set('photo1Token', 'abcdefghijklmnopqrstuvwxyz012345');
    data.set('photo1Alt', ' Un trou ');
    data.set('photo2Token', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345');
    data.set('photo2Remove', 'on');
    expect(readNeedForm(data)).toEqual({
      ...emptyNeedForm(),
      title: 'Trou',
      communeCode: '49007',
      authorEmail: 'camille@example.fr',
      kind: 'idea',
      affectedGroups: ['seniors'],
      peopleRange: 'unknown',
      photos: [{ token: 'abcdefghijklmnopqrstuvwxyz012345', alt: 'Un trou' }],
    });
  });

  it('names every empty field in French', () => {
    expect(validateNeedForm(emptyNeedForm())).toEqual({
      title: 'Indiquez un titre.',
      description: 'Décrivez votre besoin.',
      categoryKey: 'Choisissez un thème.',
      communeCode: 'Choisissez une commune.',
    });
  });

  it('checks the shared length limits and the photo descriptions', () => {
    expect(validateNeedForm({ ...valid, title: 'Trou' }).title).toBe('Le titre doit contenir au moins 5 caractères.');
    expect(validateNeedForm({ ...valid, description: 'Trop court' }).description).toBe('La description doit contenir au moins 20 caractères.');
    expect(validateNeedForm({ ...valid, photos: [{ token: 't', alt: 'ok' }, { token: 'u', alt: '' }] })).toEqual({
      photo1Alt: 'La description de la photo 1 doit compter entre 3 et 250 caractères.',
      photo2Alt: 'Décrivez la photo 2 en quelques mots (pour les personnes qui ne la voient pas).',
    });
    expect(validateNeedForm(valid)).toEqual({});
  });

  it('lets a chosen address stand for the commune', () => {
    const address = encodeAddress({ label: '12 Rue des Lices 49100 Angers', citycode: '49007', lat: 47.468, lon: -0.551 });
    expect(address).toBe('12 Rue des Lices 49100 Angers|49007|47.468|-0.551');
    expect(parseAddress(address)).toEqual({ label: '12 Rue des Lices 49100 Angers', citycode: '49007', lat: 47.468, lon: -0.551 });
    expect(parseAddress('Rue|75104|x|y')).toBeNull();
    expect(validateNeedForm({ ...valid, communeCode: '', address })).toEqual({});
    expect(toSubmitInput({ ...valid, communeCode: '49015', address, affectedGroups: ['all_residents'], frequency: 'one_off' }, false)).toMatchObject({
      communeCode: '49007',
      kind: 'NEED',
      affectedGroups: ['ALL_RESIDENTS'],
      frequency: 'ONE_OFF',
      peopleRange: null,
      address: { label: '12 Rue des Lices 49100 Angers', citycode: '49007', lat: 47.468, lon: -0.551 },
    });
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
        { field: 'photo2Alt', message: 'Décrivez la photo.' },
        { field: 'input.other', message: 'Autre.' },
      ]),
    ).toEqual({ errors: { title: 'Trop court.', communeCode: 'Commune inconnue.', authorEmail: 'Adresse invalide.', photo2Alt: 'Décrivez la photo.' }, other: ['Autre.'] });
  });

  it('counts errors in French', () => {
    expect(errorCountHeading(1)).toBe('Le formulaire contient 1 erreur');
    expect(errorCountHeading(3)).toBe('Le formulaire contient 3 erreurs');
  });
});

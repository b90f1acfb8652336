import { describe, expect, it } from 'vitest';
import { findPersonalData, personalDataSentence, redactPersonalData } from './personal-data.js';

describe('findPersonalData: phone numbers and email addresses in public text', () => {
  const positives: Array<[string, string, 'phone' | 'email']> = [
    ['Appelez-moi au 06 12 34 56 78 svp', '06 12 34 56 78', 'phone'],
    ['tel 0612345678.', '0612345678', 'phone'],
    ['06.12.34.56.78', '06.12.34.56.78', 'phone'],
    ['06-12-34-56-78', '06-12-34-56-78', 'phone'],
    ['mairie : 02 41 05 40 00', '02 41 05 40 00', 'phone'],
    ['+33 6 12 34 56 78', '+33 6 12 34 56 78', 'phone'],
    ['+33612345678', '+33612345678', 'phone'],
    ['+33 (0)6 12 34 56 78', '+33 (0)6 12 34 56 78', 'phone'],
    ['0033 6 12 34 56 78', '0033 6 12 34 56 78', 'phone'],
    ['(07 98 76 54 32)', '07 98 76 54 32', 'phone'],
    ['portable\u00A006\u00A012\u00A034\u00A056\u00A078', '06\u00A012\u00A034\u00A056\u00A078', 'phone'],
    ['09 87 65 43 21, le soir', '09 87 65 43 21', 'phone'],
    ['écrivez à jean.dupont@exemple.fr', 'jean.dupont@exemple.fr', 'email'],
    ['contact: Marie-Anne+velo@mairie-avrille.fr.', 'Marie-Anne+velo@mairie-avrille.fr', 'email'],
    ['<prenom_nom@sub.domaine.org>', 'prenom_nom@sub.domaine.org', 'email'],
    ['hélène@exemple.fr', 'hélène@exemple.fr', 'email'],
  ];
  it.each(positives)('finds %j', (text, found, kind) => {
    expect(findPersonalData(text).map((match) => [match.text, match.kind])).toEqual([[found, kind]]);
  });

  const negatives: string[] = [
    'Le 12/03/2024 à 18h30',
    'réunion le 06 12 2024',
    'date 2024-06-12',
    'Budget de 1 250 000 € voté en 2023',
    'coût 0,50 € par habitant, 12.345,67 € au total',
    'SIRET 732 829 320 00074',
    'SIRET 73282932000074',
    'SIREN 123 456 789',
    'Code postal 49000 Angers, 49100, 01000 Bourg',
    'Ligne 06 12 34 56 (incomplet)',
    'numéro 061234567890123 de dossier',
    'IBAN FR76 3000 6000 0112 3456 7890 189',
    'le 1er, le 2e et la 3e rue',
    'suivez @mairie_angers sur les réseaux',
    'un arobase seul @ ici',
    'adresse@incomplete',
    '10 12 34 56 78 n’est pas un numéro français',
    'ref A0612345678',
  ];
  it.each(negatives)('finds nothing in %j', (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  it('finds several, in order', () => {
    expect(findPersonalData('a@b.fr puis 06 12 34 56 78 puis c@d.com').map((match) => match.kind)).toEqual(['email', 'phone', 'email']);
  });
});

describe('redactPersonalData', () => {
  it('replaces each with its placeholder and lists the kinds once', () => {
    expect(redactPersonalData('Appelez le 06 12 34 56 78 ou le 0241054000, ou écrivez à a.b@exemple.fr.')).toEqual({
      text: 'Appelez le [numéro masqué] ou le [numéro masqué], ou écrivez à [adresse e-mail masquée].',
      kinds: ['phone', 'email'],
    });
  });

  it('leaves text without personal data unchanged', () => {
    expect(redactPersonalData('Un banc au 12 rue de la Paix, 49000 Angers')).toEqual({ text: 'Un banc au 12 rue de la Paix, 49000 Angers', kinds: [] });
  });

  it('is idempotent: a redacted text is left as it is', () => {
    const once = redactPersonalData('tel 06 12 34 56 78').text;
    expect(redactPersonalData(once)).toEqual({ text: 'tel [numéro masqué]', kinds: [] });
  });
});

describe('personalDataSentence', () => {
  it('names what was masked', () => {
    expect(personalDataSentence(['phone'])).toBe('un numéro de téléphone');
    expect(personalDataSentence(['phone', 'email'])).toBe('un numéro de téléphone et une adresse e-mail');
  });
});

import { describe, expect, it } from 'vitest';
import { deNomDeLieu, fillReason, searchKey } from './french.js';

describe('French helpers', () => {
  it.each([
    ['Avrillé', "d'Avrillé"],
    ['Écouflant', "d'Écouflant"],
    ['Tiercé', 'de Tiercé'],
    ['Le Plessis-Grammoire', 'du Plessis-Grammoire'],
    ['Les Ponts-de-Cé', 'des Ponts-de-Cé'],
    ['La Possonnière', 'de La Possonnière'],
  ])('"de" + %s gives %s', (name, expected) => {
    expect(deNomDeLieu(name)).toBe(expected);
  });

  it('builds search keys without accents, case or punctuation', () => {
    expect(searchKey("Saint-Barthélemy-d'Anjou")).toBe('saint barthelemy d anjou');
    expect(searchKey('  ÉCUILLÉ ')).toBe('ecuille');
  });

  it('fills a rule sentence', () => {
    expect(fillReason('Les lycées relèvent {de_autorite} : adressez-vous {a_autorite}.', { phraseDe: 'de la Région', phraseA: 'à la Région' })).toBe(
      'Les lycées relèvent de la Région : adressez-vous à la Région.',
    );
  });
});

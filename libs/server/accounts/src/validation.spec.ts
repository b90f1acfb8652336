import { describe, expect, it } from 'vitest';
import { pseudonymProblem } from './validation.js';

describe('pseudonymProblem', () => {
  it('keeps "Compte supprimé" for erased accounts, whatever its case, accents and spaces', () => {
    for (const taken of ['Compte supprimé', 'compte supprime', 'COMPTE  SUPPRIMÉ']) {
      expect(pseudonymProblem(taken)).toBe('Ce pseudonyme est réservé aux comptes supprimés : choisissez-en un autre.');
    }
    expect(pseudonymProblem('Compte supprimé 2')).toBeNull();
  });
});

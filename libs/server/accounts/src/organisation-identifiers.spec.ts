import { describe, expect, it } from 'vitest';
import { identifierProblem, luhn, normalizeIdentifier } from './organisation-identifiers.js';

describe('organisation identifiers', () => {
  it('checks the Luhn digit of SIREN and SIRET numbers', () => {
    expect(luhn('244900015')).toBe(true); // Angers Loire Métropole
    expect(luhn('244900016')).toBe(false);
    expect(identifierProblem('siren', '200068955')).toBeNull();
    expect(identifierProblem('siren', '200068956')).toBe("Ce numéro SIREN n'est pas valide (chiffre de contrôle) : vérifiez-le.");
    expect(identifierProblem('siren', '12345')).toBe('Un numéro SIREN compte 9 chiffres.');
    expect(identifierProblem('siret', '24490001500011')).toBeNull();
    expect(identifierProblem('siret', '2449000150001')).toBe('Un numéro SIRET compte 14 chiffres.');
  });

  it('checks RNA numbers', () => {
    expect(identifierProblem('rna', 'W491001234')).toBeNull();
    expect(identifierProblem('rna', '491001234')).toBe('Un numéro RNA commence par W suivi de 9 chiffres (exemple : W491001234).');
  });

  it('accepts what people type', () => {
    expect(normalizeIdentifier('244 900 015')).toBe('244900015');
    expect(normalizeIdentifier('w491001234')).toBe('W491001234');
  });
});

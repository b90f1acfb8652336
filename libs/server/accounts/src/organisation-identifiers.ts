// SIREN (9 digits) and SIRET (14 digits) carry a Luhn check digit; RNA numbers are W + 9 digits.
// (La Poste's SIRET numbers are the documented exception to Luhn: SIREN 356000000.)

export const ORGANISATION_KINDS = ['association', 'business', 'school', 'collective'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const IDENTIFIER_TYPES = ['siren', 'siret', 'rna', 'none'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function normalizeIdentifier(raw: string): string {
  return raw.replace(/[\s.]/g, '').toUpperCase();
}

/** The French sentence for a wrong identifier, or null. */
export function identifierProblem(type: IdentifierType, identifier: string): string | null {
  switch (type) {
    case 'none':
      return identifier ? "Choisissez le type d'identifiant (SIREN, SIRET ou RNA)." : null;
    case 'siren':
      if (!/^\d{9}$/.test(identifier)) return 'Un numéro SIREN compte 9 chiffres.';
      return luhn(identifier) ? null : "Ce numéro SIREN n'est pas valide (chiffre de contrôle) : vérifiez-le.";
    case 'siret':
      if (!/^\d{14}$/.test(identifier)) return 'Un numéro SIRET compte 14 chiffres.';
      return luhn(identifier) || identifier.startsWith('356000000') ? null : "Ce numéro SIRET n'est pas valide (chiffre de contrôle) : vérifiez-le.";
    case 'rna':
      return /^W\d{9}$/.test(identifier) ? null : 'Un numéro RNA commence par W suivi de 9 chiffres (exemple : W491001234).';
  }
}

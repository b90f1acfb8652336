// Who is competent for a category in a commune (DOMAIN.md §2).
export const CompetenceLevel = {
  Commune: 'C',
  Epci: 'E',
  Pole: 'P',
  External: 'X',
} as const;
export type CompetenceLevel = (typeof CompetenceLevel)[keyof typeof CompetenceLevel];

export const AuthorityKind = {
  Commune: 'commune',
  Epci: 'epci',
  Pole: 'pole',
  External: 'external',
} as const;
export type AuthorityKind = (typeof AuthorityKind)[keyof typeof AuthorityKind];

export const AUTHORITY_KIND_LABELS: Record<AuthorityKind, { fr: string; en: string }> = {
  commune: { fr: 'Commune', en: 'Municipality' },
  epci: { fr: 'Intercommunalité', en: 'Intermunicipality' },
  pole: { fr: 'Pôle métropolitain', en: 'Metropolitan cluster' },
  external: { fr: 'Autre organisme', en: 'Other body' },
};

// The structured part of a need (issue 4): kind, who is affected, how often, how many people.
// Keys are stored in the database and sent by the API in upper case; labels are what residents read.

export const NeedKind = { Need: 'need', Idea: 'idea' } as const;
export type NeedKind = (typeof NeedKind)[keyof typeof NeedKind];
export const NEED_KINDS: readonly NeedKind[] = Object.values(NeedKind);
export const NEED_KIND_LABELS: Record<NeedKind, { fr: string; hint: string }> = {
  need: { fr: 'besoin', hint: 'Quelque chose manque ou ne fonctionne pas.' },
  idea: { fr: 'idée', hint: 'Vous proposez un nouveau service.' },
};

export const AFFECTED_GROUPS = ['seniors', 'families', 'youth', 'disabled', 'workers', 'students', 'businesses', 'all_residents'] as const;
export type AffectedGroup = (typeof AFFECTED_GROUPS)[number];
export const AFFECTED_GROUP_LABELS: Record<AffectedGroup, string> = {
  seniors: 'Personnes âgées',
  families: 'Familles',
  youth: 'Enfants et jeunes',
  disabled: 'Personnes en situation de handicap',
  workers: 'Actifs',
  students: 'Étudiants',
  businesses: 'Entreprises et commerces',
  all_residents: 'Tous les habitants',
};

export const NEED_FREQUENCIES = ['daily', 'weekly', 'occasionally', 'seasonal', 'one_off'] as const;
export type NeedFrequency = (typeof NEED_FREQUENCIES)[number];
export const NEED_FREQUENCY_LABELS: Record<NeedFrequency, string> = {
  daily: 'Tous les jours',
  weekly: 'Chaque semaine',
  occasionally: 'De temps en temps',
  seasonal: 'À certaines saisons',
  one_off: 'Une seule fois',
};

export const PEOPLE_RANGES = ['under_10', 'from_10_to_100', 'from_100_to_1000', 'over_1000', 'unknown'] as const;
export type PeopleRange = (typeof PEOPLE_RANGES)[number];
export const PEOPLE_RANGE_LABELS: Record<PeopleRange, string> = {
  under_10: 'Moins de 10 personnes',
  from_10_to_100: 'De 10 à 100 personnes',
  from_100_to_1000: 'De 100 à 1 000 personnes',
  over_1000: 'Plus de 1 000 personnes',
  unknown: 'Je ne sais pas',
};

/** Photos of a need: how many, which formats, how large before re-encoding, how long an alt text. */
export const PHOTO_LIMITS = {
  maxPerNeed: 3,
  maxBytes: 8 * 1024 * 1024,
  mimeTypes: ['image/jpeg', 'image/png', 'image/webp'],
  alt: { min: 3, max: 250 },
} as const;

/** Withdrawal and edits are open to the author until the authority starts studying the need. */
export const AUTHOR_EDITABLE_STATUSES = ['pending_confirmation', 'received', 'transmitted'] as const;

export const WITHDRAWAL_REASON_MAX = 500;

/** How many similar needs the form shows before publishing. */
export const SIMILAR_NEEDS_LIMIT = 5;

/** Sorts of the public list. */
export const NEED_SORTS = ['newest', 'most_supported', 'recently_answered'] as const;
export type NeedSort = (typeof NEED_SORTS)[number];
export const NEED_SORT_LABELS: Record<NeedSort, string> = {
  newest: 'Les plus récents',
  most_supported: 'Les plus soutenus',
  recently_answered: 'Réponses récentes',
};

export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

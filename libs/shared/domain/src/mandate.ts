// Assisted submission (dépôt accompagné, DOMAIN.md §5): the mandate a mediator records for a resident
// without an account or email. One vocabulary for api, web and tests.

/** How the place reaches the resident: by phone, by post, or the resident comes back to the counter. */
export const MANDATE_CONTACTS = ['phone', 'postal', 'counter'] as const;
export type MandateContact = (typeof MANDATE_CONTACTS)[number];

export const MANDATE_CONTACT_LABELS: Readonly<Record<MandateContact, string>> = {
  phone: 'Par téléphone',
  postal: 'Par courrier',
  counter: 'La personne passera au guichet',
};

/** How long the mandate lasts (civil code art. 1984: for what and how long). */
export const MANDATE_DURATIONS = ['one_day', 'six_months', 'one_year'] as const;
export type MandateDuration = (typeof MANDATE_DURATIONS)[number];

export const MANDATE_DURATION_LABELS: Readonly<Record<MandateDuration, string>> = {
  one_day: '1 jour',
  six_months: '6 mois',
  one_year: '1 an',
};

/** The channels an assisted or transcribed need arrives by (never 'web'). */
export const ASSISTED_CHANNELS = ['guichet', 'france_services', 'telephone', 'courrier', 'email'] as const;
export type AssistedChannel = (typeof ASSISTED_CHANNELS)[number];

/** A French phone number reduced to its 10 digits (0XXXXXXXXX), or null when it is not one. */
export function normalizePhone(input: string): string | null {
  let digits = input.replace(/[\s.\-()/]/g, '');
  if (digits.startsWith('+33')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('0033')) digits = `0${digits.slice(4)}`;
  return /^0[1-9]\d{8}$/.test(digits) ? digits : null;
}

/** 0612345678 → "06 12 34 56 78". */
export function formatPhone(phone: string): string {
  return phone.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** What the place does when an assisted need's status changes, by the mandate's contact. */
export const MEDIATION_TODO_LABELS: Readonly<Record<MandateContact, string>> = {
  phone: 'Rappeler la personne',
  postal: 'Courrier à envoyer',
  counter: 'La personne passera au guichet',
};

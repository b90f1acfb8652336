/**
 * Personal data in public text (needs, comments): French phone numbers and email addresses are
 * found at write time, replaced in the stored text by a placeholder, and the item is flagged for
 * moderation. Framework-free: the api redacts, the web explains.
 */
export const PERSONAL_DATA_KINDS = ['phone', 'email'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export const PERSONAL_DATA_PLACEHOLDERS: Readonly<Record<PersonalDataKind, string>> = {
  phone: '[numéro masqué]',
  email: '[adresse e-mail masquée]',
};

/** What the author reads after a redaction, per kind found. */
export const PERSONAL_DATA_LABELS: Readonly<Record<PersonalDataKind, string>> = {
  phone: 'un numéro de téléphone',
  email: 'une adresse e-mail',
};

export interface PersonalDataMatch {
  kind: PersonalDataKind;
  start: number;
  end: number;
  text: string;
}

// A separator between digit pairs: one space (also non-breaking), dot or dash.
const SEP = '[ \\u00A0\\u202F.\\-]?';
// National (0X XX XX XX XX) or international (+33 / 0033, optional "(0)") French numbers; never part
// of a longer run of digits (SIRET, account numbers) nor glued to letters.
const PHONE = new RegExp(
  `(?<![\\p{L}\\p{N}+])(?:(?:\\+|00)33${SEP}(?:\\(0\\)${SEP})?|0)[1-9](?:${SEP}\\d{2}){4}(?![\\p{N}])`,
  'gu',
);
// local@domain.tld: the usual characters of an address, an alphabetic top-level domain.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,24}(?![\p{L}\p{N}])/gu;

/** Every phone number and email address of the text, in order of appearance, never overlapping. */
export function findPersonalData(text: string): PersonalDataMatch[] {
  const matches: PersonalDataMatch[] = [];
  for (const [kind, pattern] of [['email', EMAIL], ['phone', PHONE]] as const) {
    for (const found of text.matchAll(pattern)) {
      const start = found.index;
      const end = start + found[0].length;
      if (matches.some((other) => start < other.end && other.start < end)) continue;
      matches.push({ kind, start, end, text: found[0] });
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

/** The text with each phone number and email address replaced by its placeholder, and the kinds found (each once). */
export function redactPersonalData(text: string): { text: string; kinds: PersonalDataKind[] } {
  const matches = findPersonalData(text);
  if (!matches.length) return { text, kinds: [] };
  let redacted = '';
  let from = 0;
  for (const match of matches) {
    redacted += text.slice(from, match.start) + PERSONAL_DATA_PLACEHOLDERS[match.kind];
    from = match.end;
  }
  redacted += text.slice(from);
  const kinds = PERSONAL_DATA_KINDS.filter((kind) => matches.some((match) => match.kind === kind));
  return { text: redacted, kinds };
}

/** The French sentence telling an author what was masked, e.g. "un numéro de téléphone et une adresse e-mail". */
export function personalDataSentence(kinds: readonly PersonalDataKind[]): string {
  return kinds.map((kind) => PERSONAL_DATA_LABELS[kind]).join(' et ');
}

import { createHmac } from 'node:crypto';

/**
 * The only form in which the platform keeps a person's civil identity when it must recognise them
 * again (a support collected on paper, a FranceConnect identity): HMAC-SHA256 keyed with the
 * server's PAPER_SUPPORT_SECRET over the folded name and the birth year. Without the secret the
 * 32 bytes say nothing; the name and the year themselves are never stored.
 */
export function identityHash(secret: string, name: string, birthYear: number): Buffer {
  return createHmac('sha256', secret).update(`${foldName(name)}|${birthYear}`, 'utf8').digest();
}

/**
 * A name as two people would write it for the same person: lower case, accents removed, hyphens,
 * apostrophes, dots and runs of spaces folded into one space, the words in alphabetical order (a
 * paper sheet may say "Dubois Angela", FranceConnect "Angela" "Dubois"). "Jean-Éric  d'Aubé" → "aube d eric jean".
 */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .sort()
    .join(' ');
}

/**
 * What FranceConnect's claims weigh for the hash: the first given name (a paper sheet carries the usual
 * one: "Angela" for "Angela Claire Louise"), the family name and the year of the birthdate; null when
 * one is missing (that identity is then never matched).
 */
export function franceConnectIdentityHash(
  secret: string,
  claims: { givenName?: string | null; familyName?: string | null; birthdate?: string | null },
): Buffer | null {
  const firstGiven = claims.givenName?.trim().split(/\s+/)[0];
  const year = /^(\d{4})-\d{2}-\d{2}$/.exec(claims.birthdate ?? '')?.[1];
  if (!firstGiven || !claims.familyName?.trim() || !year) return null;
  return identityHash(secret, `${firstGiven} ${claims.familyName}`, Number(year));
}

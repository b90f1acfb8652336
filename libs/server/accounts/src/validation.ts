import type { FieldError } from '@pit/core';

// A practical address check: something@domain.tld, no spaces, 254 characters at most.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

export function emailProblem(email: string): string | null {
  if (!email) return 'Indiquez votre adresse électronique.';
  if (email.length > 254 || !EMAIL.test(email)) return "Cette adresse électronique n'est pas valide (exemple : nom@exemple.fr).";
  return null;
}

export const PSEUDONYM_LIMITS = { min: 3, max: 40 } as const;

export function pseudonymProblem(pseudonym: string): string | null {
  const length = [...pseudonym].length;
  if (!length) return 'Choisissez un pseudonyme.';
  if (length < PSEUDONYM_LIMITS.min || length > PSEUDONYM_LIMITS.max)
    return `Le pseudonyme doit compter entre ${PSEUDONYM_LIMITS.min} et ${PSEUDONYM_LIMITS.max} caractères.`;
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._'-]*$/u.test(pseudonym)) return 'Le pseudonyme peut contenir des lettres, des chiffres, des espaces et . _ \' -';
  if (/@/.test(pseudonym)) return 'Le pseudonyme ne doit pas être une adresse électronique.';
  // Erased accounts are shown under this name (@pit/privacy): nobody may take it.
  if (pseudonym.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim() === 'compte supprime')
    return 'Ce pseudonyme est réservé aux comptes supprimés : choisissez-en un autre.';
  return null;
}

export function collect(...entries: Array<[field: string, problem: string | null]>): FieldError[] {
  return entries.filter(([, problem]) => problem !== null).map(([field, message]) => ({ field, message: message! }));
}

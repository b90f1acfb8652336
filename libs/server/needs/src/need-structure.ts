// Checks of a need's structured fields, shared by submitting, drafts and edits (pure: unit-tested).
import {
  AFFECTED_GROUPS,
  NEED_FREQUENCIES,
  NEED_KINDS,
  PEOPLE_RANGES,
  PHOTO_LIMITS,
  WITHDRAWAL_REASON_MAX,
  isOneOf,
  type AffectedGroup,
  type NeedFrequency,
  type NeedKind,
  type PeopleRange,
} from '@pit/domain';
import type { FieldError } from '@pit/core';

export interface AddressInput {
  label: string;
  citycode: string;
  lat: number;
  lon: number;
}

export interface NeedStructureCommand {
  kind?: string | null;
  affectedGroups?: string[] | null;
  frequency?: string | null;
  peopleRange?: string | null;
  address?: AddressInput | null;
}

export interface CheckedStructure {
  kind: NeedKind;
  affectedGroups: AffectedGroup[];
  frequency: NeedFrequency | null;
  peopleRange: PeopleRange | null;
  address: AddressInput | null;
}

/** Structured fields, lower-cased keys; errors name each field. Kind defaults to "besoin". */
export function checkStructure(input: NeedStructureCommand, errors: FieldError[]): CheckedStructure {
  const kind = (input.kind ?? 'need').toLowerCase();
  if (!isOneOf(NEED_KINDS, kind)) errors.push({ field: 'kind', message: 'Indiquez s’il s’agit d’un besoin ou d’une idée.' });
  const groups = [...new Set((input.affectedGroups ?? []).map((group) => group.toLowerCase()))];
  if (groups.some((group) => !isOneOf(AFFECTED_GROUPS, group))) errors.push({ field: 'affectedGroups', message: 'Choisissez les personnes concernées dans la liste.' });
  const frequency = input.frequency ? input.frequency.toLowerCase() : null;
  if (frequency && !isOneOf(NEED_FREQUENCIES, frequency)) errors.push({ field: 'frequency', message: 'Choisissez une fréquence dans la liste.' });
  const peopleRange = input.peopleRange ? input.peopleRange.toLowerCase() : null;
  if (peopleRange && !isOneOf(PEOPLE_RANGES, peopleRange)) errors.push({ field: 'peopleRange', message: 'Choisissez un nombre de personnes dans la liste.' });
  let address: AddressInput | null = null;
  if (input.address) {
    const label = input.address.label.normalize('NFC').trim();
    const { lat, lon } = input.address;
    if (!label || label.length > 300 || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      errors.push({ field: 'address', message: 'Cette adresse n’est pas valide : cherchez-la à nouveau, ou laissez le champ vide.' });
    } else {
      address = { label, citycode: input.address.citycode.trim(), lat, lon };
    }
  }
  return {
    kind: isOneOf(NEED_KINDS, kind) ? kind : 'need',
    affectedGroups: groups.filter((group): group is AffectedGroup => isOneOf(AFFECTED_GROUPS, group)),
    frequency: frequency && isOneOf(NEED_FREQUENCIES, frequency) ? frequency : null,
    peopleRange: peopleRange && isOneOf(PEOPLE_RANGES, peopleRange) ? peopleRange : null,
    address,
  };
}

export interface PhotoCommand {
  token: string;
  alt: string;
}

/** Photos to attach: 3 at most, each with its alt text (fields photo1Alt…photo3Alt). */
export function checkPhotos(photos: PhotoCommand[] | null | undefined, errors: FieldError[]): PhotoCommand[] {
  const list = (photos ?? []).map((photo) => ({ token: photo.token.trim(), alt: photo.alt.normalize('NFC').replace(/\s+/g, ' ').trim() }));
  if (list.length > PHOTO_LIMITS.maxPerNeed) {
    errors.push({ field: 'photos', message: `Vous pouvez joindre ${PHOTO_LIMITS.maxPerNeed} photos au plus.` });
    return [];
  }
  list.forEach((photo, i) => {
    const field = `photo${i + 1}Alt`;
    const length = [...photo.alt].length;
    if (!length) errors.push({ field, message: `Décrivez la photo ${i + 1} en quelques mots (pour les personnes qui ne la voient pas).` });
    else if (length < PHOTO_LIMITS.alt.min || length > PHOTO_LIMITS.alt.max)
      errors.push({ field, message: `La description de la photo ${i + 1} doit compter entre ${PHOTO_LIMITS.alt.min} et ${PHOTO_LIMITS.alt.max} caractères.` });
  });
  return list;
}

export function checkWithdrawalReason(reason: string | null | undefined, errors: FieldError[]): string | null {
  const text = (reason ?? '').normalize('NFC').trim();
  if ([...text].length > WITHDRAWAL_REASON_MAX) errors.push({ field: 'reason', message: `La raison doit compter ${WITHDRAWAL_REASON_MAX} caractères au plus.` });
  return text || null;
}

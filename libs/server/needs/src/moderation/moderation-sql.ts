import type { EntityManager } from 'typeorm';
import { PERSONAL_DATA_KINDS, redactPersonalData, type PersonalDataKind } from '@pit/domain';

/**
 * Pre-moderation and personal-data flags as SQL fragments and small writes, shared by the public
 * reads (needs list, need page, similar needs, photos), participation and comments, and by the writes
 * that submit or edit public text. Framework-free so that any lib can call them in its transaction.
 */

/** A boolean SQL expression: the need aliased `alias` is held by pre-moderation. */
export function heldSql(alias: string): string {
  return `EXISTS (SELECT 1 FROM need_moderation_hold mh WHERE mh.need_id = ${alias}.id)`;
}

/** A boolean SQL expression: the need aliased `alias` is not held (what every public read adds). */
export function notHeldSql(alias: string): string {
  return `NOT ${heldSql(alias)}`;
}

/**
 * Holds a need just routed to an authority with pre-moderation on (route-need, in its transaction).
 * Returns whether it is held now.
 */
export async function holdIfPremoderated(manager: EntityManager, needId: string, authorityId: string): Promise<boolean> {
  const rows = await manager.query(
    `INSERT INTO need_moderation_hold (need_id, authority_id)
     SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM authority_moderation s WHERE s.authority_id = $2 AND s.premoderation)
     ON CONFLICT (need_id) DO NOTHING RETURNING need_id`,
    [needId, authorityId],
  );
  return rows.length > 0;
}

/**
 * Records, in the caller's transaction, that personal data was masked in a need's or comment's text:
 * the item enters the moderation queue (again) with the kinds found. Nothing when none was found.
 */
export async function flagPersonalData(manager: EntityManager, subjectType: 'need' | 'comment', subjectId: string, kinds: readonly PersonalDataKind[]): Promise<void> {
  if (!kinds.length) return;
  await manager.query(
    `INSERT INTO moderation_flag (subject_type, subject_id, personal_data, personal_data_at) VALUES ($1, $2, $3, clock_timestamp())
     ON CONFLICT (subject_type, subject_id) DO UPDATE SET personal_data = EXCLUDED.personal_data, personal_data_at = EXCLUDED.personal_data_at`,
    [subjectType, subjectId, kinds],
  );
}

/** Masks phone numbers and email addresses in a need's title and description; the kinds found in either, each once. */
export function redactNeedText<T extends { title: string; description: string }>(text: T): { text: T; kinds: PersonalDataKind[] } {
  const title = redactPersonalData(text.title);
  const description = redactPersonalData(text.description);
  const kinds = PERSONAL_DATA_KINDS.filter((kind) => title.kinds.includes(kind) || description.kinds.includes(kind));
  return { text: { ...text, title: title.text, description: description.text }, kinds };
}

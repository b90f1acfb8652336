import { NeedStatus, isNeedChannel, isNeedStatus } from '@pit/domain';
import { badUserInput, type FieldError } from '@pit/core';
import { overdueSql } from '../clock.js';
import { cleanNeedSearch, needSearchSql } from '../need-search.js';

/**
 * An authority's inbox filter, as the GraphQL `InboxFilter` input carries it (the inbox, its counts
 * and the CSV export share it). Every field is optional; a boolean left null does not filter.
 */
export interface InboxFilterValues {
  /** Any of these statuses (en attente de confirmation never shows in an inbox). */
  statuses?: readonly string[] | null;
  /** The need's category belongs to this theme. */
  themeKey?: string | null;
  /** The need's category. */
  categoryKey?: string | null;
  /** INSEE code of the need's commune. */
  communeCode?: string | null;
  /** true: only overdue needs (overdueSql); false: only the others. */
  overdue?: boolean | null;
  /** true: only needs that crossed their support threshold (a need_engagement row); false: only the others. */
  thresholdReached?: boolean | null;
  /** 'ME' (the acting agent), 'NONE' (nobody) or a person's id. */
  assignee?: string | null;
  /** need.channel (NEED_CHANNELS of @pit/domain). */
  channel?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMMUNE_CODE = /^\d[\dAB]\d{3}$/;
const KEY = /^[a-z0-9_]{1,60}$/;

/** The filter's mistakes, each naming its field (`filter.<name>`); empty when it is usable. */
export function checkInboxFilter(filter: InboxFilterValues): FieldError[] {
  const errors: FieldError[] = [];
  if (filter.statuses?.some((status) => !isNeedStatus(status) || status === NeedStatus.PendingConfirmation)) {
    errors.push({ field: 'filter.statuses', message: 'Choisissez les statuts dans la liste.' });
  }
  if (filter.statuses && filter.statuses.length > 20) errors.push({ field: 'filter.statuses', message: 'Choisissez les statuts dans la liste.' });
  if (filter.themeKey && !KEY.test(filter.themeKey)) errors.push({ field: 'filter.themeKey', message: 'Ce thème est inconnu.' });
  if (filter.categoryKey && !KEY.test(filter.categoryKey)) errors.push({ field: 'filter.categoryKey', message: 'Cette catégorie est inconnue.' });
  if (filter.communeCode && !COMMUNE_CODE.test(filter.communeCode)) errors.push({ field: 'filter.communeCode', message: 'Le code commune compte 5 caractères.' });
  if (filter.assignee && filter.assignee !== 'ME' && filter.assignee !== 'NONE' && !UUID.test(filter.assignee)) {
    errors.push({ field: 'filter.assignee', message: 'Choisissez « moi », « personne » ou un agent de la liste.' });
  }
  if (filter.channel && !isNeedChannel(filter.channel)) errors.push({ field: 'filter.channel', message: 'Choisissez un canal de la liste.' });
  return errors;
}

/**
 * The SQL condition (without WHERE) selecting the needs of an authority's inbox, for the need aliased `n`:
 * the needs it is in charge of (`n.authority_id`) or co-assigned to it (need_co_assignment), never those
 * awaiting their author's confirmation, narrowed by `filter` and the French full-text search `q` (the
 * public list's, see need-search.ts). Values are bound as parameters appended to `params` ($1… continue
 * from its length). `me` is the acting person, for `assignee: 'ME'`. Throws BAD_USER_INPUT on a filter
 * value outside its list (checkInboxFilter).
 */
export function inboxWhere(authorityId: string, filter: InboxFilterValues | null | undefined, q: string | null | undefined, params: unknown[], me: string | null = null): string {
  const values = filter ?? {};
  const errors = checkInboxFilter(values);
  if (errors.length) throw badUserInput(errors);
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const authority = bind(authorityId);
  const where = [
    `(n.authority_id = ${authority}::uuid OR EXISTS (SELECT 1 FROM need_co_assignment ca WHERE ca.need_id = n.id AND ca.authority_id = ${authority}::uuid))`,
    `n.status <> '${NeedStatus.PendingConfirmation}'`,
  ];
  if (values.statuses?.length) where.push(`n.status = ANY(${bind([...new Set(values.statuses)])}::text[])`);
  if (values.themeKey) where.push(`n.category_key IN (SELECT key FROM category WHERE theme_key = ${bind(values.themeKey)})`);
  if (values.categoryKey) where.push(`n.category_key = ${bind(values.categoryKey)}`);
  if (values.communeCode) where.push(`n.commune_code = ${bind(values.communeCode)}`);
  if (values.overdue === true) where.push(overdueSql('n'));
  if (values.overdue === false) where.push(`NOT COALESCE(${overdueSql('n')}, false)`);
  const engaged = 'EXISTS (SELECT 1 FROM need_engagement e WHERE e.need_id = n.id)';
  if (values.thresholdReached === true) where.push(engaged);
  if (values.thresholdReached === false) where.push(`NOT ${engaged}`);
  if (values.assignee === 'NONE') where.push('n.assignee_id IS NULL');
  else if (values.assignee === 'ME') where.push(me ? `n.assignee_id = ${bind(me)}::uuid` : 'false');
  else if (values.assignee) where.push(`n.assignee_id = ${bind(values.assignee)}::uuid`);
  if (values.channel) where.push(`n.channel = ${bind(values.channel)}`);
  const words = cleanNeedSearch(q);
  if (words) where.push(needSearchSql('n', bind(words)));
  return where.join(' AND ');
}

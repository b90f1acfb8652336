import type { PageServerLoad } from './$types';
import { ApiError } from '$lib/server/api';
import { apiFailure } from '$lib/server/failures';
import { requireAdmin } from '$lib/server/guards';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_TYPES, AUDIT_PARAMS, AuditJournalPage, auditFilterFromParams } from '$lib/server/ops-audit';

// The audit journal of staff mutations, for admins: filters (GET, French parameter names), newest
// first, keyset pagination (?apres=), and the CSV of the same filter (/admin/journal.csv). Server-only.
export const csr = false;

const PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ locals, url }) => {
  requireAdmin(locals, url);
  const { filter, values, errors } = auditFilterFromParams(url.searchParams);
  const after = url.searchParams.get('apres')?.slice(0, 200) || null;
  const kept = new URLSearchParams();
  for (const name of AUDIT_PARAMS) if (values[name] && !errors[name]) kept.set(name, values[name]);
  let result;
  let apiErrors: string[] = [];
  try {
    result = await locals.api(AuditJournalPage, { filter, first: PAGE_SIZE, after });
  } catch (e) {
    // A stale cursor or a filter the API refuses: say it, show the first page without it.
    if (!(e instanceof ApiError && e.isBadUserInput)) apiFailure(e);
    apiErrors = (e as ApiError).fields.map((field) => field.message);
    result = await locals.api(AuditJournalPage, { filter: {}, first: PAGE_SIZE, after: null }).catch(apiFailure);
  }
  const next = result.auditEntries.pageInfo.hasNextPage && result.auditEntries.pageInfo.endCursor ? new URLSearchParams(kept) : null;
  next?.set('apres', result.auditEntries.pageInfo.endCursor!);
  return {
    values,
    errors,
    apiErrors,
    entries: result.auditEntries.edges.map((edge) => edge.node),
    authorities: result.authorities,
    filtered: kept.size > 0,
    paged: Boolean(after),
    firstPage: `/admin/journal${kept.size ? `?${kept}` : ''}`,
    nextPage: next ? `/admin/journal?${next}` : null,
    csv: `/admin/journal.csv${kept.size ? `?${kept}` : ''}`,
    actionLabels: AUDIT_ACTION_LABELS,
    entityTypes: AUDIT_ENTITY_TYPES,
  };
};

// The audit journal of the current filters as CSV, for admins: streamed from the api's
// GET /exports/audit.csv (the visitor's session as bearer token).
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { asDownload, fetchDownload } from '$lib/server/api-download';
import { requireAdmin } from '$lib/server/guards';
import { auditCsvQuery, auditFilterFromParams } from '$lib/server/ops-audit';
import { readSessionToken } from '$lib/server/session';

export const GET: RequestHandler = async ({ locals, url, cookies }) => {
  // Layout guards do not run for endpoints.
  requireAdmin(locals, url);
  const { filter, errors } = auditFilterFromParams(url.searchParams);
  if (Object.keys(errors).length) error(400, Object.values(errors)[0]!);
  const result = await fetchDownload(`/exports/audit.csv?${auditCsvQuery(filter)}`, readSessionToken(cookies));
  if (!result.ok) error([400, 401, 403].includes(result.status) ? result.status : 503, result.message);
  return asDownload(result.response, 'journal.csv');
};

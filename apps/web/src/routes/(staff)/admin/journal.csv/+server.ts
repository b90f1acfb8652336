// The audit journal of the current filters as CSV, for admins: streamed from the api's
// GET /exports/audit.csv (the visitor's session as bearer token), never buffered here.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { API_URL } from '$lib/server/api';
import { UNAVAILABLE_MESSAGE } from '$lib/server/failures';
import { requireAdmin } from '$lib/server/guards';
import { auditCsvQuery, auditFilterFromParams } from '$lib/server/ops-audit';
import { readSessionToken } from '$lib/server/session';

export const GET: RequestHandler = async ({ locals, url, cookies }) => {
  // Layout guards do not run for endpoints.
  requireAdmin(locals, url);
  const { filter, errors } = auditFilterFromParams(url.searchParams);
  if (Object.keys(errors).length) error(400, Object.values(errors)[0]!);
  let response: Response;
  try {
    response = await fetch(`${API_URL.replace(/\/+$/, '')}/exports/audit.csv?${auditCsvQuery(filter)}`, {
      headers: { authorization: `Bearer ${readSessionToken(cookies)}` },
      signal: AbortSignal.timeout(60_000),
    });
  } catch (cause) {
    console.error(cause);
    error(503, UNAVAILABLE_MESSAGE);
  }
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    error(response.status === 401 || response.status === 403 || response.status === 400 ? response.status : 503, body.message ?? UNAVAILABLE_MESSAGE);
  }
  return new Response(response.body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment; filename="journal.csv"',
      'cache-control': 'private, no-store',
    },
  });
};

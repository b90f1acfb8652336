// The file of an inbox export through its signed link (?jeton=), for the person who asked for it (or an
// admin): streamed from the api's GET /exports/inbox/:id/file with the visitor's session. A refused link
// (expired, invalid, someone else's) comes back to the exports page, which says why (LINK_PROBLEMS).
import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { API_URL } from '$lib/server/api';
import { UNAVAILABLE_MESSAGE } from '$lib/server/failures';
import { requireResident } from '$lib/server/guards';
import { readSessionToken } from '$lib/server/session';
import { loginUrl } from '$lib/return-path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const GET: RequestHandler = async ({ locals, url, params, cookies }) => {
  // Layout guards do not run for endpoints.
  requireResident(locals, url);
  if (!UUID.test(params.id)) redirect(303, '/collectivite/exports?lien=introuvable');
  const token = url.searchParams.get('jeton')?.slice(0, 100) ?? '';
  let response: Response;
  try {
    response = await fetch(`${API_URL.replace(/\/+$/, '')}/exports/inbox/${params.id}/file?token=${encodeURIComponent(token)}`, {
      headers: { authorization: `Bearer ${readSessionToken(cookies)}` },
      signal: AbortSignal.timeout(60_000),
    });
  } catch (cause) {
    console.error(cause);
    error(503, UNAVAILABLE_MESSAGE);
  }
  if (!response.ok || !response.body) {
    if (response.status === 401) redirect(303, loginUrl(`${url.pathname}${url.search}`));
    const problem = ({ 403: 'refuse', 404: 'introuvable', 410: 'expire' } as const)[response.status as 403 | 404 | 410];
    if (problem) redirect(303, `/collectivite/exports?lien=${problem}`);
    error(503, UNAVAILABLE_MESSAGE);
  }
  return new Response(response.body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment; filename="export.csv"',
      'cache-control': 'private, no-store',
    },
  });
};

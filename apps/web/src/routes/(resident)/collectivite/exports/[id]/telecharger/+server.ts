// The file of an inbox export through its signed link (?jeton=), for the person who asked for it (or an
// admin): streamed from the api's GET /exports/inbox/:id/file with the visitor's session. An expired
// or invalid link ends on the error page with the api's French sentence.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { API_URL } from '$lib/server/api';
import { UNAVAILABLE_MESSAGE } from '$lib/server/failures';
import { requireResident } from '$lib/server/guards';
import { readSessionToken } from '$lib/server/session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const GET: RequestHandler = async ({ locals, url, params, cookies }) => {
  // Layout guards do not run for endpoints.
  requireResident(locals, url);
  if (!UUID.test(params.id)) error(404, "Cet export n'existe pas (ou plus) : demandez un nouvel export.");
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
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    error([401, 403, 404, 410].includes(response.status) ? response.status : 503, body.message ?? UNAVAILABLE_MESSAGE);
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

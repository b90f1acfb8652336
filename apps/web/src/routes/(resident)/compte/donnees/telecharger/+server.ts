// The data export file through its signed link (?fichier=&jeton=), for its owner only: streamed from the
// api's GET /privacy/data-exports/:id/file with the visitor's session. A refused link (expired, invalid,
// someone else's) comes back to /compte/donnees, which says why.
import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { fetchDownload } from '$lib/server/api-download';
import { UNAVAILABLE_MESSAGE } from '$lib/server/failures';
import { requireResident } from '$lib/server/guards';
import { readSessionToken } from '$lib/server/session';
import { loginUrl } from '$lib/return-path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROBLEMS: Record<number, string> = { 403: 'refuse', 404: 'introuvable', 410: 'expire' };

export const GET: RequestHandler = async ({ locals, url, cookies }) => {
  // Layout guards do not run for endpoints.
  requireResident(locals, url);
  const id = url.searchParams.get('fichier') ?? '';
  if (!UUID.test(id)) redirect(303, '/compte/donnees?lien=introuvable');
  const token = url.searchParams.get('jeton')?.slice(0, 100) ?? '';
  const result = await fetchDownload(`/privacy/data-exports/${id}/file?token=${encodeURIComponent(token)}`, readSessionToken(cookies));
  if (result.ok) {
    return new Response(result.response.body, {
      status: 200,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': result.response.headers.get('content-disposition') ?? 'attachment; filename="mes-donnees.json"',
        'cache-control': 'private, no-store',
      },
    });
  }
  if (result.status === 401) redirect(303, loginUrl(`${url.pathname}${url.search}`));
  if (PROBLEMS[result.status]) redirect(303, `/compte/donnees?lien=${PROBLEMS[result.status]}`);
  error(503, UNAVAILABLE_MESSAGE);
};

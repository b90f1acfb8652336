// The file of an inbox export through its signed link (?jeton=), for the person who asked for it (or an
// admin): streamed from the api's GET /exports/inbox/:id/file with the visitor's session. A refused link
// (expired, invalid, someone else's) comes back to the exports page, which says why (LINK_PROBLEMS).
import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { asDownload, fetchDownload } from '$lib/server/api-download';
import { UNAVAILABLE_MESSAGE } from '$lib/server/failures';
import { requireResident } from '$lib/server/guards';
import { readSessionToken } from '$lib/server/session';
import { loginUrl } from '$lib/return-path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROBLEMS: Record<number, string> = { 403: 'refuse', 404: 'introuvable', 410: 'expire' };

export const GET: RequestHandler = async ({ locals, url, params, cookies }) => {
  // Layout guards do not run for endpoints.
  requireResident(locals, url);
  if (!UUID.test(params.id)) redirect(303, '/collectivite/exports?lien=introuvable');
  const token = url.searchParams.get('jeton')?.slice(0, 100) ?? '';
  const result = await fetchDownload(`/exports/inbox/${params.id}/file?token=${encodeURIComponent(token)}`, readSessionToken(cookies));
  if (result.ok) return asDownload(result.response, 'export.csv');
  if (result.status === 401) redirect(303, loginUrl(`${url.pathname}${url.search}`));
  if (PROBLEMS[result.status]) redirect(303, `/collectivite/exports?lien=${PROBLEMS[result.status]}`);
  error(503, UNAVAILABLE_MESSAGE);
};

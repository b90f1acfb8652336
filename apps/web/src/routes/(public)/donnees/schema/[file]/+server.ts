import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { fetchDownload } from '$lib/server/api-download';
import { OPEN_DATA_SCHEMA } from '$lib/server/ops-open-data';

// The Table Schema (frictionless) of an open-data file, shown in the browser.
export const GET: RequestHandler = async ({ params }) => {
  if (!OPEN_DATA_SCHEMA.test(params.file)) error(404, 'Ce schéma n’existe pas.');
  const result = await fetchDownload(`/open-data/schema/${params.file}`, null);
  if (!result.ok) error(result.status, result.message);
  return new Response(result.response.body, {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
};

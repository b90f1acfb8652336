import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { fetchDownload } from '$lib/server/api-download';
import { OPEN_DATA_DAY, OPEN_DATA_FILE } from '$lib/server/ops-open-data';

// An open-data file, streamed from the api as it was published (never buffered here).
export const GET: RequestHandler = async ({ params }) => {
  if (!OPEN_DATA_DAY.test(params.day) || !OPEN_DATA_FILE.test(params.file)) error(404, 'Ce fichier n’existe pas.');
  const result = await fetchDownload(`/open-data/${params.day}/${params.file}`, null);
  if (!result.ok) error(result.status === 404 ? 404 : result.status, result.message);
  const headers = new Headers();
  for (const name of ['content-type', 'content-disposition', 'content-length', 'cache-control', 'etag']) {
    const value = result.response.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(result.response.body, { status: 200, headers });
};

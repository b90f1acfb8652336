import { normalizeReference } from '@pit/domain';
import type { RequestHandler } from './$types';
import { fetchPhoto } from '$lib/server/photos';

// The re-encoded image, fetched from the api (the browser never talks to it).
export const GET: RequestHandler = ({ params, url }) => {
  const reference = normalizeReference(params.reference);
  const position = Number(params.position);
  if (!reference || !Number.isInteger(position) || position < 1 || position > 3) return new Response('Photo introuvable', { status: 404 });
  return fetchPhoto(`/needs/${reference}/photos/${position}?variant=${url.searchParams.get('taille') === 'grande' ? 'full' : 'page'}`);
};

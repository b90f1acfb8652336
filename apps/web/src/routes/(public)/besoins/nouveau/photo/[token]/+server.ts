import type { RequestHandler } from './$types';
import { fetchPhoto } from '$lib/server/photos';

// A photo being written (preview): only its upload token opens it.
export const GET: RequestHandler = ({ params, url }) => {
  if (!/^[A-Za-z0-9_-]{16,100}$/.test(params.token)) return new Response('Photo introuvable', { status: 404 });
  return fetchPhoto(`/needs/photos/pending/${params.token}?variant=${url.searchParams.get('taille') === 'grande' ? 'full' : 'page'}`);
};

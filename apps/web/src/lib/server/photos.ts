// Photos go browser → web (multipart form) → api (raw bytes, POST /needs/photos, the visitor's session
// bearer token) and come back api → web → browser: the browser never talks to the api.
import { PHOTO_LIMITS } from '@pit/domain';
import { API_URL } from './api';

export type UploadResult = { token: string } | { error: string };

/** Uploads one posted file; an empty file input (nothing chosen) gives null. */
export async function uploadPhoto(file: FormDataEntryValue | null, sessionToken: string | null): Promise<UploadResult | null> {
  if (!file || typeof file === 'string' || file.size === 0) return null;
  if (file.size > PHOTO_LIMITS.maxBytes) return { error: `La photo dépasse ${PHOTO_LIMITS.maxBytes / 1024 / 1024} Mo : réduisez-la avant de l'envoyer.` };
  const type = (PHOTO_LIMITS.mimeTypes as readonly string[]).includes(file.type) ? file.type : 'application/octet-stream';
  let response: Response;
  try {
    response = await fetch(`${API_URL.replace(/\/+$/, '')}/needs/photos`, {
      method: 'POST',
      headers: { 'content-type': type, ...(sessionToken ? { authorization: `Bearer ${sessionToken}` } : {}) },
      body: Buffer.from(await file.arrayBuffer()),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (cause) {
    console.error(cause);
    return { error: "La photo n'a pas pu être envoyée : le service est momentanément indisponible. Réessayez dans quelques minutes." };
  }
  const body = (await response.json().catch(() => ({}))) as { token?: string; message?: string };
  if (response.status === 201 && body.token) return { token: body.token };
  if (response.status === 413) return { error: `La photo dépasse ${PHOTO_LIMITS.maxBytes / 1024 / 1024} Mo : réduisez-la avant de l'envoyer.` };
  return { error: body.message ?? "La photo n'a pas pu être enregistrée." };
}

/** Fetches a photo from the api: a published one (reference, position) or one being written (token). */
export async function fetchPhoto(path: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${API_URL.replace(/\/+$/, '')}${path}`, { signal: AbortSignal.timeout(10_000) });
  } catch {
    return new Response('Service indisponible', { status: 503 });
  }
  if (!response.ok) return new Response('Photo introuvable', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(response.body, {
    status: 200,
    headers: { 'content-type': 'image/webp', 'cache-control': response.headers.get('cache-control') ?? 'public, max-age=3600', 'x-content-type-options': 'nosniff' },
  });
}

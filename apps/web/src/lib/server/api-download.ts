// Files the api serves over REST with the visitor's session (CSV exports), streamed back to the browser
// as a download without being buffered here.
import { error } from '@sveltejs/kit';
import { API_URL } from './api';
import { UNAVAILABLE_MESSAGE } from './failures';

export type DownloadResult = { ok: true; response: Response } | { ok: false; status: number; message: string };

/** GETs `path` from the api with the session as bearer token; an unreachable api is the French 503 page. */
export async function fetchDownload(path: string, sessionToken: string | null): Promise<DownloadResult> {
  let response: Response;
  try {
    response = await fetch(`${API_URL.replace(/\/+$/, '')}${path}`, {
      headers: sessionToken ? { authorization: `Bearer ${sessionToken}` } : {},
      signal: AbortSignal.timeout(60_000),
    });
  } catch (cause) {
    console.error(cause);
    error(503, UNAVAILABLE_MESSAGE);
  }
  if (response.ok && response.body) return { ok: true, response };
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  return { ok: false, status: response.status, message: body.message ?? UNAVAILABLE_MESSAGE };
}

/** The api's file as this site's response: CSV, its file name, never cached. */
export function asDownload(response: Response, fallbackName: string): Response {
  return new Response(response.body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': response.headers.get('content-disposition') ?? `attachment; filename="${fallbackName}"`,
      'cache-control': 'private, no-store',
    },
  });
}

import { redirect, text } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { ApiError } from '$lib/server/api';
import { UnsubscribeNotifications } from '$lib/server/operations';

// One-click unsubscribe (RFC 8058): the mail provider POSTs `List-Unsubscribe=One-Click` to the
// List-Unsubscribe URL; server.js routes that POST (it has no Origin header) here. Answers plain text.

export const POST: RequestHandler = async ({ request, url, locals }) => {
  const token = url.searchParams.get('jeton') ?? '';
  const body = await request.text().catch(() => '');
  // The body is urlencoded or multipart (RFC 8058 §3.1): either way it holds this pair.
  if (!/List-Unsubscribe=One-Click/.test(body) && !/name="List-Unsubscribe"\r?\n\r?\nOne-Click/.test(body)) {
    return text('Demande de désinscription incomplète : List-Unsubscribe=One-Click attendu.', { status: 400 });
  }
  try {
    await locals.api(UnsubscribeNotifications, { token: token.slice(0, 200) });
  } catch (error) {
    if (error instanceof ApiError && error.isBadUserInput) return text('Ce lien de désinscription ne fonctionne pas.', { status: 400 });
    throw error;
  }
  return text('Vous ne recevrez plus de courriels de notification.');
};

/** Opened in a browser: the page with its button. */
export const GET: RequestHandler = ({ url }) => {
  redirect(303, `/notifications/desinscription${url.search}`);
};

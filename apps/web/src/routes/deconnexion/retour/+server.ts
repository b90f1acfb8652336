import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { flash } from '$lib/server/flash';

// FranceConnect and ProConnect send the browser back here after their logout (post_logout_redirect_uri,
// declared at the provider). The local session already ended in the /deconnexion action.
export const GET: RequestHandler = ({ cookies, url }) => {
  flash(cookies, url, 'deconnexion');
  redirect(303, '/');
};

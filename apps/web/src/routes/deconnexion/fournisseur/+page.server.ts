import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { flash } from '$lib/server/flash';
import { takeProviderLogout } from './provider-logout.server';

export const csr = false;

// After the local logout: on to the provider's end-session page (FranceConnect, ProConnect), which
// sends the browser back to /deconnexion/retour.
export const load: PageServerLoad = ({ cookies, url }) => {
  const providerLogoutUrl = takeProviderLogout(cookies, url);
  if (!providerLogoutUrl) {
    flash(cookies, url, 'deconnexion');
    redirect(303, '/');
  }
  return { providerLogoutUrl };
};

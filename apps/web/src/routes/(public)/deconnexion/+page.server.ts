import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ApiError } from '$lib/server/api';
import { flash } from '$lib/server/flash';
import { LogOut } from '$lib/server/operations';
import { clearSessionCookie, readSessionToken } from '$lib/server/session';
import { PROVIDER_LOGOUT_PAGE, rememberProviderLogout } from '../../deconnexion/fournisseur/provider-logout.server';

export const csr = false;

// A GET shows a button: logging out changes state, so it is a POST (and links cannot log anyone out).
export const load: PageServerLoad = ({ locals }) => {
  if (!locals.me) redirect(303, '/');
};

export const actions: Actions = {
  default: async ({ locals, cookies, url }) => {
    let providerLogoutUrl: string | null = null;
    if (readSessionToken(cookies)) {
      try {
        ({ logOut: { providerLogoutUrl } } = await locals.api(LogOut));
      } catch (e) {
        // A session already gone is logged out all the same; an outage is logged, the cookie still goes.
        if (!(e instanceof ApiError && e.code === 'UNAUTHENTICATED')) console.error(e);
      }
    }
    clearSessionCookie(cookies, url);
    if (providerLogoutUrl && /^https?:\/\//.test(providerLogoutUrl)) {
      // CSP form-action 'self' blocks a form post that redirects to another origin: a page of ours
      // hands the browser on to the provider's logout instead.
      rememberProviderLogout(cookies, url, providerLogoutUrl);
      redirect(303, PROVIDER_LOGOUT_PAGE);
    }
    flash(cookies, url, 'deconnexion');
    redirect(303, '/');
  },
};

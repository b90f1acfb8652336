// Logging out of FranceConnect / ProConnect after the local logout. The logout form's answer cannot
// redirect to the provider: browsers apply the CSP `form-action 'self'` to a form's redirects too (seen
// in Chromium). So the action keeps the provider's URL for a minute and redirects here, on this site;
// this page then sends the browser on with a meta refresh and a link, which form-action does not govern.
import type { Cookies } from '@sveltejs/kit';

export const PROVIDER_LOGOUT_PAGE = '/deconnexion/fournisseur';
const COOKIE = 'pit_logout';
const OPTIONS = { path: PROVIDER_LOGOUT_PAGE, httpOnly: true, sameSite: 'lax' } as const;

/** Called by the /deconnexion action with logOut's providerLogoutUrl, before redirect(303, PROVIDER_LOGOUT_PAGE). */
export function rememberProviderLogout(cookies: Cookies, url: URL, providerLogoutUrl: string): void {
  cookies.set(COOKIE, providerLogoutUrl, { ...OPTIONS, secure: url.protocol === 'https:', maxAge: 60 });
}

/** The provider's logout URL, once; null when there is none (or it is not an http(s) URL). */
export function takeProviderLogout(cookies: Cookies, url: URL): string | null {
  const value = cookies.get(COOKIE);
  if (value === undefined) return null;
  cookies.delete(COOKIE, { ...OPTIONS, secure: url.protocol === 'https:' });
  return value.length <= 8000 && /^https?:\/\/[^\s"'<>]+$/.test(value) ? value : null;
}

// FranceConnect and ProConnect, the web's half: send the browser to the provider with what the api
// prepared (state, nonce and PKCE verifier kept in a short-lived httpOnly cookie), then hand the
// provider's answer back to the api on return. The api checks everything and keeps the client secret.
import { redirect, type Cookies } from '@sveltejs/kit';
import { loginUrl, safeReturnPath } from '$lib/return-path';
import { ApiError } from '$lib/server/api';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { setSessionCookie } from '$lib/server/session';
import { OidcComplete, OidcLink, OidcStart, type IdentityProvider, type Problem } from './oidc-operations';

export interface ProviderPage {
  provider: IdentityProvider;
  label: string;
  /** The start page; the provider sends the browser back to `${path}/retour`. */
  path: string;
}

export const FRANCECONNECT: ProviderPage = { provider: 'FRANCECONNECT', label: 'FranceConnect', path: '/connexion/franceconnect' };
export const PROCONNECT: ProviderPage = { provider: 'PROCONNECT', label: 'ProConnect', path: '/connexion/proconnect' };

interface Event {
  locals: App.Locals;
  url: URL;
  cookies: Cookies;
}

/** Cookie holding one login in progress; sent back only to /connexion/… and gone after 10 minutes. */
export const OIDC_COOKIE = 'pit_oidc';
const OIDC_COOKIE_PATH = '/connexion';
const OIDC_COOKIE_MAX_AGE = 600;

interface Pending {
  provider: IdentityProvider;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Local path to go to after logging in ('' for /compte). */
  retour: string;
  /** Linking the identity to the logged-in account rather than logging in. */
  link: boolean;
}

/**
 * GET /connexion/<provider>[?retour=/chemin][&lier=1]: redirects to the provider, or returns the
 * problem to show (provider not offered here, out of reach).
 */
export async function startLogin(page: ProviderPage, { locals, url, cookies }: Event): Promise<{ problem: Problem }> {
  const link = url.searchParams.get('lier') === '1';
  const retour = safeReturnPath(url.searchParams.get('retour'), '');
  if (link && !locals.me) redirect(303, loginUrl(`${page.path}?lier=1`));
  if (!link && locals.me) redirect(303, retour || '/compte');
  let authorizationUrl: string;
  try {
    const { oidcStart } = await locals.api(OidcStart, { provider: page.provider, redirectUri: `${url.origin}${page.path}/retour` });
    const pending: Pending = { provider: page.provider, state: oidcStart.state, nonce: oidcStart.nonce, codeVerifier: oidcStart.codeVerifier, retour, link };
    cookies.set(OIDC_COOKIE, JSON.stringify(pending), {
      path: OIDC_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: url.protocol === 'https:',
      maxAge: OIDC_COOKIE_MAX_AGE,
    });
    authorizationUrl = oidcStart.authorizationUrl;
  } catch (e) {
    return { problem: problemOf(e, page) };
  }
  redirect(303, authorizationUrl);
}

/**
 * GET /connexion/<provider>/retour?code=…&state=…: the api completes the login (session cookie set,
 * then on to the return path) or the link (shown on the page), or the problem is shown.
 */
export async function finishLogin(page: ProviderPage, { locals, url, cookies }: Event): Promise<{ problem: Problem | null; linked: boolean }> {
  const pending = readPending(cookies, page.provider);
  // One answer per login: the cookie goes whatever happens next.
  cookies.delete(OIDC_COOKIE, { path: OIDC_COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
  if (!pending) {
    return {
      problem: { title: 'La connexion a expiré', message: `La connexion avec ${page.label} a pris trop de temps ou a déjà été utilisée. Recommencez depuis la page de connexion.`, disabled: false },
      linked: false,
    };
  }
  const variables = { provider: page.provider, callbackUrl: url.href, state: pending.state, nonce: pending.nonce, codeVerifier: pending.codeVerifier };
  try {
    if (pending.link) {
      if (!locals.me) {
        return { problem: { title: 'Votre session a expiré', message: `Connectez-vous, puis liez à nouveau votre compte ${page.label}.`, disabled: false }, linked: false };
      }
      await locals.api(OidcLink, variables);
      return { problem: null, linked: true };
    }
    const { oidcComplete } = await locals.api(OidcComplete, variables);
    setSessionCookie(cookies, url, oidcComplete);
  } catch (e) {
    return { problem: problemOf(e, page), linked: false };
  }
  flash(cookies, url, 'connexion');
  redirect(303, safeReturnPath(pending.retour, '/compte'));
}

function readPending(cookies: Cookies, provider: IdentityProvider): Pending | null {
  const raw = cookies.get(OIDC_COOKIE);
  if (!raw || raw.length > 2000) return null;
  try {
    const value = JSON.parse(raw) as Partial<Pending>;
    const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
    if (value.provider !== provider || !text(value.state) || !text(value.nonce) || !text(value.codeVerifier)) return null;
    return { provider, state: value.state, nonce: value.nonce, codeVerifier: value.codeVerifier, retour: typeof value.retour === 'string' ? value.retour : '', link: value.link === true };
  } catch {
    return null;
  }
}

/** The api's French refusals become the page's text; an api outage is the usual 503 page. */
function problemOf(e: unknown, page: ProviderPage): Problem {
  if (e instanceof ApiError) {
    switch (e.code) {
      case 'PROVIDER_DISABLED':
        return { title: `${page.label} n'est pas disponible ici`, message: e.message, disabled: true };
      case 'PROVIDER_UNAVAILABLE':
        return { title: `${page.label} ne répond pas`, message: e.message, disabled: false };
      case 'PROVIDER_CANCELLED':
        return { title: 'Connexion annulée', message: e.message, disabled: false };
      case 'PROVIDER_LOGIN_FAILED':
        return { title: 'La connexion n’a pas abouti', message: e.message, disabled: false };
      case 'UNAUTHENTICATED':
        return { title: 'Votre session a expiré', message: `Connectez-vous, puis liez à nouveau votre compte ${page.label}.`, disabled: false };
      case 'BAD_USER_INPUT':
        // An identity linked to another account; or ORIGIN and the api's PUBLIC_URL disagree (logged).
        if (!e.fields.some((f) => f.field === 'provider')) console.error(e);
        return { title: 'La connexion n’a pas abouti', message: e.message, disabled: false };
    }
  }
  return apiFailure(e);
}

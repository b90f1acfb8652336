import type { Handle, HandleServerError } from '@sveltejs/kit';
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, messagesFor, resolveLocale } from '$lib/i18n';
import { footerHtml } from '$lib/i18n/footer';
import { API_URL, createClient } from '$lib/server/api';
import { isApiFailure } from '$lib/server/failures';
import { requireAdmin, requireResident } from '$lib/server/guards';
import { Me } from '$lib/server/operations';
import { clearSessionCookie, forwardedHeaders, readSessionToken } from '$lib/server/session';

const WEB_API_KEY = process.env.WEB_API_KEY?.trim() || null;

// With the CSP of svelte.config.js. Referrer-Policy keeps emailed tokens (?jeton=) from leaking to other sites.
const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), payment=(), usb=(), geolocation=(self)',
};

function clientAddress(event: Parameters<Handle>[0]['event']): string | null {
  try {
    return event.getClientAddress();
  } catch {
    return null;
  }
}

// Every request gets its own API client (the visitor's token, address and browser) and, when a session
// cookie is present, one `me` call: locals.me is the logged-in person or null.
export const handle: Handle = async ({ event, resolve }) => {
  // Language: ?lang= (then remembered for a year), else the `lang` cookie, else French. Never Accept-Language.
  const { locale, remember } = resolveLocale(event.url.searchParams.get('lang'), event.cookies.get(LOCALE_COOKIE));
  event.locals.locale = locale;
  if (remember) event.cookies.set(LOCALE_COOKIE, locale, { path: '/', httpOnly: true, sameSite: 'lax', secure: event.url.protocol === 'https:', maxAge: LOCALE_COOKIE_MAX_AGE });
  const token = readSessionToken(event.cookies);
  event.locals.api = createClient({
    url: API_URL,
    headers: forwardedHeaders({ token, clientAddress: clientAddress(event), userAgent: event.request.headers.get('user-agent'), webKey: WEB_API_KEY }),
  });
  event.locals.me = null;
  event.locals.identityUnavailable = false;
  if (token) {
    try {
      event.locals.me = (await event.locals.api(Me)).me;
      if (!event.locals.me) clearSessionCookie(event.cookies, event.url);
    } catch (e) {
      // The API is down: the visitor stays logged in (cookie kept); pages that need them answer 503.
      if (!isApiFailure(e)) throw e;
      console.error(e);
      event.locals.identityUnavailable = true;
    }
  } else if (event.cookies.get('pit_session') !== undefined) {
    clearSessionCookie(event.cookies, event.url);
  }
  // Layout guards do not run for form actions: guard them here too.
  if (event.request.method !== 'GET' && event.request.method !== 'HEAD') {
    const group = event.route.id?.split('/')[1];
    if (group === '(resident)') requireResident(event.locals, event.url);
    else if (group === '(staff)') requireAdmin(event.locals, event.url);
  }
  // <html lang> and the footer (app.html): the footer sits outside the Svelte app, so the hydrated pages
  // carry neither its strings nor code for it.
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%pit.lang%', locale).replace('%pit.footer%', footerHtml(locale)) });
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!response.headers.has(name)) response.headers.set(name, value);
  if (event.url.protocol === 'https:') response.headers.set('strict-transport-security', 'max-age=31536000');
  // Pages shown to a logged-in person (or holding a session) stay out of every cache: on a shared
  // computer, Back after logging out must not show the account again.
  if (token) response.headers.set('cache-control', 'private, no-store');
  return response;
};

// Unexpected errors: logged with their cause, shown to residents as one sentence in their language.
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status !== 404) console.error(error);
  const t = messagesFor(event.locals.locale).error;
  return { message: status === 404 ? t.notFound : message === 'Internal Error' ? t.unexpected : message };
};

// The web server's side of a session: the pit_session cookie and the headers that carry the visitor's
// identity and address to the API. The browser never talks to the API; the token never reaches scripts.
import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'pit_session';

/** Tokens the API issues are base64url; anything else is not worth a round trip. */
const TOKEN = /^[A-Za-z0-9_-]{16,100}$/;

export function readSessionToken(cookies: Cookies): string | null {
  const value = cookies.get(SESSION_COOKIE);
  return value && TOKEN.test(value) ? value : null;
}

/** httpOnly, SameSite=Lax, Secure on https origins (a browser drops Secure cookies on http://localhost). */
export function setSessionCookie(cookies: Cookies, url: URL, session: { sessionToken: string; expiresAt: string }): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(session.expiresAt) - Date.now()) / 1000));
  cookies.set(SESSION_COOKIE, session.sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge });
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}

export interface Forwarded {
  token: string | null;
  clientAddress: string | null;
  userAgent: string | null;
  /** WEB_API_KEY: with it the API trusts X-Forwarded-For. Unset: nothing is forwarded. */
  webKey: string | null;
}

/** Headers of every GraphQL call made for one request. */
export function forwardedHeaders({ token, clientAddress, userAgent, webKey }: Forwarded): Record<string, string> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (webKey && clientAddress) {
    headers['x-forwarded-for'] = clientAddress;
    headers['x-pit-web-key'] = webKey;
  }
  // The session list shows the browser that opened each session.
  const ua = userAgent?.replace(/[^\x20-\x7e]/g, '').slice(0, 300);
  if (ua) headers['user-agent'] = ua;
  return headers;
}

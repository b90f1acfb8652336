// Needs submitted without an account from this browser: { reference: authorViewToken } in an httpOnly
// cookie, so that their author sees them before confirming (need(reference, viewToken)). Last 20 kept.
import type { Cookies } from '@sveltejs/kit';

export const MY_NEEDS_COOKIE = 'pit_mes_besoins';
const KEEP = 20;
// As long as the emailed confirmation link (30 days).
const MAX_AGE = 30 * 24 * 3600;
const REFERENCE = /^B-[0-9A-Z]{6}$/;
const TOKEN = /^[A-Za-z0-9_-]{16,100}$/;

export function parseMyNeeds(raw: string | undefined): Record<string, string> {
  if (!raw || raw.length > 4000) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    const entries = Object.entries(value as Record<string, unknown>).filter(
      (entry): entry is [string, string] => REFERENCE.test(entry[0]) && typeof entry[1] === 'string' && TOKEN.test(entry[1]),
    );
    return Object.fromEntries(entries.slice(-KEEP));
  } catch {
    return {};
  }
}

/** The map with this need added last (the oldest dropped beyond 20). */
export function addMyNeed(current: Record<string, string>, reference: string, token: string): Record<string, string> {
  const entries = Object.entries(current).filter(([ref]) => ref !== reference);
  entries.push([reference, token]);
  return Object.fromEntries(entries.slice(-KEEP));
}

export function viewTokenFor(cookies: Cookies, reference: string): string | null {
  return parseMyNeeds(cookies.get(MY_NEEDS_COOKIE))[reference] ?? null;
}

export function rememberMyNeed(cookies: Cookies, url: URL, reference: string, token: string): void {
  const next = addMyNeed(parseMyNeeds(cookies.get(MY_NEEDS_COOKIE)), reference, token);
  cookies.set(MY_NEEDS_COOKIE, JSON.stringify(next), { path: '/besoins', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: MAX_AGE });
}

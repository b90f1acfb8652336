// Who may open the (resident) and (staff) pages. Called by their +layout.server.ts (pages) and by
// hooks.server.ts (form actions, which layouts do not guard). The API checks every operation again.
import { error, redirect } from '@sveltejs/kit';
import { currentPath, loginUrl } from '$lib/return-path';
import { UNAVAILABLE_MESSAGE } from './failures';
import type { MeData } from './operations';

export function requireResident(locals: App.Locals, url: URL): MeData {
  if (locals.me) return locals.me;
  if (locals.identityUnavailable) error(503, UNAVAILABLE_MESSAGE);
  redirect(303, loginUrl(currentPath(url)));
}

export function isAdmin(me: MeData | null): boolean {
  return Boolean(me?.roles.some((grant) => grant.role === 'ADMIN'));
}

export function requireAdmin(locals: App.Locals, url: URL): MeData {
  const me = requireResident(locals, url);
  if (!isAdmin(me)) error(403, 'Cette page est réservée aux administrateurs de la plateforme.');
  return me;
}

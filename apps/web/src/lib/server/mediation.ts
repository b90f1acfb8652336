// The place a mediator (or an agent transcribing a call, a letter or an email) acts for, on the /mediation pages.
import { error } from '@sveltejs/kit';
import { isAdmin, requireResident } from './guards';
import type { MeData } from './operations';

export interface Place {
  id: string;
  name: string;
}

/** The person's places: the authorities where they are mediator or agent (mediator places first). */
export function placesOf(me: MeData): Place[] {
  const places: Place[] = [];
  for (const role of ['MEDIATOR', 'AGENT']) {
    for (const grant of me.roles) {
      if (grant.role === role && grant.authority && !places.some((place) => place.id === grant.authority!.id)) places.push({ id: grant.authority.id, name: grant.authority.name });
    }
  }
  return places;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Mediators, agents and admins only; the chosen place (?lieu=) or the first one. Admins name it by ?lieu=. */
export function requireMediation(locals: App.Locals, url: URL): { me: MeData; places: Place[]; place: Place | null } {
  const me = requireResident(locals, url);
  const places = placesOf(me);
  if (!places.length && !isAdmin(me)) error(403, 'Cette page est réservée aux médiateurs et aux agents des collectivités.');
  const wanted = url.searchParams.get('lieu') ?? '';
  const chosen = places.find((place) => place.id === wanted) ?? (isAdmin(me) && UUID.test(wanted) ? { id: wanted, name: 'Lieu choisi' } : null);
  return { me, places, place: chosen ?? places[0] ?? null };
}

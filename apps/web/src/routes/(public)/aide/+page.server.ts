import type { PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { HelpPlacesPage } from '$lib/server/ops-help';
import { getReferenceData } from '$lib/server/reference-data';

export const csr = false;

// Où trouver de l'aide : the places that help with digital procedures, filtered by commune with a
// plain GET form (?commune=<INSEE code>): the commune's places first, then those of its intercommunality.
export const load: PageServerLoad = async ({ url, locals }) => {
  const param = url.searchParams.get('commune') ?? '';
  const communeCode = /^\d[\dAB]\d{3}$/.test(param) ? param : null;
  const [{ helpPlaces }, { communes }] = await Promise.all([locals.api(HelpPlacesPage, { communeCode }), getReferenceData()]).catch(apiFailure);
  const commune = communes.find((candidate) => candidate.code === communeCode) ?? null;
  return {
    communes,
    commune: commune ? { code: commune.code, name: commune.name } : null,
    here: commune ? helpPlaces.filter((place) => place.address.communeCode === commune.code) : helpPlaces,
    nearby: commune ? helpPlaces.filter((place) => place.address.communeCode !== commune.code) : [],
  };
};

import { error } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import type { PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { NeedPhotoPage } from '$lib/server/operations';

export const csr = false;

// One photo at a time, sized for the page budget (the need page only links here).
export const load: PageServerLoad = async ({ params, locals }) => {
  const reference = normalizeReference(params.reference);
  const position = Number(params.position);
  if (!reference || !Number.isInteger(position)) error(404, 'Cette photo n’existe pas.');
  const { need } = await locals.api(NeedPhotoPage, { reference }).catch(apiFailure);
  const photo = need?.photos.find((p) => p.position === position);
  if (!need || !photo) error(404, 'Cette photo n’existe pas.');
  return { need: { reference: need.reference, title: need.title, count: need.photos.length }, photo };
};

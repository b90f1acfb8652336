import { error } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import type { PageServerLoad } from './$types';
import { requireMediation } from '$lib/server/mediation';
import { NeedMandate } from '$lib/server/ops-assisted';

// The printable receipt of a need recorded for someone: the tracking code, the need, how to follow it.
// Journaled as a use of the mandate ('receipt'); the place's mediators, the recorder and admins.
export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireMediation(locals, url);
  const reference = normalizeReference(params.reference.slice(0, 40));
  if (!reference) error(404, 'Ce reçu n’existe pas.');
  const { needMandate } = await locals.api(NeedMandate, { reference, receipt: true });
  if (!needMandate) error(404, 'Ce reçu n’existe pas.');
  return { mandate: needMandate, origin: url.origin };
};

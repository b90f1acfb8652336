import { error } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import type { PageServerLoad } from './$types';
import { requireMediation } from '$lib/server/mediation';
import { NeedMandate } from '$lib/server/ops-assisted';

// A mandate and its journal (every use of it); opening this page is itself journaled ('viewed').
export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireMediation(locals, url);
  const reference = normalizeReference(params.reference.slice(0, 40));
  if (!reference) error(404, 'Ce mandat n’existe pas.');
  const { needMandate } = await locals.api(NeedMandate, { reference, receipt: false });
  if (!needMandate) error(404, 'Ce mandat n’existe pas.');
  return { mandate: needMandate };
};

import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireMediation } from '$lib/server/mediation';
import { MediationTodo } from '$lib/server/ops-assisted';

// The printable letter of a to-do (a resident reached by post): the news of their need. Journaled.
export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireMediation(locals, url);
  const { mediationTodo } = await locals.api(MediationTodo, { id: params.id.slice(0, 40) });
  if (!mediationTodo) error(404, 'Ce courrier n’existe pas.');
  return { todo: mediationTodo, origin: url.origin };
};

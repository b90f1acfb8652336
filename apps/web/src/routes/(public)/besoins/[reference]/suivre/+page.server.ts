import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field } from '$lib/server/forms';
import { engagementNeed, referenceOf, requireVisitor, returnPath } from '$lib/server/need-engagement';
import { FollowNeed, UnfollowNeed } from '$lib/server/operations';

// The page itself only shows a refused action (without JavaScript); a visit goes to the need.
export const load: PageServerLoad = ({ params, request }) => {
  const reference = referenceOf(params);
  if (request.method === 'GET') redirect(303, `/besoins/${reference}`);
  return { reference };
};

export const actions: Actions = {
  // intent=arreter stops following; anything else follows.
  default: async ({ request, locals, params, cookies, url }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const back = returnPath(data, reference);
    requireVisitor(locals, back);
    const stop = field(data, 'intent', { max: 20 }) === 'arreter';
    const need = await engagementNeed(locals, reference);
    try {
      if (stop) await locals.api(UnfollowNeed, { needId: need.id });
      else await locals.api(FollowNeed, { needId: need.id });
    } catch (e) {
      return apiFormFailure(e, { form: 'suivre', values: {}, fields: [], returnTo: back });
    }
    flash(cookies, url, stop ? 'suivi-arrete' : 'suivi-active');
    redirect(303, back);
  },
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field } from '$lib/server/forms';
import { engagementNeed, referenceOf, requireVisitor, returnPath } from '$lib/server/need-engagement';
import { SupportNeed, WithdrawSupport } from '$lib/server/operations';

// The page itself only shows a refused action (without JavaScript); a visit goes to the need.
export const load: PageServerLoad = ({ params, request }) => {
  const reference = referenceOf(params);
  if (request.method === 'GET') redirect(303, `/besoins/${reference}`);
  return { reference };
};

export const actions: Actions = {
  // intent=retirer withdraws; anything else supports ("Je soutiens ce besoin", "C'est mon besoin aussi").
  default: async ({ request, locals, params, cookies, url }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const back = returnPath(data, reference);
    requireVisitor(locals, back);
    const withdraw = field(data, 'intent', { max: 20 }) === 'retirer';
    const need = await engagementNeed(locals, reference);
    try {
      if (withdraw) await locals.api(WithdrawSupport, { needId: need.id });
      else await locals.api(SupportNeed, { needId: need.id });
    } catch (e) {
      return apiFormFailure(e, { form: 'soutenir', values: {}, fields: [], returnTo: back });
    }
    flash(cookies, url, withdraw ? 'soutien-retire' : 'soutien-enregistre');
    redirect(303, back);
  },
};

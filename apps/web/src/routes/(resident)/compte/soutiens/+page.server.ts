import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { requireResident } from '$lib/server/guards';
import { MySupportCarryOvers, RespondToSupportCarryOver } from '$lib/server/ops-merge';

// A supporter of a merged need says whether to carry their support over to the need kept
// (issue 5 item 5); the email's link lands here. Nothing moves without this answer.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
  requireResident(locals, url);
  const { mySupportCarryOvers } = await locals.api(MySupportCarryOvers).catch(apiFailure);
  return { requests: mySupportCarryOvers };
};

export const actions: Actions = {
  repondre: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { id: field(data, 'id', { max: 100 }), accept: field(data, 'accept', { max: 10 }) };
    if (!values.id || !['oui', 'non'].includes(values.accept)) return invalid('repondre', values, {}, ['Choisissez de reporter votre soutien ou non.']);
    try {
      await locals.api(RespondToSupportCarryOver, { id: values.id, accept: values.accept === 'oui' });
    } catch (e) {
      return apiFormFailure(e, { form: 'repondre', values, fields: [], returnTo: '/compte/soutiens' });
    }
    flash(cookies, url, values.accept === 'oui' ? 'soutien-reporte' : 'soutien-non-reporte');
    redirect(303, '/compte/soutiens');
  },
};

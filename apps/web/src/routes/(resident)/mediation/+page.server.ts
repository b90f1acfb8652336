import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field } from '$lib/server/forms';
import { requireMediation } from '$lib/server/mediation';
import { CompleteMediationTodo, PlaceMediation, RevokeMandate } from '$lib/server/ops-assisted';

// The mediators' back office: to-dos (tell a resident without email that their need moved), the
// place's mandates (revocable), and the link to record a need for someone. The API checks every right.
export const load: PageServerLoad = async ({ locals, url }) => {
  const { places, place } = requireMediation(locals, url);
  if (!place) return { places, place: null, todos: [], done: [], mandates: [] };
  const data = await locals.api(PlaceMediation, { authorityId: place.id });
  return { places, place, todos: data.mediationTodos, done: data.done.slice(0, 20), mandates: data.placeMandates };
};

const back = (url: URL) => `/mediation${url.searchParams.get('lieu') ? `?lieu=${encodeURIComponent(url.searchParams.get('lieu')!)}` : ''}`;

export const actions: Actions = {
  faite: async ({ request, locals, cookies, url }) => {
    requireMediation(locals, url);
    const data = await request.formData();
    const values = { id: field(data, 'id', { max: 40 }), note: field(data, 'note', { max: 1000 }) };
    try {
      await locals.api(CompleteMediationTodo, { id: values.id, note: values.note || null });
    } catch (e) {
      return apiFormFailure(e, { form: `faite-${values.id}`, values, fields: ['note'], returnTo: back(url) });
    }
    flash(cookies, url, 'tache-faite');
    redirect(303, back(url));
  },
  revoquer: async ({ request, locals, cookies, url }) => {
    requireMediation(locals, url);
    const data = await request.formData();
    const values = { reference: field(data, 'reference', { max: 40 }) };
    try {
      await locals.api(RevokeMandate, { reference: values.reference });
    } catch (e) {
      return apiFormFailure(e, { form: `revoquer-${values.reference}`, values, fields: [], returnTo: back(url) });
    }
    flash(cookies, url, 'mandat-revoque');
    redirect(303, back(url));
  },
};

import { error, redirect } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { isAdmin, requireResident } from '$lib/server/guards';
import { engagementNeed } from '$lib/server/need-engagement';
import { RecordPaperSupports } from '$lib/server/operations';

// Supports collected on paper (a France services counter, a public meeting), recorded by a mediator
// for one need: /collectivite/soutiens-papier?besoin=B-XXXXXX. The API checks need.paper_supports.
function requireMediator(locals: App.Locals, url: URL) {
  const me = requireResident(locals, url);
  if (!isAdmin(me) && !me.roles.some((grant) => grant.role === 'MEDIATOR')) error(403, 'Cette page est réservée aux médiateurs.');
}

export const load: PageServerLoad = async ({ locals, url }) => {
  requireMediator(locals, url);
  const typed = url.searchParams.get('besoin')?.slice(0, 40) ?? '';
  const reference = typed ? normalizeReference(typed) : null;
  if (!reference) return { typed, need: null, unknown: Boolean(typed) };
  return { typed, need: await engagementNeed(locals, reference), unknown: false };
};

const COUNT = /^\d{1,5}$/;

export const actions: Actions = {
  enregistrer: async ({ request, locals, cookies, url }) => {
    requireMediator(locals, url);
    const data = await request.formData();
    const values = { reference: field(data, 'reference', { max: 40 }), count: field(data, 'count', { max: 20 }), note: field(data, 'note', { max: 2000 }) };
    const reference = normalizeReference(values.reference);
    if (!reference) return invalid('enregistrer', values, {}, ['Indiquez la référence du besoin (B-XXXXXX).']);
    if (!COUNT.test(values.count)) return invalid('enregistrer', values, { count: 'Indiquez le nombre de soutiens en chiffres, par exemple 12.' });
    const need = await engagementNeed(locals, reference);
    try {
      await locals.api(RecordPaperSupports, { input: { needId: need.id, count: Number(values.count), note: values.note || null } });
    } catch (e) {
      return apiFormFailure(e, { form: 'enregistrer', values, fields: ['count', 'note'], returnTo: `/collectivite/soutiens-papier?besoin=${reference}` });
    }
    flash(cookies, url, 'soutiens-papier-enregistres');
    redirect(303, `/besoins/${reference}`);
  },
};

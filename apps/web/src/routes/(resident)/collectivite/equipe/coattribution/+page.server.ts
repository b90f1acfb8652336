import { error, redirect } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { authorityScope } from '$lib/server/authority-scope';
import { requireResident } from '$lib/server/guards';
import { CoAssignmentPage, CoAssignNeed, RemoveCoAssignment } from '$lib/server/ops-team';

// Co-assignment of a need (?besoin=<reference>): a second authority works on it beside the one in
// charge (the mayor's police powers beside the EPCI's service), with a public reason; or it stops.
// Agents of the need's authority and admins (the API checks need.co_assign on every call).

export const load: PageServerLoad = async ({ locals, url }) => {
  authorityScope(requireResident(locals, url), url);
  const reference = normalizeReference(url.searchParams.get('besoin')?.slice(0, 40) ?? '');
  if (!reference) error(404, 'Indiquez la référence du besoin, par exemple B-7K3M9Q.');
  const { need, authorities } = await locals.api(CoAssignmentPage, { reference }).catch(apiFailure);
  if (!need) error(404, 'Ce besoin n’existe pas.');
  const taken = new Set([need.routing?.authority.id, ...need.coAssignments.map((co) => co.authority.id)]);
  return { need, choices: authorities.filter((authority) => authority.kind !== 'EXTERNAL' && !taken.has(authority.id)) };
};

const pageOf = (reference: string) => `/collectivite/equipe/coattribution?besoin=${encodeURIComponent(reference)}`;

export const actions: Actions = {
  coattribuer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { reference: field(data, 'reference', { max: 40 }), authorityId: field(data, 'authorityId', { max: 100 }), reason: field(data, 'reason', { max: 2000 }) };
    const errors: Record<string, string> = {};
    if (!values.authorityId) errors.authorityId = 'Choisissez la collectivité qui travaille aussi sur ce besoin.';
    if (!values.reason) errors.reason = 'Indiquez le motif : il sera affiché publiquement.';
    if (Object.keys(errors).length) return invalid('coattribuer', values, errors);
    try {
      await locals.api(CoAssignNeed, { reference: values.reference, input: { authorityId: values.authorityId, reason: values.reason } });
    } catch (e) {
      return apiFormFailure(e, { form: 'coattribuer', values, fields: ['authorityId', 'reason'], returnTo: pageOf(values.reference) });
    }
    flash(cookies, url, 'coattribution-enregistree');
    redirect(303, pageOf(values.reference));
  },

  retirer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { reference: field(data, 'reference', { max: 40 }), authorityId: field(data, 'authorityId', { max: 100 }) };
    try {
      await locals.api(RemoveCoAssignment, { reference: values.reference, authorityId: values.authorityId });
    } catch (e) {
      return apiFormFailure(e, { form: 'retirer', values, fields: [], returnTo: pageOf(values.reference) });
    }
    flash(cookies, url, 'coattribution-retiree');
    redirect(303, pageOf(values.reference));
  },
};

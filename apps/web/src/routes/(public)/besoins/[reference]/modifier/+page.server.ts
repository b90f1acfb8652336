import { error, redirect } from '@sveltejs/kit';
import { AFFECTED_GROUPS, NEED_FREQUENCIES, PEOPLE_RANGES, isOneOf, normalizeReference } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { requireResident } from '$lib/server/guards';
import { EditableNeedPage, UpdateNeed } from '$lib/server/operations';
import { validateNeedForm, emptyNeedForm } from '$lib/need-form';

export const csr = false;

const FIELDS = ['kind', 'title', 'description', 'affectedGroups', 'frequency', 'peopleRange'] as const;

async function editable(locals: App.Locals, url: URL, raw: string) {
  requireResident(locals, url);
  const reference = normalizeReference(raw);
  if (!reference) error(404, 'Ce besoin n’existe pas.');
  const { need } = await locals.api(EditableNeedPage, { reference }).catch(apiFailure);
  if (!need) error(404, 'Ce besoin n’existe pas.');
  if (!need.canEdit) error(403, 'Seul son auteur peut modifier ce besoin, tant que la collectivité ne l’étudie pas.');
  return need;
}

export const load: PageServerLoad = async ({ locals, url, params }) => ({ need: await editable(locals, url, params.reference) });

export const actions: Actions = {
  default: async ({ request, locals, url, params, cookies }) => {
    const need = await editable(locals, url, params.reference);
    const data = await request.formData();
    const kind = field(data, 'kind', { max: 10 }) === 'idea' ? 'idea' : 'need';
    const groups = data.getAll('affectedGroups').filter((v): v is string => typeof v === 'string' && isOneOf(AFFECTED_GROUPS, v));
    const frequency = field(data, 'frequency', { max: 40 });
    const peopleRange = field(data, 'peopleRange', { max: 40 });
    const values = { kind, title: field(data, 'title', { max: 1000 }), description: field(data, 'description', { max: 10_000 }), affectedGroups: groups.join(','), frequency, peopleRange };
    const checked = validateNeedForm({ ...emptyNeedForm(), title: values.title, description: values.description, categoryKey: 'x', communeCode: 'x' });
    const errors: Record<string, string> = {};
    if (checked.title) errors.title = checked.title;
    if (checked.description) errors.description = checked.description;
    if (Object.keys(errors).length) return invalid('modifier', values, errors);
    try {
      await locals.api(UpdateNeed, {
        reference: need.reference,
        input: {
          title: values.title,
          description: values.description,
          kind: kind.toUpperCase(),
          affectedGroups: groups.map((g) => g.toUpperCase()),
          frequency: isOneOf(NEED_FREQUENCIES, frequency) ? frequency.toUpperCase() : null,
          peopleRange: isOneOf(PEOPLE_RANGES, peopleRange) ? peopleRange.toUpperCase() : null,
        },
      });
    } catch (e) {
      return apiFormFailure(e, { form: 'modifier', values, fields: FIELDS, returnTo: `/besoins/${need.reference}/modifier` });
    }
    flash(cookies, url, 'besoin-modifie');
    redirect(303, `/besoins/${need.reference}`);
  },
};



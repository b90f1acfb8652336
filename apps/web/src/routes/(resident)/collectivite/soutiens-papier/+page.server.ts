import { error, redirect } from '@sveltejs/kit';
import { normalizeReference } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { isAdmin, requireResident } from '$lib/server/guards';
import { engagementNeed } from '$lib/server/need-engagement';
import { RecordPaperSupport } from '$lib/server/ops-paper-supports';
import { getReferenceData } from '$lib/server/reference-data';

// Supports collected on paper (a France services counter, a public meeting), recorded one person at a
// time by a mediator for one need: /collectivite/soutiens-papier?besoin=B-XXXXXX. The API checks
// need.paper_supports, refuses a person who already supports the need (on paper or through
// FranceConnect) and keeps the name and birth year only as a keyed hash.
function requireMediator(locals: App.Locals, url: URL) {
  const me = requireResident(locals, url);
  if (!isAdmin(me) && !me.roles.some((grant) => grant.role === 'MEDIATOR')) error(403, 'Cette page est réservée aux médiateurs.');
}

export const load: PageServerLoad = async ({ locals, url }) => {
  requireMediator(locals, url);
  const typed = url.searchParams.get('besoin')?.slice(0, 40) ?? '';
  const reference = typed ? normalizeReference(typed) : null;
  if (!reference) return { typed, need: null, unknown: Boolean(typed), communes: [] };
  const [need, { communes }] = await Promise.all([engagementNeed(locals, reference), getReferenceData().catch(apiFailure)]);
  return { typed, need, unknown: false, communes };
};

const YEAR = /^\d{4}$/;
const FIELDS = ['name', 'birthYear', 'communeCode', 'signatureSeen'] as const;

export const actions: Actions = {
  enregistrer: async ({ request, locals, cookies, url }) => {
    requireMediator(locals, url);
    const data = await request.formData();
    const values = {
      reference: field(data, 'reference', { max: 40 }),
      name: field(data, 'name', { max: 300 }),
      birthYear: field(data, 'birthYear', { max: 10 }),
      communeCode: field(data, 'communeCode', { max: 5 }),
      signatureSeen: field(data, 'signatureSeen', { max: 3 }),
    };
    const reference = normalizeReference(values.reference);
    if (!reference) return invalid('enregistrer', values, {}, ['Indiquez la référence du besoin (B-XXXXXX).']);
    if (!YEAR.test(values.birthYear)) return invalid('enregistrer', values, { birthYear: "Indiquez l'année de naissance en 4 chiffres, par exemple 1962." });
    const need = await engagementNeed(locals, reference);
    const back = `/collectivite/soutiens-papier?besoin=${reference}`;
    try {
      await locals.api(RecordPaperSupport, {
        input: { needId: need.id, name: values.name, birthYear: Number(values.birthYear), communeCode: values.communeCode, signatureSeen: values.signatureSeen === 'oui' },
      });
    } catch (e) {
      return apiFormFailure(e, { form: 'enregistrer', values, fields: FIELDS, returnTo: back });
    }
    // Back to an empty form: the mediator goes on with the next line of the sheet.
    flash(cookies, url, 'soutien-papier-enregistre');
    redirect(303, back);
  },
};

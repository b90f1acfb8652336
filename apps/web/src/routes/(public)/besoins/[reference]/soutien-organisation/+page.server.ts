import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentPath } from '$lib/return-path';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { engagementNeed, referenceOf, requireVisitor, returnPath } from '$lib/server/need-engagement';
import { BackNeed, WithdrawBacking } from '$lib/server/operations';

const STATEMENT = { min: 10, max: 500 };

// Backing a need in the name of an organisation one represents: the form of the need page, on its
// own page (reachable without JavaScript, and where a refused statement is shown again).
export const load: PageServerLoad = async ({ params, locals, url }) => {
  const reference = referenceOf(params);
  requireVisitor(locals, currentPath(url));
  const need = await engagementNeed(locals, reference);
  return { need };
};

export const actions: Actions = {
  publier: async ({ request, locals, params, cookies, url }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const back = returnPath(data, reference);
    requireVisitor(locals, `/besoins/${reference}/soutien-organisation`);
    const values = { organisationId: field(data, 'organisationId', { max: 100 }), statement: field(data, 'statement', { max: 2000 }) };
    const errors: Record<string, string> = {};
    if (!values.organisationId) errors.organisationId = "Choisissez l'organisation au nom de laquelle vous soutenez ce besoin.";
    const length = [...values.statement].length;
    if (!length) errors.statement = 'Écrivez en quelques mots pourquoi votre organisation soutient ce besoin.';
    else if (length < STATEMENT.min || length > STATEMENT.max)
      errors.statement = `La déclaration doit compter entre ${STATEMENT.min} et ${STATEMENT.max} caractères (elle en compte ${length}).`;
    if (Object.keys(errors).length) return invalid('soutien-organisation', values, errors);
    const need = await engagementNeed(locals, reference);
    try {
      await locals.api(BackNeed, { input: { needId: need.id, organisationId: values.organisationId, statement: values.statement } });
    } catch (e) {
      return apiFormFailure(e, { form: 'soutien-organisation', values, fields: ['organisationId', 'statement'], returnTo: back });
    }
    flash(cookies, url, 'soutien-organisation-publie');
    redirect(303, back);
  },

  retirer: async ({ request, locals, params, cookies, url }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const back = returnPath(data, reference);
    requireVisitor(locals, back);
    const organisationId = field(data, 'organisationId', { max: 100 });
    if (!organisationId) return invalid('retirer', {}, {}, ["Choisissez l'organisation dont le soutien est à retirer."]);
    const need = await engagementNeed(locals, reference);
    try {
      await locals.api(WithdrawBacking, { needId: need.id, organisationId });
    } catch (e) {
      return apiFormFailure(e, { form: 'retirer', values: {}, fields: [], returnTo: back });
    }
    flash(cookies, url, 'soutien-organisation-retire');
    redirect(303, back);
  },
};

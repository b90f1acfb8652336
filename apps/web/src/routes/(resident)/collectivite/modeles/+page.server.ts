import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { authorityScope } from '$lib/server/authority-scope';
import { requireResident } from '$lib/server/guards';
import { AuthorityChoices, type NeedStatusEnum } from '$lib/server/operations';
import { DeleteTemplate, SaveTemplate, TemplatesPage } from '$lib/server/ops-triage';

// An authority's answer templates ("modèles de réponse"): list, create, edit (?modifier=<id>), delete.
// For its agents (and admins, who choose the authority); the API checks authority.inbox on every call.

/** Statuses a template may go with (staff never move a need to the others). */
const TEMPLATE_STATUSES: readonly NeedStatusEnum[] = ['UNDER_STUDY', 'ACCEPTED', 'PLANNED', 'IN_PROGRESS', 'DONE', 'REFUSED', 'DUPLICATE', 'OUT_OF_SCOPE', 'HIDDEN'];

export const load: PageServerLoad = async ({ locals, url }) => {
  const { admin, mine, authorityId } = authorityScope(requireResident(locals, url), url);
  if (!authorityId) {
    const { authorities } = await locals.api(AuthorityChoices).catch(apiFailure);
    return { admin, choices: authorities, authority: null, templates: [], editing: null, statuses: TEMPLATE_STATUSES };
  }
  const { answerTemplates, authorities } = await locals.api(TemplatesPage, { authorityId, withAuthorities: admin }).catch(apiFailure);
  const choices = admin ? (authorities ?? []) : mine;
  const authority = choices.find((candidate) => candidate.id === authorityId) ?? null;
  const editing = answerTemplates.find((template) => template.id === url.searchParams.get('modifier')) ?? null;
  return { admin, choices, authority, templates: answerTemplates, editing, statuses: TEMPLATE_STATUSES };
};

const pageOf = (authorityId: string) => `/collectivite/modeles?collectivite=${encodeURIComponent(authorityId)}`;

export const actions: Actions = {
  enregistrer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = {
      id: field(data, 'id', { max: 100 }),
      authorityId: field(data, 'authorityId', { max: 100 }),
      title: field(data, 'title', { max: 1000 }),
      body: field(data, 'body', { max: 6000 }),
      status: field(data, 'status', { max: 40 }),
    };
    const errors: Record<string, string> = {};
    if (!values.title) errors.title = 'Indiquez le titre du modèle.';
    if (!values.body) errors.body = 'Écrivez le texte de la réponse.';
    const status = TEMPLATE_STATUSES.find((candidate) => candidate === values.status) ?? null;
    if (values.status && !status) errors.status = 'Choisissez un statut de la liste.';
    if (!values.authorityId) return invalid('enregistrer', values, errors, ['Choisissez la collectivité.']);
    if (Object.keys(errors).length) return invalid('enregistrer', values, errors);
    try {
      await locals.api(SaveTemplate, { input: { id: values.id || null, authorityId: values.authorityId, title: values.title, body: values.body, status } });
    } catch (e) {
      return apiFormFailure(e, { form: 'enregistrer', values, fields: ['title', 'body', 'status'], returnTo: pageOf(values.authorityId) });
    }
    flash(cookies, url, 'modele-enregistre');
    redirect(303, pageOf(values.authorityId));
  },

  supprimer: async ({ request, locals, cookies, url }) => {
    const data = await request.formData();
    const values = { id: field(data, 'id', { max: 100 }), authorityId: field(data, 'authorityId', { max: 100 }) };
    try {
      await locals.api(DeleteTemplate, { id: values.id });
    } catch (e) {
      return apiFormFailure(e, { form: 'supprimer', values, fields: [], returnTo: pageOf(values.authorityId) });
    }
    flash(cookies, url, 'modele-supprime');
    redirect(303, pageOf(values.authorityId));
  },
};

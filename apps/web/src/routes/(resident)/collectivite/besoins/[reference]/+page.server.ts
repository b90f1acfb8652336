import { error, redirect } from '@sveltejs/kit';
import { normalizeReference, requiredFields, type WorkflowField } from '@pit/domain';
import type { Actions, PageServerLoad } from './$types';
import { apiFailure } from '$lib/server/failures';
import { flash } from '$lib/server/flash';
import { apiFormFailure, field, invalid } from '$lib/server/forms';
import { isAdmin, requireResident } from '$lib/server/guards';
import { toApiStatus, toDomainStatus } from '$lib/status';
import { TriageAddNote, TriageAssign, TriageChangeStatus, TriagePage, TriageRequalify, TriageTransfer, type ChangeNeedStatusInputData } from '$lib/server/ops-triage';

// The triage page of a need, for the agents of its authority (and admins): everything about it and
// the staff forms (status with a public answer, requalify, transfer, assign, internal note). Under
// (resident) because (staff) is for admins only; the API checks need.triage on every call.

const MISSING: Record<WorkflowField, string> = {
  reason: 'Indiquez le motif : il sera affiché publiquement.',
  duplicateOf: 'Indiquez la référence du besoin conservé (B-XXXXXX).',
  outsideBody: 'Indiquez à qui s’adresser : une collectivité ou un organisme.',
};

function referenceOf(params: { reference: string }): string {
  const reference = normalizeReference(params.reference);
  if (!reference) error(404, `Aucun besoin ne porte la référence « ${params.reference} ».`);
  return reference;
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const me = requireResident(locals, url);
  if (!isAdmin(me) && !me.roles.some((grant) => grant.role === 'AGENT')) error(403, 'Cette page est réservée aux agents des collectivités.');
  const reference = referenceOf(params);
  if (reference !== params.reference) redirect(301, `/collectivite/besoins/${reference}${url.search}`);
  const { triageNeed, themes, authorities } = await locals.api(TriagePage, { reference }).catch(apiFailure);
  if (!triageNeed) error(404, `Aucun besoin ne porte la référence ${reference}.`);
  // Template picker without JavaScript: ?modele=<id> pre-fills the answer (and the status it goes with).
  const template = triageNeed.answerTemplates.find((candidate) => candidate.id === url.searchParams.get('modele')) ?? null;
  const wanted = template?.status || url.searchParams.get('statut')?.toUpperCase() || '';
  const chosenStatus = triageNeed.allowedStatuses.some((choice) => choice.status === wanted) ? wanted : '';
  // Requalifying and transferring stay with the authority in charge (an agent of a co-assigned one may not).
  const inCharge = isAdmin(me) || me.roles.some((grant) => grant.role === 'AGENT' && grant.authority?.id === triageNeed.authorityId);
  return { triage: triageNeed, themes, authorities, template, chosenStatus, inCharge };
};

const back = (reference: string) => `/collectivite/besoins/${reference}`;

export const actions: Actions = {
  statut: async ({ request, locals, cookies, url, params }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const values = {
      status: field(data, 'status', { max: 40 }),
      answer: field(data, 'answer', { max: 6000 }),
      reason: field(data, 'reason', { max: 3000 }),
      duplicateOf: field(data, 'duplicateOf', { max: 40 }),
      outsideBody: field(data, 'outsideBody', { max: 400 }),
    };
    const domain = toDomainStatus(values.status);
    if (!domain) return invalid('statut', values, { status: 'Choisissez le nouveau statut.' });
    // Every field is on the page without JavaScript: only those the chosen status requires (@pit/domain) are sent.
    const input: ChangeNeedStatusInputData = { status: toApiStatus(domain), answer: values.answer || null };
    const errors: Record<string, string> = {};
    for (const required of requiredFields(domain)) {
      input[required] = values[required] || null;
      if (!values[required]) errors[required] = MISSING[required];
    }
    if (Object.keys(errors).length) return invalid('statut', values, errors);
    try {
      await locals.api(TriageChangeStatus, { reference, input });
    } catch (e) {
      return apiFormFailure(e, { form: 'statut', values, fields: ['status', 'answer', 'reason', 'duplicateOf', 'outsideBody'], returnTo: back(reference) });
    }
    flash(cookies, url, 'statut-change');
    redirect(303, back(reference));
  },

  requalifier: async ({ request, locals, cookies, url, params }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const values = { categoryKey: field(data, 'categoryKey', { max: 100 }), requalifyReason: field(data, 'requalifyReason', { max: 3000 }) };
    const errors: Record<string, string> = {};
    if (!values.categoryKey) errors.categoryKey = 'Choisissez la nouvelle catégorie.';
    if (!values.requalifyReason) errors.requalifyReason = 'Indiquez le motif : il sera affiché publiquement.';
    if (Object.keys(errors).length) return invalid('requalifier', values, errors);
    let moved;
    try {
      moved = await locals.api(TriageRequalify, { reference, input: { categoryKey: values.categoryKey, reason: values.requalifyReason } });
    } catch (e) {
      return apiFormFailure(e, { form: 'requalifier', values, fields: ['categoryKey', 'requalifyReason'], aliases: { reason: 'requalifyReason' }, returnTo: back(reference) });
    }
    flash(cookies, url, 'besoin-requalifie');
    redirect(303, afterMove(locals, reference, moved.requalifyNeed.routing?.authority.id ?? null));
  },

  transferer: async ({ request, locals, cookies, url, params }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const values = { authorityId: field(data, 'authorityId', { max: 100 }), transferReason: field(data, 'transferReason', { max: 3000 }) };
    const errors: Record<string, string> = {};
    if (!values.authorityId) errors.authorityId = 'Choisissez la collectivité ou l’organisme.';
    if (!values.transferReason) errors.transferReason = 'Indiquez le motif : il sera affiché publiquement.';
    if (Object.keys(errors).length) return invalid('transferer', values, errors);
    let moved;
    try {
      moved = await locals.api(TriageTransfer, { reference, input: { authorityId: values.authorityId, reason: values.transferReason } });
    } catch (e) {
      return apiFormFailure(e, { form: 'transferer', values, fields: ['authorityId', 'transferReason'], aliases: { reason: 'transferReason' }, returnTo: back(reference) });
    }
    flash(cookies, url, 'besoin-transfere');
    redirect(303, afterMove(locals, reference, moved.transferNeed.routing?.authority.id ?? null));
  },

  attribuer: async ({ request, locals, cookies, url, params }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const values = { assigneeId: field(data, 'assigneeId', { max: 100 }) };
    try {
      await locals.api(TriageAssign, { reference, assigneeId: values.assigneeId || null });
    } catch (e) {
      return apiFormFailure(e, { form: 'attribuer', values, fields: ['assigneeId'], returnTo: back(reference) });
    }
    flash(cookies, url, 'besoin-attribue');
    redirect(303, back(reference));
  },

  note: async ({ request, locals, cookies, url, params }) => {
    const reference = referenceOf(params);
    const data = await request.formData();
    const values = { noteBody: field(data, 'noteBody', { max: 3000 }) };
    if (!values.noteBody) return invalid('note', values, { noteBody: 'Écrivez la note.' });
    try {
      await locals.api(TriageAddNote, { reference, body: values.noteBody });
    } catch (e) {
      return apiFormFailure(e, { form: 'note', values, fields: ['noteBody'], aliases: { body: 'noteBody' }, returnTo: back(reference) });
    }
    flash(cookies, url, 'note-interne-ajoutee');
    redirect(303, back(reference));
  },
};

/** After a requalification or a transfer: the triage page while the actor may still triage the need, else its public page (which shows the move). */
function afterMove(locals: App.Locals, reference: string, authorityId: string | null): string {
  const me = locals.me;
  const stays = isAdmin(me) || Boolean(me?.roles.some((grant) => grant.role === 'AGENT' && grant.authority?.id === authorityId));
  return stays ? back(reference) : `/besoins/${reference}`;
}
